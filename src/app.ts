import type { Config } from './platform/config';
import type { Database } from './platform/db';
import { buildApp, type App } from './platform/http';
import { sandboxSmsProvider, type SmsProvider } from './platform/sms';
import { authenticate, findTenantBySlug, registerIdentityRoutes } from './modules/identity';
import { registerCatalogRoutes } from './modules/catalog';
import { registerInventoryRoutes } from './modules/inventory';
import { registerCampaignRoutes } from './modules/campaigns/campaigns.routes';
import { registerOrderRoutes } from './modules/orders/orders.routes';
import { registerPaymentRoutes } from './modules/payments/payments.routes';
import { registerDistributionRoutes } from './modules/distribution';
import { registerCommunityRoutes } from './modules/community';
import { registerFulfilmentRoutes } from './modules/fulfilment/fulfilment.routes';
import { registerCrmRoutes } from './modules/crm/crm.routes';

export interface TuanOptions {
  config: Config;
  database: Database;
  logger?: boolean | object;
  sms?: SmsProvider;
  webDir?: string;
}

/** The whole HTTP surface of Tuan: every module's routes on one Fastify app. */
export async function buildTuan(opts: TuanOptions): Promise<App> {
  const sms = opts.sms ?? sandboxSmsProvider;
  return buildApp({
    config: opts.config,
    database: opts.database,
    logger: opts.logger,
    webDir: opts.webDir,
    authenticate,
    resolveTenant: findTenantBySlug,
    routes: (api) => {
      registerIdentityRoutes(api, { sms, loginRatePerMinute: opts.config.loginRatePerMinute });
      registerCatalogRoutes(api);
      registerInventoryRoutes(api);
      registerCampaignRoutes(api);
      registerOrderRoutes(api);
      registerPaymentRoutes(api);
      registerDistributionRoutes(api);
      registerCommunityRoutes(api);
      registerFulfilmentRoutes(api);
      registerCrmRoutes(api);
    },
  });
}
