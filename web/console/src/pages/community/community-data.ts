import { api, type Page } from '../../api/client';
import type { Group, Leader } from '../../api/community-types';
import type { User } from '../../api/types';
import { useApiData } from '../../components/use-api-data';
import { useSession } from '../../session';

export interface PersonOption {
  value: string;
  label: string;
  /** A second line: the email of a staff account, the org unit of a leader profile. */
  hint: string;
}

/** Approved leaders with a console account, as options keyed by their user id (what groups and pickup points take). */
export async function fetchApprovedLeaders(): Promise<PersonOption[]> {
  const page = await api.get<Page<Leader>>('/leaders', { status: 'approved', limit: 200 });
  return page.items.filter((l) => l.userId).map((l) => ({ value: l.userId!, label: l.realName, hint: l.orgUnitName || l.email }));
}

/**
 * The leaders a group can be given. Owners read the staff list (every active user with the leader
 * role); operators may not list users, so they choose among the approved leaders of their scope.
 * `unavailable` is true when neither list could be read: the group can still be saved without leaders.
 */
export function useGroupLeaderOptions(enabled: boolean) {
  const { can } = useSession();
  const owner = can('users.manage');
  const data = useApiData(async () => {
    if (!enabled) return [] as PersonOption[];
    if (owner) {
      const page = await api.get<Page<User>>('/users', { role: 'leader', limit: 200 });
      return page.items.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name, hint: u.email }));
    }
    return fetchApprovedLeaders();
  }, `group-leaders:${enabled}:${owner}`);
  return { options: data.data ?? [], loading: data.loading && enabled, unavailable: Boolean(data.error) };
}

/** Approved leaders for choosing who runs a pickup point (owners and operators). */
export function useApprovedLeaders(enabled: boolean) {
  const data = useApiData(async () => (enabled ? fetchApprovedLeaders() : []), `approved-leaders:${enabled}`);
  return { options: data.data ?? [], loading: data.loading && enabled, error: data.error };
}

/** The groups the signed-in staff member sees, for filters and the rule form's group choice. */
export function useGroupOptions(enabled = true) {
  const data = useApiData(
    async () => (enabled ? (await api.get<Page<Group>>('/groups', { limit: 200 })).items.map((g) => ({ value: g.id, label: g.name })) : []),
    `group-options:${enabled}`,
  );
  return { options: data.data ?? [], loading: data.loading && enabled };
}

/** Adds options for ids already chosen but missing from the list (e.g. a leader outside an operator's scope). */
export function withKnown(options: PersonOption[], known: Array<{ id: string; name: string }>): PersonOption[] {
  const have = new Set(options.map((o) => o.value));
  return [...options, ...known.filter((k) => !have.has(k.id)).map((k) => ({ value: k.id, label: k.name, hint: '' }))];
}

