import type { Role } from './api/types';

/** What a console page needs. The server enforces the same rules; this only shapes the menu. */
export type Capability =
  | 'products.read'
  | 'products.write'
  | 'inventory.read'
  | 'inventory.write'
  | 'orgUnits.read'
  | 'orgUnits.write'
  | 'users.manage'
  | 'apiTokens.manage'
  | 'sandbox.read'
  | 'audit.read';

const GRANTS: Record<Role, readonly Capability[]> = {
  owner: [
    'products.read',
    'products.write',
    'inventory.read',
    'inventory.write',
    'orgUnits.read',
    'orgUnits.write',
    'users.manage',
    'apiTokens.manage',
    'sandbox.read',
    'audit.read',
  ],
  operator: ['products.read', 'inventory.read', 'orgUnits.read'],
  leader: ['products.read'],
  distributor: [],
  member: [],
};

/** True when `role` may use `capability`. */
export function can(role: Role | undefined, capability: Capability): boolean {
  return role ? GRANTS[role].includes(capability) : false;
}
