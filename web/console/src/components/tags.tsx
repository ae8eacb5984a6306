import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignStatus, OrderStatus, OrgUnitKind, ProductStatus, Role } from '../api/types';

const ROLE_COLORS: Record<Role, string> = {
  owner: 'gold',
  operator: 'blue',
  leader: 'green',
  distributor: 'purple',
  member: 'default',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROLE_COLORS[role]} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`roles.${role}`)}
    </Tag>
  );
}

const STATUS_COLORS: Record<ProductStatus, string> = { draft: 'default', active: 'success', archived: 'warning' };

export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`products.statuses.${status}`)}</Tag>;
}

const KIND_COLORS: Record<OrgUnitKind, string> = { brand: 'magenta', region: 'blue', dealer: 'cyan', store: 'green' };

export function OrgKindTag({ kind }: { kind: OrgUnitKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} variant="filled">
      {t(`orgUnits.kinds.${kind}`)}
    </Tag>
  );
}

const CAMPAIGN_COLORS: Record<CampaignStatus, string> = {
  draft: 'default',
  scheduled: 'blue',
  live: 'processing',
  ended: 'purple',
  succeeded: 'success',
  failed: 'error',
  canceled: 'default',
};

export function CampaignStatusTag({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={CAMPAIGN_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`campaigns.statuses.${status}`)}
    </Tag>
  );
}

const ORDER_COLORS: Record<OrderStatus, string> = {
  pending_payment: 'warning',
  paid: 'processing',
  fulfilling: 'cyan',
  ready_for_pickup: 'geekblue',
  shipped: 'blue',
  completed: 'success',
  canceled: 'default',
  refunded: 'magenta',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`orders.statuses.${status}`)}
    </Tag>
  );
}
