import crypto from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * Prefixes for every entity id. An id explains itself in a log line: `prd_01JD…` is a product.
 * Ids are ULIDs, so they sort by creation time and serve as a stable keyset cursor.
 */
export const ID_PREFIXES = {
  tenant: 'ten',
  orgUnit: 'org',
  user: 'usr',
  member: 'mbr',
  session: 'ses',
  apiToken: 'tok',
  otp: 'otp',
  sms: 'sms',
  product: 'prd',
  sku: 'sku',
  tier: 'tir',
  warehouse: 'wh',
  stockAdjustment: 'adj',
  audit: 'aud',
  event: 'evt',
  campaign: 'cmp',
  campaignItem: 'cmi',
  order: 'ord',
  orderLine: 'orl',
  orderEvent: 'oev',
  payment: 'pay',
  refund: 'rfd',
  sandboxPayment: 'sbx',
  commissionPolicy: 'cpl',
  journalEntry: 'jnl',
  payoutBatch: 'pob',
  group: 'grp',
  groupInvite: 'gin',
  moderationRule: 'mdr',
  moderationEvent: 'mde',
  leaderProfile: 'ldr',
  pickupPoint: 'pkp',
  memberImport: 'imp',
  pickingList: 'pkl',
  shortage: 'sht',
  shipment: 'shp',
  notice: 'ntc',
  playbook: 'pbk',
  playbookRun: 'pbr',
  announcement: 'ann',
  crmEvent: 'cev',
  tag: 'tag',
  tagGroup: 'tgg',
  segment: 'seg',
  stageChange: 'stg',
  consent: 'cns',
  tierChange: 'tch',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/**
 * Random bytes from the system's generator, drawn 4 KB at a time: ulid's default asks the system for
 * one byte for each of an id's 16 random characters, and referral codes asked for 8 bytes each — a
 * visible cost when a checkout batch makes hundreds of ids, or an import 100,000 codes.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
export function randomByte(): number {
  if (poolAt >= pool.length) {
    crypto.randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

// Ids are not secrets (nothing authorises by knowing one); a byte over 256 is ulid's [0, 1).
const nextUlid = monotonicFactory(() => randomByte() / 256);

/** A new prefixed, time-sortable id, e.g. `newId('product')` → `prd_01JD3…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid()}`;
}

const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** True when `value` is an id of the given kind (right prefix, well-formed ULID). */
export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ULID_RE.test(value.slice(prefix.length));
}
