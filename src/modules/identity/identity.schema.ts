import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Tenants are the one reference table: looked up by slug at login, replicated to every node when
 * distributed. Its key is still named tenant_id, like every other table's leading key.
 */
export const tenants = pgTable(
  'tenants',
  {
    tenantId: text().primaryKey(),
    slug: text().notNull(),
    name: text().notNull(),
    currency: text().notNull().default('CNY'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('tenants_slug_key').on(t.slug)],
);

export const ORG_UNIT_KINDS = ['brand', 'region', 'dealer', 'store'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Org units form a tree (brand → region/dealer → store); `path` lists ancestor ids for subtree scope. */
export const orgUnits = pgTable(
  'org_units',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    parentId: text(),
    kind: text().$type<OrgUnitKind>().notNull(),
    name: text().notNull(),
    path: text().array().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id] }),
    unique('org_units_sibling_name_key').on(t.tenantId, t.parentId, t.name).nullsNotDistinct(),
    check('org_units_kind_check', sql`${t.kind} in ('brand','region','dealer','store')`),
  ],
);

export const STAFF_ROLES = ['owner', 'operator', 'leader', 'distributor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const users = pgTable(
  'users',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    email: text().notNull(),
    name: text().notNull(),
    role: text().$type<StaffRole>().notNull(),
    passwordHash: text().notNull(),
    status: text().$type<'active' | 'disabled'>().notNull().default('active'),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique('users_email_key').on(t.tenantId, t.email),
    check('users_role_check', sql`${t.role} in ('owner','operator','leader','distributor')`),
  ],
);

/** The org units a staff user is scoped to (their whole subtrees). */
export const userOrgUnits = pgTable(
  'user_org_units',
  {
    tenantId: text().notNull(),
    userId: text().notNull(),
    orgUnitId: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.orgUnitId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.orgUnitId], foreignColumns: [orgUnits.tenantId, orgUnits.id] }),
  ],
);

/** Customers. One per phone per tenant; the CRM issue grows this into a full profile. */
export const members = pgTable(
  'members',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    phone: text().notNull(),
    name: text().notNull().default(''),
    tierId: text(),
    /** The member lets leaders see their name (the CRM's share_contact consent, mirrored here). Phones stay masked for leaders. */
    contactShared: boolean().notNull().default(false),
    source: text().notNull().default('self_signup'),
    /** The code a member's share links carry (referral attribution). */
    referralCode: text(),
    status: text().$type<'active' | 'blocked'>().notNull().default('active'),
    lastLoginAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique('members_phone_key').on(t.tenantId, t.phone), unique('members_referral_code_key').on(t.tenantId, t.referralCode)],
);

/** Sessions of people (staff and members); the cookie carries tenant, id and a secret whose hash is kept. */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    secretHash: text().notNull(),
    actorType: text().$type<'user' | 'member'>().notNull(),
    actorId: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('sessions_actor_idx').on(t.tenantId, t.actorType, t.actorId)],
);

export const TOKEN_ROLES = ['owner', 'operator'] as const;

/** Bearer tokens for integrations; created and revoked by owners, shown once. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    name: text().notNull(),
    role: text().$type<(typeof TOKEN_ROLES)[number]>().notNull(),
    secretHash: text().notNull(),
    prefix: text().notNull(),
    createdBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: text(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** One-time codes for member phone login. Only a hash of the code is kept. */
export const memberOtps = pgTable(
  'member_otps',
  {
    tenantId: text().notNull(),
    id: text().notNull(),
    phone: text().notNull(),
    codeHash: text().notNull(),
    attempts: integer().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('member_otps_phone_idx').on(t.tenantId, t.phone, t.createdAt)],
);
