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
  | 'audit.read'
  | 'campaigns.read'
  | 'campaigns.write'
  | 'orders.read'
  | 'orders.fulfil'
  | 'orders.refund'
  /** Distributors, balances, statements, the ledger, payouts and reports; policies and settings read-only. */
  | 'distribution.read'
  /** Approve, reject, suspend, reinstate and invite distributors. */
  | 'distribution.decide'
  /** Commission policies, distribution settings and payouts. */
  | 'distribution.manage'
  /** A leader's own commission and share links. */
  | 'distribution.mine'
  /** Groups (leaders: the ones they run), rosters, invites, their moderation; pickup points (leaders: their own). */
  | 'community.read'
  /** Create and edit groups, tenant-wide keyword rules, the moderation log across groups. */
  | 'community.manage'
  /** Approve, reject, suspend and reinstate leaders. */
  | 'leaders.decide'
  /** Import members from CSV or XLSX files, optionally into a group. */
  | 'members.import'
  /** 突发预案: see the playbooks, run one on a group (leaders: their groups), see runs and undo them. */
  | 'playbooks.read'
  /** Write playbooks. */
  | 'playbooks.manage'
  /** The chat platform integration: its signing secret and the webhook. */
  | 'chat.manage'
  /** Publish campaigns to groups (leaders: the groups they run) and read their share cards. */
  | 'campaigns.publishToGroups'
  /** Picking lists (leaders: their points'), confirming arrival, uncollected orders. */
  | 'fulfilment.read'
  /** Dispatch picking lists from the warehouse. */
  | 'fulfilment.dispatch'
  /** Verify pickup codes (leaders at their points; staff choose the point). */
  | 'fulfilment.verify'
  /** Ship delivery orders and move their parcels on. */
  | 'orders.ship'
  /** 客户运营: profiles, timelines, tags, segments, lifecycle and merging profiles (operators: their org units). */
  | 'crm.read'
  /** The lifecycle thresholds. */
  | 'crm.settings';

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
    'campaigns.read',
    'campaigns.write',
    'orders.read',
    'orders.fulfil',
    'orders.refund',
    'distribution.read',
    'distribution.decide',
    'distribution.manage',
    'community.read',
    'community.manage',
    'leaders.decide',
    'members.import',
    'campaigns.publishToGroups',
    'playbooks.read',
    'playbooks.manage',
    'chat.manage',
    'fulfilment.read',
    'fulfilment.dispatch',
    'fulfilment.verify',
    'orders.ship',
    'crm.read',
    'crm.settings',
  ],
  operator: [
    'products.read',
    'inventory.read',
    'orgUnits.read',
    'campaigns.read',
    'campaigns.write',
    'orders.read',
    'orders.fulfil',
    'orders.refund',
    'distribution.read',
    'distribution.decide',
    'community.read',
    'community.manage',
    'leaders.decide',
    'members.import',
    'campaigns.publishToGroups',
    'playbooks.read',
    'playbooks.manage',
    'fulfilment.read',
    'fulfilment.dispatch',
    'fulfilment.verify',
    'orders.ship',
    'crm.read',
  ],
  // Leaders keep their own member pages; the CRM stays with the brand.
  // Leaders run their own group-buys and fulfil their orders; refunds stay with the brand.
  // Leaders see their own commission only; the ledger and other people's balances stay with the brand.
  // Leaders run the groups they lead (roster, invites, moderation) and their own pickup points.
  // Leaders publish campaigns to their groups, confirm arrivals at their points and verify pickup
  // codes there; dispatch, shipping and member imports stay with the brand.
  // Leaders run the brand's playbooks on their groups (and undo those runs); writing playbooks and
  // the chat integration stay with the brand.
  leader: [
    'products.read',
    'campaigns.read',
    'campaigns.write',
    'orders.read',
    'orders.fulfil',
    'distribution.mine',
    'community.read',
    'campaigns.publishToGroups',
    'playbooks.read',
    'fulfilment.read',
    'fulfilment.verify',
  ],
  distributor: [],
  member: [],
};

/** True when `role` may use `capability`. */
export function can(role: Role | undefined, capability: Capability): boolean {
  return role ? GRANTS[role].includes(capability) : false;
}
