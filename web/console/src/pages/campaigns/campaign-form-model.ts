import dayjs, { type Dayjs } from 'dayjs';
import type { Campaign, CampaignFulfilment, CampaignInput, CampaignItemInput, ThresholdKind } from '../../api/types';
import { fenToYuan, yuanToFen } from '../../../../shared/money';
import type { NamePath } from '../../components/form-errors';
import type { EditableField } from './campaign-model';
import type { PickedSku } from './sku-picker-modal';

/** One row of the items table. */
export interface ItemRow {
  /** The campaign item's id once saved (caps are changed by it). */
  itemId?: string;
  skuId: string;
  title: string;
  skuCode?: string;
  /** The SKU's base price, for reference; unknown when the product is not visible any more. */
  basePriceFen: number | null;
  /** Campaign price as typed, in yuan. */
  price: string;
  perMemberLimit: number | null;
  cap: number | null;
  reserved: number;
  sold: number;
}

export interface CampaignFormValues {
  title: string;
  description: string;
  coverImages: string[];
  startsAt: Dayjs | null;
  endsAt: Dayjs | null;
  thresholdKind: ThresholdKind;
  thresholdValue: number | null;
  fulfilment: CampaignFulfilment;
  warehouseId: string | undefined;
  orgUnitId: string | null;
  items: ItemRow[];
}

/** A new campaign: starts now, ends in three days at 20:00, pickup, no minimum. */
export function emptyCampaign(): CampaignFormValues {
  return {
    title: '',
    description: '',
    coverImages: [],
    startsAt: dayjs().second(0).millisecond(0),
    endsAt: dayjs().add(3, 'day').hour(20).minute(0).second(0).millisecond(0),
    thresholdKind: 'none',
    thresholdValue: null,
    fulfilment: 'pickup',
    warehouseId: undefined,
    orgUnitId: null,
    items: [],
  };
}

export function campaignToForm(c: Campaign, basePrices: Map<string, number>): CampaignFormValues {
  return {
    title: c.title,
    description: c.description,
    coverImages: c.coverImages,
    startsAt: dayjs(c.startsAt),
    endsAt: dayjs(c.endsAt),
    thresholdKind: c.threshold.kind,
    thresholdValue: c.threshold.kind === 'none' ? null : c.threshold.value,
    fulfilment: c.fulfilment,
    warehouseId: c.warehouseId,
    orgUnitId: c.orgUnitId,
    items: c.items.map((i) => ({
      itemId: i.id,
      skuId: i.skuId,
      title: i.title,
      basePriceFen: basePrices.get(i.skuId) ?? null,
      price: fenToYuan(i.priceFen),
      perMemberLimit: i.perMemberLimit,
      cap: i.cap,
      reserved: i.reserved,
      sold: i.sold,
    })),
  };
}

export function pickedToRow(p: PickedSku): ItemRow {
  const specText = Object.values(p.specs).join(' ');
  return {
    skuId: p.skuId,
    skuCode: p.skuCode,
    title: specText && !p.productTitle.includes(specText) ? `${p.productTitle} ${specText}` : p.productTitle,
    basePriceFen: p.basePriceFen,
    price: fenToYuan(p.basePriceFen),
    perMemberLimit: null,
    cap: 100,
    reserved: 0,
    sold: 0,
  };
}

function itemInputs(rows: ItemRow[]): CampaignItemInput[] {
  return rows.map((r) => ({
    skuId: r.skuId,
    priceFen: yuanToFen(r.price) ?? 0,
    perMemberLimit: r.perMemberLimit ?? null,
    cap: r.cap ?? 0,
  }));
}

function thresholdInput(v: CampaignFormValues): NonNullable<CampaignInput['threshold']> {
  return v.thresholdKind === 'none' ? { kind: 'none' } : { kind: v.thresholdKind, value: v.thresholdValue ?? 0 };
}

const iso = (d: Dayjs | null) => (d ? d.second(0).millisecond(0).toISOString() : '');

