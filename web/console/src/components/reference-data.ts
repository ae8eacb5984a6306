import { api, type Page } from '../api/client';
import type { MemberTier, OrgUnit, Warehouse } from '../api/types';
import { useApiData } from './use-api-data';

/** Org units of the tenant (the API returns the whole tree as one flat list). */
export function useOrgUnits() {
  return useApiData(async () => (await api.get<{ items: OrgUnit[] }>('/org-units')).items, 'org-units');
}

/** Member tiers, lowest rank first: one price column per tier in the SKU table. */
export function useMemberTiers() {
  return useApiData(async () => {
    const { items } = await api.get<{ items: MemberTier[] }>('/member-tiers');
    return [...items].sort((a, b) => a.rank - b.rank);
  }, 'member-tiers');
}

/** All warehouses, following cursors if the list is paginated. */
export async function fetchAllWarehouses(): Promise<Warehouse[]> {
  const all: Warehouse[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Page<Warehouse> = await api.get<Page<Warehouse>>('/warehouses', { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? null;
    if (!cursor) break;
  }
  return all;
}

export function useWarehouses() {
  return useApiData(fetchAllWarehouses, 'warehouses');
}
