import { useMemo } from 'react';
import { api } from '../../api/client';
import { crmClient, type CrmTag } from '../../api/crm-types';
import type { MemberTier, OrgUnit } from '../../api/types';
import { useApiData } from '../../components/use-api-data';
import { useMemberTiers, useOrgUnits } from '../../components/reference-data';
import { useGroupOptions } from '../community/community-data';

/** The CRM endpoints on the console's session (see web/shared/crm-types.ts). */
export const crm = crmClient(api);

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
