import crypto from 'node:crypto';
import { systemCtx, type BaseCtx, type Ctx, type StaffRole } from '../../src/platform/context';
import { createOrgUnit, createTenant, createUser } from '../../src/modules/identity';

export const TEST_PASSWORD = 'correct-horse-9';

/** A unique slug, so tests on a shared server database never collide. */
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}`;
}

export interface TestTenant {
  tenantId: string;
  slug: string;
  brandId: string;
  ownerId: string;
  ownerEmail: string;
  /** Acts as the system (seeding); services' role checks let it through. */
  sys: Ctx;
  /** Acts as the tenant's owner. */
  owner: Ctx;
}

/** A fresh tenant with a brand and an owner whose password is TEST_PASSWORD. */
export async function createTestTenant(base: BaseCtx, opts: { slug?: string; name?: string } = {}): Promise<TestTenant> {
  const slug = opts.slug ?? uniqueSlug();
  const ownerEmail = `owner@${slug}.test`;
  const { tenantId, brandId, ownerId } = await createTenant(base, { slug, name: opts.name ?? `Tenant ${slug}`, owner: { email: ownerEmail, name: 'Owner', password: TEST_PASSWORD } });
  const sys = systemCtx(base, tenantId, 'test');
  const owner: Ctx = { ...base, tenantId, actor: { type: 'user', id: ownerId, name: 'Owner', role: 'owner', scope: { all: true } } };
  return { tenantId, slug, brandId, ownerId, ownerEmail, sys, owner };
}

/** A staff user of a role in the tenant, scoped to `orgUnitIds` (defaults to a new store). */
export async function createTestUser(t: TestTenant, role: StaffRole, orgUnitIds?: string[]): Promise<{ id: string; email: string; ctx: Ctx }> {
  let units = orgUnitIds;
  if (!units && role !== 'owner') {
    const store = await createOrgUnit(t.sys, { parentId: t.brandId, kind: 'store', name: `Store ${crypto.randomBytes(3).toString('hex')}` });
    units = [store.id];
  }
  const email = `${role}-${crypto.randomBytes(3).toString('hex')}@${t.slug}.test`;
  const user = await createUser(t.sys, { email, name: `${role} user`, role, password: TEST_PASSWORD, orgUnitIds: units ?? [] });
  const ctx: Ctx = {
    ...t.sys,
    actor: { type: 'user', id: user.id, name: user.name, role, scope: role === 'owner' ? { all: true } : { all: false, orgUnitIds: units ?? [] } },
  };
  return { id: user.id, email, ctx };
}
