import type { MemberTier, Product, ProductInput, ProductStatus, Sku, SkuInput, TierPrice } from '../../api/types';
import { fenToYuan, yuanToFen } from '../../../../shared/money';

/** One attribute of a SKU as the form edits it; the API wants a `Record<string, string>`. */
export interface SpecPair {
  key: string;
  value: string;
}

/** A SKU row in the form. Prices are yuan text so "19.9" stays what the person typed. */
export interface SkuRow {
  id?: string;
  code: string;
  specs: SpecPair[];
  basePrice: string;
  /** tierId → yuan text; empty means "no tier price" (the base price applies). */
  tierPrices: Record<string, string>;
  status: 'active' | 'inactive';
}

export interface ProductFormValues {
  title: string;
  description: string;
  category: string;
  images: string[];
  status: ProductStatus;
  inSelectionLibrary: boolean;
  skus: SkuRow[];
}

export function emptySkuRow(): SkuRow {
  return { code: '', specs: [{ key: '', value: '' }], basePrice: '', tierPrices: {}, status: 'active' };
}

export function emptyProduct(): ProductFormValues {
  return {
    title: '',
    description: '',
    category: '',
    images: [],
    status: 'draft',
    inSelectionLibrary: false,
    skus: [emptySkuRow()],
  };
}

export function skuToRow(sku: Sku): SkuRow {
  const specs = Object.entries(sku.specs ?? {}).map(([key, value]) => ({ key, value }));
  return {
    id: sku.id,
    code: sku.code,
    specs: specs.length ? specs : [],
    basePrice: fenToYuan(sku.basePriceFen),
    tierPrices: Object.fromEntries((sku.tierPrices ?? []).map((tp) => [tp.tierId, fenToYuan(tp.priceFen)])),
    status: sku.status,
  };
}

export function productToForm(product: Product): ProductFormValues {
  return {
    title: product.title,
    description: product.description ?? '',
    category: product.category ?? '',
    images: product.images ?? [],
    status: product.status,
    inSelectionLibrary: product.inSelectionLibrary,
    skus: product.skus.map(skuToRow),
  };
}

export function productInput(values: ProductFormValues): ProductInput {
  return {
    title: values.title.trim(),
    description: values.description?.trim() ?? '',
    category: values.category?.trim() ?? '',
    images: (values.images ?? []).map((u) => u.trim()).filter(Boolean),
    status: values.status,
    inSelectionLibrary: Boolean(values.inSelectionLibrary),
  };
}

/**
 * The API body for one SKU row, with tier prices in the order of `tiers` so a server error at
 * `tierPrices.N` can be traced back to its tier column.
 */
export function skuInput(row: SkuRow, tiers: readonly MemberTier[]): SkuInput & { tierPrices: TierPrice[] } {
  const specs: Record<string, string> = {};
  for (const pair of row.specs ?? []) {
    const key = pair.key?.trim();
    if (key) specs[key] = pair.value?.trim() ?? '';
  }
  const tierPrices: TierPrice[] = [];
  for (const tier of tiers) {
    const text = row.tierPrices?.[tier.id]?.trim();
    if (!text) continue;
    const fen = yuanToFen(text);
    if (fen !== null) tierPrices.push({ tierId: tier.id, priceFen: fen });
  }
  return { code: row.code.trim(), specs, basePriceFen: yuanToFen(row.basePrice ?? '') ?? 0, tierPrices };
}

/** True when an existing SKU row differs from what the server last returned. */
export function skuRowChanged(row: SkuRow, original: SkuRow, tiers: readonly MemberTier[]): boolean {
  return (
    row.status !== original.status ||
    JSON.stringify(skuInput(row, tiers)) !== JSON.stringify(skuInput(original, tiers))
  );
}

type Path = (string | number)[];

/**
 * Maps an API error path inside one SKU body ("code", "specs.颜色", "tierPrices.1.priceFen") onto the
 * form's fields for the row at `rowIndex`.
 */
export function skuErrorPath(rest: Path, rowIndex: number, sent: { tierPrices: TierPrice[] }): Path {
  const [field, index] = rest;
  switch (field) {
    case 'code':
      return ['skus', rowIndex, 'code'];
    case 'specs':
      return ['skus', rowIndex, 'specs'];
    case 'basePriceFen':
      return ['skus', rowIndex, 'basePrice'];
    case 'status':
      return ['skus', rowIndex, 'status'];
    case 'tierPrices': {
      const tierId = typeof index === 'number' ? sent.tierPrices[index]?.tierId : undefined;
      return tierId ? ['skus', rowIndex, 'tierPrices', tierId] : ['skus', rowIndex, 'basePrice'];
    }
    default:
      return ['skus', rowIndex, 'code'];
  }
}

const PRODUCT_FIELDS = ['title', 'description', 'category', 'images', 'status', 'inSelectionLibrary'];

/** Maps an API error path of the product body onto the form; null when the form has no such field. */
export function productErrorPath(path: Path): Path | null {
  const [field] = path;
  if (typeof field === 'string' && PRODUCT_FIELDS.includes(field)) return [field];
  return null;
}
