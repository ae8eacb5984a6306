// Every module's tables, gathered for drizzle-kit and the database client. Modules never import
// each other's tables: this file exists for tooling, not for application code.
export * from '../platform/platform.schema';
export * from '../modules/identity/identity.schema';
export * from '../modules/catalog/catalog.schema';
export * from '../modules/inventory/inventory.schema';
export * from '../modules/campaigns/campaigns.schema';
export * from '../modules/orders/orders.schema';
export * from '../modules/payments/payments.schema';
export * from '../modules/distribution/distribution.schema';
export * from '../modules/community/community.schema';
export * from '../modules/fulfilment/fulfilment.schema';
export * from '../modules/crm/crm.schema';
