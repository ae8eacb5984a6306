// The catalog module's public surface: products, SKUs, tier prices, member tiers.
export { registerCatalogRoutes } from './catalog.routes';
export { createProduct, updateProduct, getProduct, listProducts } from './services/products';
export { createSku, updateSku } from './services/skus';
export { createMemberTier, listMemberTiers, tierNamesOf, type TierDto } from './services/tiers';
export { tierPricesOf, tierPriceKey, memberUnitPrice } from './services/tier-prices';
export { getSkuSummaries, searchSkuIds, productTitles, type SkuSummary } from './services/sku-lookup';
export type { ProductDto, SkuDto } from './services/product-dto';
export { CatalogErrors } from './catalog.errors';
