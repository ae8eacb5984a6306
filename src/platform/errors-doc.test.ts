import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../modules/identity';
import '../modules/catalog';
import '../modules/inventory';
import '../modules/campaigns';
import '../modules/orders';
import '../modules/payments';
import '../modules/distribution';
import '../modules/community';
import '../modules/fulfilment';
import '../modules/crm';
import { listErrorCodes } from './errors';

describe('docs/errors.md', () => {
  it('lists every registered error code with its status', () => {
    const doc = fs.readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    const missing = listErrorCodes().filter(({ code, status }) => !doc.includes(`| \`${code}\` | ${status} |`));
    expect(missing).toEqual([]);
  });
});