/** The POST /campaigns body. */
export function createBody(v: CampaignFormValues): CampaignInput {
  return {
    title: v.title.trim(),
    description: v.description.trim() || undefined,
    coverImages: v.coverImages.map((u) => u.trim()).filter(Boolean),
    startsAt: iso(v.startsAt),
    endsAt: iso(v.endsAt),
    threshold: thresholdInput(v),
    fulfilment: v.fulfilment,
    warehouseId: v.warehouseId,
    orgUnitId: v.orgUnitId ?? undefined,
    items: itemInputs(v.items),
  };
}

/**
 * The PATCH body: only fields this state may change, and only those that did change (so the audit
 * log records real edits and a live campaign's end is never sent back unchanged-but-rounded).
 */
export function updateBody(v: CampaignFormValues, before: CampaignFormValues, editable: EditableField[]): CampaignInput {
  const body: CampaignInput = {};
  const may = (f: EditableField) => editable.includes(f);
  if (may('title') && v.title.trim() !== before.title) body.title = v.title.trim();
  if (may('description') && v.description.trim() !== before.description) body.description = v.description.trim();
  const covers = v.coverImages.map((u) => u.trim()).filter(Boolean);
  if (may('coverImages') && JSON.stringify(covers) !== JSON.stringify(before.coverImages)) body.coverImages = covers;
  if (may('startsAt') && !sameMinute(v.startsAt, before.startsAt)) body.startsAt = iso(v.startsAt);
  if (may('endsAt') && !sameMinute(v.endsAt, before.endsAt)) body.endsAt = iso(v.endsAt);
  if (may('threshold') && JSON.stringify(thresholdInput(v)) !== JSON.stringify(thresholdInput(before))) body.threshold = thresholdInput(v);
  if (may('fulfilment') && v.fulfilment !== before.fulfilment) body.fulfilment = v.fulfilment;
  if (may('warehouseId') && v.warehouseId !== before.warehouseId) body.warehouseId = v.warehouseId;
  if (may('items')) {
    if (JSON.stringify(itemInputs(v.items)) !== JSON.stringify(itemInputs(before.items))) body.items = itemInputs(v.items);
  } else if (may('caps')) {
    const caps = v.items
      .filter((r) => r.itemId && r.cap !== before.items.find((b) => b.itemId === r.itemId)?.cap)
      .map((r) => ({ itemId: r.itemId!, cap: r.cap ?? 0 }));
    if (caps.length) body.caps = caps;
  }
  return body;
}

function sameMinute(a: Dayjs | null, b: Dayjs | null): boolean {
  if (!a || !b) return a === b;
  return a.isSame(b, 'minute');
}

/**
 * Maps a server field path onto the form: `threshold.value` → thresholdValue, `items.2.priceFen` →
 * the price cell of row 2, `caps.0.cap` → the cap cell of the row that cap was for.
 */
export function campaignErrorPath(path: NamePath, body: CampaignInput, rows: ItemRow[]): NamePath | null {
  const [head, index, field] = path;
  switch (head) {
    case 'title':
    case 'description':
    case 'startsAt':
    case 'endsAt':
    case 'fulfilment':
    case 'warehouseId':
    case 'orgUnitId':
      return [head];
    case 'coverImages':
      return ['coverImages'];
    case 'threshold':
      return index === 'value' ? ['thresholdValue'] : ['thresholdKind'];
    case 'items': {
      if (typeof index !== 'number') return ['items'];
      const cell = field === 'priceFen' ? 'price' : field === 'perMemberLimit' || field === 'cap' ? field : 'skuId';
      return ['items', index, cell];
    }
    case 'caps': {
      if (typeof index !== 'number') return ['items'];
      const itemId = body.caps?.[index]?.itemId;
      const row = rows.findIndex((r) => r.itemId === itemId);
      return row >= 0 ? ['items', row, 'cap'] : null;
    }
    default:
      return null;
  }
}
