import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Form, Input, InputNumber, Modal, Radio, Table, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Order, OrderLine } from '../../api/types';
import { ProblemAlert } from '../../components/problem-alert';
import { formatFen } from '../../../../shared/money';
import { newIdempotencyKey } from '../../../../shared/time';
import { lineRefundFen, refundableQuantity } from './order-model';

type Mode = 'full' | 'lines';

/**
 * Refunds a paid order: everything that remains, or chosen quantities per line. The amount is
 * computed as the server will; one Idempotency-Key per opening, so a retry after a lost answer
 * never refunds twice.
 */
export function RefundModal(props: { order: Order | null; open: boolean; onClose: () => void; onDone: (order: Order) => void }) {
  const { order, open } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<Mode>('full');
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  // A new key each time the dialog opens, kept across retries within it.
  const key = useMemo(() => (open ? newIdempotencyKey() : ''), [open]);

  useEffect(() => {
    if (!open) return;
    setMode('full');
    setQuantities({});
    setReason('');
    setReasonError(false);
    setProblem(null);
  }, [open]);

  if (!order) return null;
  const lines = order.lines.filter((l) => refundableQuantity(l) > 0);
  const amountFen =
    mode === 'full'
      ? lines.reduce((s, l) => s + lineRefundFen(l, refundableQuantity(l)), 0)
      : lines.reduce((s, l) => s + lineRefundFen(l, quantities[l.id] ?? 0), 0);
  const chosen = lines.filter((l) => (quantities[l.id] ?? 0) > 0).map((l) => ({ lineId: l.id, quantity: quantities[l.id]! }));

  const submit = async () => {
    if (!reason.trim()) {
      setReasonError(true);
      return;
    }
    if (mode === 'lines' && chosen.length === 0) return;
    setSubmitting(true);
    setProblem(null);
    try {
      const body = mode === 'full' ? { reason: reason.trim() } : { lines: chosen, reason: reason.trim() };
      const next = await api.post<Order>(`/orders/${order.id}/refunds`, body, { headers: { 'Idempotency-Key': key } });
      message.success(t('orders.refund.done', { amount: formatFen(amountFen) }));
      props.onDone(next);
      props.onClose();
    } catch (err) {
      setProblem(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setSubmitting(false);
    }
  };

  const columns: TableColumnsType<OrderLine> = [
    {
      title: t('orders.lines.item'),
      key: 'item',
      render: (_, l) => (
        <div>
          <div>{l.title}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatFen(l.unitPriceFen)} × {l.quantity}
            {l.refundedQuantity > 0 && ` · ${t('orders.lines.refundedN', { count: l.refundedQuantity })}`}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('orders.refund.quantity'),
      key: 'quantity',
      width: 150,
      render: (_, l) => (
        <InputNumber
          min={0}
          max={refundableQuantity(l)}
          precision={0}
          value={quantities[l.id] ?? 0}
          onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: Math.min(refundableQuantity(l), Math.max(0, v ?? 0)) }))}
          suffix={`/ ${refundableQuantity(l)}`}
          style={{ width: 120 }}
          data-testid={`refund-qty-${l.id}`}
        />
      ),
    },
    {
      title: t('orders.refund.lineAmount'),
      key: 'amount',
      width: 110,
      align: 'right',
      render: (_, l) => formatFen(lineRefundFen(l, quantities[l.id] ?? 0)),
    },
  ];

  return (
    <Modal
      title={t('orders.refund.title')}
      open={open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('orders.refund.submit', { amount: formatFen(amountFen) })}
      okButtonProps={{ danger: true, disabled: amountFen <= 0, ...{ 'data-testid': 'refund-submit' } }}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      width={640}
      destroyOnHidden
    >
      <div data-testid="refund-modal">
        {problem && <ProblemAlert error={problem} />}
        <Form layout="vertical" style={{ marginTop: 16 }}>
          <Form.Item label={t('orders.refund.mode')}>
            <Radio.Group
              value={mode}
              onChange={(e) => setMode(e.target.value as Mode)}
              options={[
                { value: 'full', label: t('orders.refund.full') },
                { value: 'lines', label: t('orders.refund.byLine') },
              ]}
              data-testid="refund-mode"
            />
          </Form.Item>
          {mode === 'lines' ? (
            <Table<OrderLine>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={lines}
              pagination={false}
              style={{ marginBottom: 16 }}
              data-testid="refund-lines"
            />
          ) : (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('orders.refund.fullHelp', { amount: formatFen(order.paidFen - order.refundedFen) })}
            />
          )}
          <Form.Item
            label={t('orders.refund.reason')}
            required
            validateStatus={reasonError ? 'error' : undefined}
            help={reasonError ? t('orders.refund.reasonRequired') : undefined}
          >
            <Input.TextArea
              rows={2}
              maxLength={300}
              value={reason}
              placeholder={t('orders.refund.reasonPlaceholder')}
              onChange={(e) => {
                setReason(e.target.value);
                if (e.target.value.trim()) setReasonError(false);
              }}
              data-testid="refund-reason"
            />
          </Form.Item>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
            <Typography.Text type="secondary">{t('orders.refund.restockHelp')}</Typography.Text>
            <span>
              {t('orders.refund.amount')}{' '}
              <Typography.Text strong style={{ fontSize: 18, color: '#cf1322' }} data-testid="refund-amount">
                {formatFen(amountFen)}
              </Typography.Text>
            </span>
          </div>
        </Form>
      </div>
    </Modal>
  );
}
