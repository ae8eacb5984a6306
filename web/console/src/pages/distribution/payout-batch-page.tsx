import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Result, Skeleton, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CheckOutlined, FileExcelOutlined, StopOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { PayoutBatch, PayoutItem } from '../../api/distribution-types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { newIdempotencyKey } from '../../../../shared/time';
import { ActorName, PayoutStatusTag } from './distribution-ui';

/**
 * Confirms a batch was paid. One Idempotency-Key per opening, kept across retries, and a guard
 * against a second click while the first is on its way: the payout is posted once.
 */
function MarkPaidModal(props: { batch: PayoutBatch; open: boolean; onClose: () => void; onDone: (b: PayoutBatch) => void }) {
  const { t } = useTranslation();
  const { batch, open } = props;
  const [reference, setReference] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const inFlight = useRef(false);
  const key = useMemo(() => (open ? newIdempotencyKey() : ''), [open]);

  useEffect(() => {
    if (!open) return;
    setReference('');
    setProblem(null);
  }, [open]);

  const submit = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setProblem(null);
    try {
      const next = await api.post<PayoutBatch>(
        `/distribution/payout-batches/${encodeURIComponent(batch.id)}/mark-paid`,
        { reference: reference.trim() },
        { headers: { 'Idempotency-Key': key } },
      );
      props.onDone(next);
      props.onClose();
    } catch (err) {
      setProblem(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={t('distribution.payouts.markPaidTitle', { amount: formatFen(batch.totalFen) })}
      open={open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('distribution.payouts.markPaid')}
      okButtonProps={{ ...{ 'data-testid': 'mark-paid-submit' } }}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
    >
      {problem && <ProblemAlert error={problem} />}
      <Typography.Paragraph style={{ marginTop: 16 }}>{t('distribution.payouts.markPaidHelp', { count: batch.itemCount })}</Typography.Paragraph>
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item label={t('distribution.payouts.reference')}>
          <Input
            value={reference}
            maxLength={100}
            autoFocus
            placeholder={t('distribution.payouts.referencePlaceholder')}
            onChange={(e) => setReference(e.target.value)}
            data-testid="mark-paid-reference"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One payout batch: its figures and payees, Excel export; the owner marks it paid or cancels it while open. */
export function PayoutBatchPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const canManage = can('distribution.manage');
  const batch = useApiData(() => api.get<PayoutBatch>(`/distribution/payout-batches/${encodeURIComponent(id)}`), id);
  const [markingPaid, setMarkingPaid] = useState(false);
  const b = batch.data;
  const crumbs = [{ title: t('distribution.payouts.title'), to: '/distribution/payouts' }];

  if (batch.error && !b) {
    return (
      <PageContainer title={t('distribution.payouts.detailTitle')} breadcrumb={crumbs}>
        {batch.error.status === 404 ? (
          <Result status="404" title={t('distribution.payouts.notFound')} />
        ) : (
          <ProblemAlert error={batch.error} onRetry={batch.reload} />
        )}
      </PageContainer>
    );
  }
  if (!b) {
    return (
      <PageContainer title={t('distribution.payouts.detailTitle')} breadcrumb={crumbs}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }

  const confirmCancel = () =>
    modal.confirm({
      title: t('distribution.payouts.cancelTitle'),
      content: t('distribution.payouts.cancelHelp'),
      okText: t('distribution.payouts.cancel'),
      okButtonProps: { danger: true },
      cancelText: t('distribution.payouts.keep'),
      onOk: async () => {
        try {
          await api.post<PayoutBatch>(`/distribution/payout-batches/${encodeURIComponent(b.id)}/cancel`);
          message.success(t('distribution.payouts.canceled'));
          batch.reload();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const items = b.items ?? [];
  const columns: TableColumnsType<PayoutItem> = [
    {
      title: t('distribution.payouts.itemColumns.name'),
      dataIndex: 'name',
      render: (v: string, i) => <Typography.Text strong>{v || i.beneficiaryId}</Typography.Text>,
    },
    {
      title: t('distribution.payouts.itemColumns.phone'),
      dataIndex: 'phone',
      width: 140,
      render: (v: string) => (v ? <span className="mono">{v}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('distribution.payouts.itemColumns.account'),
      dataIndex: 'payoutAccount',
      render: (v: string) => v || <Typography.Text type="warning">{t('distribution.payouts.noAccount')}</Typography.Text>,
    },
    {
      title: t('distribution.payouts.itemColumns.amount'),
      dataIndex: 'amountFen',
      width: 140,
      align: 'right',
      render: (v: number) => formatFen(v),
    },
  ];

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span>{t('distribution.payouts.detailTitle')}</span>
          <PayoutStatusTag status={b.status} />
        </Space>
      }
      documentTitle={t('distribution.payouts.detailTitle')}
      breadcrumb={[...crumbs, { title: `…${b.id.slice(-12)}` }]}
      intro={<span className="mono">{b.id}</span>}
      extra={
        <>
          <Button icon={<FileExcelOutlined />} href={`/api/v1/distribution/payout-batches/${encodeURIComponent(b.id)}/export`} download data-testid="payout-export">
            {t('distribution.payouts.export')}
          </Button>
          {canManage && b.status === 'open' && (
            <Button danger icon={<StopOutlined />} onClick={confirmCancel} data-testid="payout-cancel">
              {t('distribution.payouts.cancel')}
            </Button>
          )}
          {canManage && b.status === 'open' && (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setMarkingPaid(true)} data-testid="payout-mark-paid">
              {t('distribution.payouts.markPaid')}
            </Button>
          )}
        </>
      }
    >
      {batch.error && <ProblemAlert error={batch.error} onRetry={batch.reload} />}
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" data-testid="payout-info">
          <Descriptions.Item label={t('distribution.payouts.columns.total')}>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="payout-total">
              {formatFen(b.totalFen)}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('distribution.payouts.columns.items')}>{b.itemCount}</Descriptions.Item>
          <Descriptions.Item label={t('distribution.payouts.columns.minimum')}>{formatFen(b.minimumFen)}</Descriptions.Item>
          <Descriptions.Item label={t('distribution.payouts.columns.createdAt')}>{formatDateTime(b.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('distribution.payouts.createdBy')}>
            {b.createdByName || <ActorName id={b.createdBy} />}
          </Descriptions.Item>
          {b.status === 'paid' && (
            <>
              <Descriptions.Item label={t('distribution.payouts.paidAt')}>{formatDateTime(b.paidAt)}</Descriptions.Item>
              <Descriptions.Item label={t('distribution.payouts.paidBy')}>
                {b.paidByName || <ActorName id={b.paidBy} />}
              </Descriptions.Item>
              <Descriptions.Item label={t('distribution.payouts.reference')}>
                <span className="mono" data-testid="payout-reference">
                  {b.reference || '—'}
                </span>
              </Descriptions.Item>
            </>
          )}
          {b.status === 'canceled' && (
            <Descriptions.Item label={t('distribution.payouts.canceledAt')}>{formatDateTime(b.canceledAt)}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card variant="borderless" title={t('distribution.payouts.items')}>
        <Table<PayoutItem>
          rowKey="beneficiaryId"
          columns={columns}
          dataSource={items}
          pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          scroll={{ x: 700 }}
          data-testid="payout-items"
          summary={() =>
            items.length > 0 ? (
              <Table.Summary.Row className="summary-row">
                <Table.Summary.Cell index={0} colSpan={3}>
                  <Typography.Text strong>{t('distribution.payouts.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Typography.Text strong>{formatFen(b.totalFen)}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <MarkPaidModal
        batch={b}
        open={markingPaid}
        onClose={() => setMarkingPaid(false)}
        onDone={() => {
          message.success(t('distribution.payouts.markedPaid'));
          batch.reload();
        }}
      />
    </PageContainer>
  );
}
