import { useMemo } from 'react';
import { api } from '../../api/client';
import { crmClient, type CrmTag, type TagGroup } from '../../api/crm-types';
import type { MemberTier, OrgUnit } from '../../api/types';
import { useApiData } from '../../components/use-api-data';
import { useMemberTiers, useOrgUnits } from '../../components/reference-data';
import { useGroupOptions } from '../community/community-data';

/** The CRM endpoints on the console's session (see web/shared/crm-types.ts). */
export const crm = crmClient(api);

/** Renaming and deleting a tag group (deleting keeps its tags, ungrouped). */
export const tagGroups = {
  rename: (id: string, name: string) => api.patch<TagGroup>(`/crm/tag-groups/${encodeURIComponent(id)}`, { name }),
  remove: (id: string) => api.delete<{ ungroupedTags: number }>(`/crm/tag-groups/${encodeURIComponent(id)}`),
};

/** Defines a member tier (owners only); a taken name or rank is 409 on `name`. */
export function createMemberTier(body: { name: string; rank: number }): Promise<MemberTier> {
  return api.post<MemberTier>('/member-tiers', body);
}

/** Tag groups and tags with their counts; `version` reloads them after an edit. */
export function useCrmTags(version = 0) {
  return useApiData(() => crm.tags(), `crm-tags:${version}`);
}

export function useSegments(version = 0) {
  return useApiData(async () => (await crm.segments()).items, `crm-segments:${version}`);
}

/** Lookups for showing profiles: tag id → tag, tier id → tier. */
export interface ProfileLookups {
  tags: Map<string, CrmTag>;
  tiers: Map<string, MemberTier>;
  tagsLoading: boolean;
}

export function useProfileLookups(version = 0): ProfileLookups {
  const tags = useCrmTags(version);
  const tiers = useMemberTiers();
  return useMemo(
    () => ({ tags: new Map((tags.data?.items ?? []).map((t) => [t.id, t])), tiers: new Map((tiers.data ?? []).map((t) => [t.id, t])), tagsLoading: tags.loading }),
    [tags.data, tags.loading, tiers.data],
  );
}

/** What the rule builder offers in its selects: tags, groups, org units, tiers. */
export interface RuleOptions {
  tags: CrmTag[];
  groups: Array<{ value: string; label: string }>;
  orgUnits: OrgUnit[];
  tiers: MemberTier[];
  loading: boolean;
}

export function useRuleOptions(tagsVersion = 0): RuleOptions {
  const tags = useCrmTags(tagsVersion);
  const groups = useGroupOptions();
  const units = useOrgUnits();
  const tiers = useMemberTiers();
  return useMemo(
    () => ({
      tags: tags.data?.items ?? [],
      groups: groups.options,
      orgUnits: units.data ?? [],
      tiers: tiers.data ?? [],
      loading: tags.loading || groups.loading || units.loading || tiers.loading,
    }),
    [tags.data, tags.loading, groups.options, groups.loading, units.data, units.loading, tiers.data, tiers.loading],
  );
}
