import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PickingListStatus, ShipmentStatus } from '../../api/fulfilment-types';

const LIST_COLORS: Record<PickingListStatus, string> = { open: 'warning', dispatched: 'processing', arrived: 'success' };

/** 待发货 / 配送中 / 已到货. */
export function PickingListStatusTag({ status }: { status: PickingListStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LIST_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status} data-testid="list-status">
      {t(`fulfilment.listStatuses.${status}`)}
    </Tag>
  );
}

const SHIPMENT_COLORS: Record<ShipmentStatus, string> = { shipped: 'blue', in_transit: 'processing', delivered: 'success', returned: 'error' };

export function ShipmentStatusTag({ status }: { status: ShipmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={SHIPMENT_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status} data-testid="shipment-status">
      {t(`fulfilment.shipmentStatuses.${status}`)}
    </Tag>
  );
}
