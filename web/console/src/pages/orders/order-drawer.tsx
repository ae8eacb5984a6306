import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd';
import { RollbackOutlined, StopOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Order, OrderEvent, OrderLine, OrderStatus } from '../../api/types';
import { useSession } from '../../session';
import { ProblemAlert } from '../../components/problem-alert';
import { OrderStatusTag } from '../../components/tags';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime, formatDateTimeSeconds, formatSpecs } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { isRefundable, nextSteps, type AdvanceStatus } from './order-model';
import { RefundModal } from './refund-modal';
import { OrderShipments, useOrderPlace } from './order-shipments';
import { manualSteps } from '../fulfilment/fulfilment-model';

const TIMELINE_COLORS: Partial<Record<OrderStatus, string>> = {
  pending_payment: 'gray',
  paid: 'blue',
  completed: 'green',
  canceled: 'gray',
  refunded: 'red',
};

/** An order's lines, address, totals and status timeline, with the actions staff may take. */
export function OrderDrawer(props: { orderId: string | null; onClose: () => void; onChanged: () => void }) {
  const { orderId } = props;
  const { t } = useTranslation();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const order = useApiData(async () => (orderId ? api.get<Order>(`/orders/${orderId}`) : null), orderId ?? '');
  const [refunding, setRefunding] = useState(false);
  const [advancing, setAdvancing] = useState<AdvanceStatus | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const o = order.data && order.data.id === orderId ? order.data : null;
  const place = useOrderPlace(o);

  const changed = () => {
    order.reload();
    props.onChanged();
  };

  const advance = async () => {
    if (!o || !advancing) return;
    setBusy(true);
    try {
      await api.post<Order>(`/orders/${o.id}/status`, { status: advancing, note: note.trim() || undefined });
      message.success(t('orders.advanced', { status: t(`orders.statuses.${advancing}`) }));
      setAdvancing(null);
      changed();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    if (!o) return;
    modal.confirm({
      title: t('orders.cancelTitle'),
      content: t('orders.cancelConfirm'),
      okText: t('orders.cancelOrder'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post<Order>(`/orders/${o.id}/cancel`, { reason: t('orders.canceledByStaff') });
          message.success(t('orders.canceled'));
          changed();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });
  };

  const lineColumns: TableColumnsType<OrderLine> = [
    {
      title: t('orders.lines.item'),
      key: 'item',
      render: (_, l) => (
        <div>
          <div style={{ fontWeight: 500 }}>{l.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatSpecs(l.specs)}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('orders.lines.unitPrice'), dataIndex: 'unitPriceFen', width: 90, align: 'right', render: (v: number) => formatFen(v) },
    { title: t('orders.lines.quantity'), dataIndex: 'quantity', width: 60, align: 'right' },
    { title: t('orders.lines.total'), dataIndex: 'lineTotalFen', width: 100, align: 'right', render: (v: number) => formatFen(v) },
    {
      title: t('orders.lines.refunded'),
      key: 'refunded',
      width: 110,
      align: 'right',
      render: (_, l) =>
        l.refundedQuantity > 0 ? (
          <Typography.Text type="danger" data-testid="line-refunded">
            {l.refundedQuantity} · {formatFen(l.refundedFen)}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  const eventLabel = (e: OrderEvent) => {
    if (e.from === null) return t('orders.timeline.placed');
    if (e.from === e.to) return t('orders.timeline.update', { status: t(`orders.statuses.${e.to}`) });
    return t(`orders.statuses.${e.to}`);
  };

  const steps = o && can('orders.fulfil') ? manualSteps(nextSteps(o), o, can('orders.ship')) : [];
  const refundable = o && can('orders.refund') && isRefundable(o);

  return (
    <Drawer
      open={Boolean(orderId)}
      onClose={props.onClose}
      size={720}
      destroyOnHidden
      title={
        o ? (
          <Space size={8}>
            <span>{t('orders.detailTitle')}</span>
            <OrderStatusTag status={o.status} />
          </Space>
        ) : (
          t('orders.detailTitle')
        )
      }
      extra={
        o && (
          <Space wrap>
            {steps.map((s) => (
              <Button key={s} onClick={() => { setNote(''); setAdvancing(s); }} data-testid={`advance-${s}`}>
                {t(`orders.advanceTo.${s}`)}
              </Button>
            ))}
            {o.status === 'pending_payment' && (
              <Button danger icon={<StopOutlined />} onClick={cancel} data-testid="order-cancel">
                {t('orders.cancelOrder')}
              </Button>
            )}
            {refundable && (
              <Button danger icon={<RollbackOutlined />} onClick={() => setRefunding(true)} data-testid="order-refund">
                {t('orders.refund.button')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {order.error && !o ? (
        order.error.status === 404 ? (
          <Result status="404" title={t('orders.notFound')} />
        ) : (
          <ProblemAlert error={order.error} onRetry={order.reload} />
        )
      ) : !o ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <div data-testid="order-detail" data-order-status={o.status}>
          <Descriptions
            column={2}
            size="small"
            bordered
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'id',
                label: t('orders.fields.id'),
                span: 2,
                children: (
                  <Typography.Text className="mono" copyable>
                    {o.id}
                  </Typography.Text>
                ),
              },
              {
                key: 'campaign',
                label: t('orders.fields.campaign'),
                span: 2,
                children: <Link to={`/campaigns/${o.campaignId}`}>{o.campaignTitle}</Link>,
              },
              { key: 'member', label: t('orders.fields.member'), children: <span className="mono">{o.memberPhone}</span> },
              { key: 'fulfilment', label: t('orders.fields.fulfilment'), children: t(`orders.fulfilment.${o.fulfilment}`) },
              ...(o.address
                ? [
                    {
                      key: 'address',
                      label: t('orders.fields.address'),
                      span: 2,
                      children: (
                        <>
                          {o.address.name} <span className="mono">{o.address.phone}</span>
                          <br />
                          {o.address.region} {o.address.detail}
                        </>
                      ),
                    },
                  ]
                : []),
              ...(o.groupId
                ? [
                    {
                      key: 'group',
                      label: t('fulfilment.orderPlace.group'),
                      span: o.pickupPointId ? 1 : 2,
                      children: (
                        <Link to={`/groups/${encodeURIComponent(o.groupId)}`} data-testid="order-group">
                          {place.data?.groupName ?? o.groupId}
                        </Link>
                      ),
                    },
                  ]
                : []),
              ...(o.pickupPointId
                ? [
                    {
                      key: 'point',
                      label: t('fulfilment.orderPlace.pickupPoint'),
                      span: o.groupId ? 1 : 2,
                      children: place.data?.point ? (
                        <span data-testid="order-pickup-point">
                          {place.data.point.name}
                          <br />
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {place.data.point.address}
                          </Typography.Text>
                        </span>
                      ) : (
                        <span className="mono" data-testid="order-pickup-point">
                          {o.pickupPointId}
                        </span>
                      ),
                    },
                  ]
                : []),
              ...(o.note ? [{ key: 'note', label: t('orders.fields.note'), span: 2, children: o.note }] : []),
              { key: 'placedAt', label: t('orders.fields.placedAt'), children: formatDateTime(o.placedAt) },
              {
                key: 'paidAt',
                label: o.paidAt ? t('orders.fields.paidAt') : t('orders.fields.expiresAt'),
                children: formatDateTime(o.paidAt ?? (o.status === 'pending_payment' ? o.expiresAt : null)),
              },
              ...(o.referralCode
                ? [{ key: 'ref', label: t('orders.fields.referralCode'), span: 2, children: <span className="mono">{o.referralCode}</span> }]
                : []),
              ...(o.cancelReason ? [{ key: 'reason', label: t('orders.fields.cancelReason'), span: 2, children: o.cancelReason }] : []),
            ]}
          />

          <Card size="small" title={t('orders.lines.title')} style={{ marginBottom: 16 }}>
            <Table<OrderLine>
              className="order-lines"
              rowKey="id"
              size="small"
              columns={lineColumns}
              dataSource={o.lines}
              pagination={false}
              data-testid="order-lines"
            />
            <div className="order-totals" data-testid="order-totals">
              <span>
                {t('orders.fields.total')} <strong>{formatFen(o.totalFen)}</strong>
              </span>
              <span>
                {t('orders.fields.paid')} <strong>{formatFen(o.paidFen)}</strong>
              </span>
              <span>
                {t('orders.fields.refunded')}{' '}
                <strong style={{ color: o.refundedFen > 0 ? '#cf1322' : undefined }} data-testid="order-refunded">
                  {formatFen(o.refundedFen)}
                </strong>
              </span>
            </div>
          </Card>

          {o.fulfilment === 'delivery' && <OrderShipments order={o} onChanged={changed} />}

          <Card size="small" title={t('orders.timeline.title')}>
            {o.timeline.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                style={{ marginTop: 8 }}
                items={o.timeline.map((e) => ({
                  color: TIMELINE_COLORS[e.to] ?? 'blue',
                  content: (
                    <div>
                      <Typography.Text strong>{eventLabel(e)}</Typography.Text>{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTimeSeconds(e.at)} · {t(`orders.actorTypes.${actorKey(e.actorType)}`)}
                      </Typography.Text>
                      {e.note && <div style={{ color: 'rgba(0,0,0,0.65)' }}>{e.note}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </div>
      )}
      <RefundModal
        order={o}
        open={refunding}
        onClose={() => setRefunding(false)}
        onDone={() => changed()}
      />
      <Modal
        title={advancing ? t('orders.advanceTitle', { status: t(`orders.statuses.${advancing}`) }) : ''}
        open={Boolean(advancing)}
        onCancel={() => setAdvancing(null)}
        onOk={() => void advance()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('orders.advanceHelp')}</Typography.Paragraph>
        <Input.TextArea
          rows={2}
          maxLength={300}
          value={note}
          placeholder={t('orders.advanceNotePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Drawer>
  );
}

function actorKey(type: string): 'user' | 'member' | 'token' | 'system' {
  return type === 'user' || type === 'member' || type === 'token' ? type : 'system';
}
