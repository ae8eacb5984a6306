import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootTuan, runCli } from '../helpers/spawn';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tuan-boot-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('npm start on the embedded database', () => {
  it('creates the data directory, seeds the demo, prints the URLs and logins, and serves the API', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const tuan = await bootTuan({ TUAN_DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      const out = tuan.output();
      expect(out).toContain('/console/');
      expect(out).toContain('/m/demo/');
      expect(out).toContain('/docs');
      expect(out).toContain('owner@demo.tuan');
      expect(out).toContain('demo12345');
      expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(true);
      const login = await fetch(`${tuan.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', email: 'owner@demo.tuan', password: 'demo12345' }),
      });
      expect(login.status).toBe(200);
      const page = await fetch(`${tuan.url}/console/products`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await tuan.stop();
    }
    // The data survives a restart, and the demo is not seeded twice.
    const again = await bootTuan({ TUAN_DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      const login = await fetch(`${again.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'demo', email: 'owner@demo.tuan', password: 'demo12345' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const products = await (await fetch(`${again.url}/api/v1/products?limit=50`, { headers: { cookie } })).json();
      expect(products.items).toHaveLength(6);
    } finally {
      await again.stop();
    }
  }, 120_000);
});

describe('operations CLI', () => {
  it('creates a tenant with a generated owner password shown once, and refuses a taken slug', async () => {
    const dataDir = tempDir();
    const r = await runCli(['create-tenant', '--slug', 'acme', '--name', 'Acme 果业', '--owner-email', 'boss@acme.test', '--generate-password'], { TUAN_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(r.code).toBe(0);
    const password = /Generated password[^:]*: (\S+)/.exec(r.out)?.[1];
    expect(password).toBeTruthy();
    const dup = await runCli(['create-tenant', '--slug', 'acme', '--name', 'Again', '--owner-email', 'x@acme.test', '--password', 'long-enough-1'], { TUAN_DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(dup.code).toBe(1);
    expect(dup.out).toContain('identity.tenant_slug_taken');
    const tuan = await bootTuan({ TUAN_DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      const login = await fetch(`${tuan.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant: 'acme', email: 'boss@acme.test', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      await tuan.stop();
    }
  }, 120_000);

  it('explains bad arguments', async () => {
    const r = await runCli(['create-tenant', '--slug', 'Bad Slug', '--name', 'x', '--owner-email', 'nope'], { TUAN_DATA_DIR: tempDir(), DATABASE_URL: '' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('--slug');
    expect(r.out).toContain('--owner-email');
  });
});
