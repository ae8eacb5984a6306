import { buildTuan } from '../../src/app';
import { seedDemo } from '../../src/demo/seed';
import { baseCtx, testConfig, testDatabase } from './db';

/**
 * The full app (API + built web pages from dist/web) with the demo tenant, listening on a random
 * port, for browser tests.
 */
export async function startTestServer(): Promise<{ url: string; close(): Promise<void> }> {
  const database = await testDatabase();
  const config = testConfig({ loginRatePerMinute: 10_000 });
  await seedDemo(baseCtx(database, config));
  const app = await buildTuan({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
