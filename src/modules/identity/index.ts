// The identity module's public surface: tenants, org units, staff users, members, sessions, tokens.
import type { Authenticator } from '../../platform/http';
import { authenticateSession, authenticateToken } from './services/sessions';

export { registerIdentityRoutes } from './identity.routes';
export { createTenant, type CreateTenantInput } from './services/create-tenant';
export { createOrgUnit, listOrgUnits, missingOrgUnits, orgUnitNames, orgUnitsBasic, orgUnitSubtrees, type OrgUnitDto } from './services/org-units';
export { createUser, listUsers, type UserDto } from './services/users';
export { findTenantBySlug, getTenant, type TenantInfo } from './services/find-tenant';
export { createApiToken, revokeApiToken } from './services/api-tokens';
export { maskPhone, hashPassword } from './secrets';
export { PhoneSchema } from './identity.validators';
export { IdentityErrors } from './identity.errors';

/** Resolves a session cookie or a bearer token; a bearer token wins when both are sent. */
export const authenticate: Authenticator = async (ctx, { cookie, bearer }) => {
  if (bearer) return authenticateToken(ctx, bearer);
  if (cookie) return authenticateSession(ctx, cookie);
  return null;
};
export { getMembersBasic, maskedName, ensureMember, ensureMembersBulk, memberIdByPhone, memberIdsByPhone, membersByReferralCode, searchPartyIds, membersForCrm, memberIdsAfter, eraseMembers, setMemberTiers, setContactShared, type MemberBasic, type MemberForCrm } from './services/members';
export { getUsersBasic, provisionLeaderAccount, setUserStatus, userOrgUnitIds, type UserBasic } from './services/users';
export { newReferralCode } from './services/member-code';
