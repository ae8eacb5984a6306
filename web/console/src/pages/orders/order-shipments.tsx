import { useState } from 'react';
import { App, AutoComplete, Button, Card, Empty, Form, Input, Popconfirm, Space, Table, Typography, type TableColumnsType } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { Order } from '../../api/types';
import type { Group, PickupPoint } from '../../api/community-types';
import type { Shipment, ShipmentStatus } from '../../api/fulfilment-types';
import { useSession } from '../../session';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime } from '../../components/format';
import { ShipmentStatusTag } from '../fulfilment/fulfilment-ui';
import { CARRIERS, canShipOrder, shipmentNextStatuses, TRACKING_NUMBER, withLocalizedFieldErrors } from '../fulfilment/fulfilment-model';

interface ShipForm {
  carrier: string;
  trackingNumber: string;
}

/**
 * A delivery order's parcels: ship it (carrier and tracking number), then move each parcel on —
 * in transit, delivered (the order completes) or returned. Owners and operators only.
 */
export function OrderShipments({ order, onChanged }: { order: Order; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canShip = can('orders.ship');
  const [version, setVersion] = useState(0);
  const [shipping, setShipping] = useState(false);
  const [form] = Form.useForm<ShipForm>();
  const shipments = useApiData(async () => (await api.get<{ items: Shipment[] }>(`/orders/${encodeURIComponent(order.id)}/shipments`)).items, `${order.id}:${order.status}:${version}`);
  const items = shipments.data ?? [];

  const move = async (s: Shipment, status: Exclude<ShipmentStatus, 'shipped'>) => {
    try {
      await api.patch<Shipment>(`/shipments/${encodeURIComponent(s.id)}`, { status });
      message.success(t('fulfilment.shipments.updated', { status: t(`fulfilment.shipmentStatuses.${status}`) }));
      setVersion((v) => v + 1);
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const columns: TableColumnsType<Shipment> = [
    {
      title: t('fulfilment.shipments.columns.parcel'),
      key: 'parcel',
      render: (_, s) => (
        <div>
          <div>{s.carrier}</div>
          <Typography.Text className="mono" copyable={{ text: s.trackingNumber, tooltips: [t('fulfilment.shipments.copy'), t('common.copied')] }} data-testid="shipment-tracking">
            {s.trackingNumber}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('fulfilment.shipments.columns.status'), dataIndex: 'status', width: 90, render: (v: ShipmentStatus) => <ShipmentStatusTag status={v} /> },
    {
      title: t('fulfilment.shipments.columns.time'),
      key: 'time',
      width: 150,
      render: (_, s) => (
        <div style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          <div>{formatDateTime(s.createdAt)}</div>
          {s.deliveredAt && <Typography.Text type="success">{t('fulfilment.shipments.deliveredAt', { time: formatDateTime(s.deliveredAt) })}</Typography.Text>}
        </div>
      ),
    },
    ...(canShip
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 200,
            render: (_: unknown, s: Shipment) => (
              <Space size={10} wrap>
                {shipmentNextStatuses(s.status).map((to) => (
                  <Popconfirm
                    key={to}
                    title={t('fulfilment.shipments.toConfirm', { status: t(`fulfilment.shipmentStatuses.${to}`) })}
                    description={to === 'delivered' ? t('fulfilment.shipments.deliveredHelp') : undefined}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: to === 'returned' }}
                    onConfirm={() => move(s, to)}
                  >
                    <a className={to === 'returned' ? 'link-danger' : undefined} data-testid={`shipment-${to}`}>
                      {t(`fulfilment.shipments.to.${to}`)}
                    </a>
                  </Popconfirm>
                ))}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      size="small"
      title={t('fulfilment.shipments.title')}
      style={{ marginBottom: 16 }}
      extra={
        canShip &&
        canShipOrder(order) && (
          <Button type="primary" size="small" icon={<SendOutlined />} onClick={() => setShipping(true)} data-testid="order-ship">
            {t('fulfilment.shipments.ship')}
          </Button>
        )
      }
      data-testid="order-shipments"
    >
      {shipments.error && <ProblemAlert error={shipments.error} onRetry={shipments.reload} />}
      <Table<Shipment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        loading={shipments.loading && !shipments.data}
        pagination={false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <span>
                  {t('fulfilment.shipments.empty')}
                  {canShip && canShipOrder(order) && (
                    <>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('fulfilment.shipments.emptyHint')}
                      </Typography.Text>
                    </>
                  )}
                </span>
              }
            />
          ),
        }}
        data-testid="shipment-table"
      />
      <FormModal<ShipForm>
        title={t('fulfilment.shipments.shipTitle')}
        open={shipping}
        onClose={() => setShipping(false)}
        form={form}
        fields={['carrier', 'trackingNumber']}
        okText={t('fulfilment.shipments.ship')}
        initialValues={{ carrier: CARRIERS[0] }}
        submit={async (values) => {
          const created = await api
            .post<Shipment>(`/orders/${encodeURIComponent(order.id)}/shipments`, { carrier: values.carrier.trim(), trackingNumber: values.trackingNumber.trim() })
            .catch((err: unknown) => {
              throw withLocalizedFieldErrors(err);
            });
          message.success(t('fulfilment.shipments.shipped', { carrier: created.carrier, tracking: created.trackingNumber }));
          setVersion((v) => v + 1);
          onChanged();
        }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('fulfilment.shipments.shipHelp')}
        </Typography.Paragraph>
        <Form.Item name="carrier" label={t('fulfilment.shipments.carrier')} rules={[{ required: true, whitespace: true, message: t('fulfilment.shipments.carrierRequired') }]}>
          <AutoComplete
            options={CARRIERS.map((c) => ({ value: c }))}
            placeholder={t('fulfilment.shipments.carrierPlaceholder')}
            maxLength={40}
            data-testid="ship-carrier"
          />
        </Form.Item>
        <Form.Item
          name="trackingNumber"
          label={t('fulfilment.shipments.trackingNumber')}
          rules={[
            { required: true, whitespace: true, message: t('fulfilment.shipments.trackingRequired') },
            { pattern: TRACKING_NUMBER, message: t('fulfilment.shipments.trackingInvalid') },
          ]}
        >
          <Input className="mono" maxLength={40} placeholder={t('fulfilment.shipments.trackingPlaceholder')} data-testid="ship-tracking" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}

/**
 * The names of an order's group and pickup point (the order carries their ids only). Someone who
 * cannot see the group or the point gets the id.
 */
export function useOrderPlace(order: Pick<Order, 'id' | 'groupId' | 'pickupPointId'> | null) {
  const groupId = order?.groupId ?? null;
  const pointId = order?.pickupPointId ?? null;
  return useApiData(async () => {
    const [group, point] = await Promise.all([
      groupId ? api.get<Group>(`/groups/${encodeURIComponent(groupId)}`).then((g) => g.name, () => null) : Promise.resolve(null),
      pointId
        ? api.get<Page<PickupPoint>>('/pickup-points', { limit: 200 }).then(
            (p) => p.items.find((x) => x.id === pointId) ?? null,
            () => null,
          )
        : Promise.resolve(null),
    ]);
    return { groupName: group, point };
  }, `${groupId}:${pointId}`);
}
