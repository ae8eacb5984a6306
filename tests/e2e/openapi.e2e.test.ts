import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

// Tests outside this repository drive the API by these names.
const REQUIRED = [
  'login', 'logout', 'getMe', 'requestMemberCode', 'verifyMemberCode', 'createUser', 'listUsers', 'createOrgUnit', 'listOrgUnits',
  'createProduct', 'updateProduct', 'getProduct', 'listProducts', 'createSku', 'updateSku', 'createWarehouse', 'listWarehouses',
  'adjustStock', 'listStockLevels', 'createApiToken', 'revokeApiToken',
  // Communities (built so far).
  'createGroup', 'updateGroup', 'getGroup', 'listGroups', 'createInvite', 'getInviteQr', 'joinGroup', 'listGroupMembers', 'removeGroupMember',
  'banGroupMember', 'unbanGroupMember', 'createModerationRule', 'checkMessage', 'listModerationEvents', 'applyLeader', 'approveLeader',
  'createPickupPoint', 'listPickupPoints', 'importMembers', 'getImportReport', 'generatePickingLists', 'exportPickingList', 'confirmArrival',
  'verifyPickup', 'createShipment', 'createPlaybook', 'runPlaybook', 'undoPlaybookRun', 'handleChatEvent',
];

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and has every required operationId, each once', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ids: string[] = [];
    for (const ops of Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)) {
      for (const op of Object.values(ops)) if (op.operationId) ids.push(op.operationId);
    }
    for (const id of REQUIRED) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/v1/products'].post.requestBody).toBeDefined();
  });

  it('serves interactive docs and a health check', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toMatchObject({ status: 'ok' });
  });
});
