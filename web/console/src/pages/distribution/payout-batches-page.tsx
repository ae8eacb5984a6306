import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { DistributionSettings, PayoutBatch, PayoutBatchStatus } from '../../api/distribution-types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { FormModal } from '../../components/form-modal';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';
import { fenToYuan, formatFen, yuanToFen } from '../../../../shared/money';
import { EmptyHint, PayoutStatusTag } from './distribution-ui';

interface CreateForm {
  minimum: string;
}

/** 打款批次: the batches, newest first; the owner creates one from everyone's available balance. */
export function PayoutBatchesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const canManage = can('distribution.manage');
  const [creating, setCreating] = useState(false);
  const [defaultMinimum, setDefaultMinimum] = useState<string>('');
  const [form] = Form.useForm<CreateForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<PayoutBatch>>('/distribution/payout-batches', { limit, cursor }),
    [],
  );
  const page = useCursorPage(fetchPage, 'payout-batches');

  const openCreate = async () => {
    // The minimum starts from the tenant setting; an unreachable setting leaves the field empty.
    const settings = await api.get<DistributionSettings>('/distribution/settings').catch(() => null);
    setDefaultMinimum(settings && settings.payoutMinimumFen > 0 ? fenToYuan(settings.payoutMinimumFen) : '');
    setCreating(true);
  };

  const columns: TableColumnsType<PayoutBatch> = [
    {
      title: t('distribution.payouts.columns.batch'),
      key: 'batch',
      width: 200,
      render: (_, b) => (
        <Link className="mono" to={`/distribution/payouts/${encodeURIComponent(b.id)}`} title={b.id} data-testid="payout-open">
          …{b.id.slice(-12)}
        </Link>
      ),
    },
    {
      title: t('distribution.payouts.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: PayoutBatchStatus) => <PayoutStatusTag status={s} />,
    },
    {
      title: t('distribution.payouts.columns.total'),
      dataIndex: 'totalFen',
      width: 130,
      align: 'right',
      render: (v: number) => <Typography.Text strong>{formatFen(v)}</Typography.Text>,
    },
    { title: t('distribution.payouts.columns.items'), dataIndex: 'itemCount', width: 80, align: 'right' },
    {
      title: t('distribution.payouts.columns.minimum'),
      dataIndex: 'minimumFen',
      width: 110,
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: t('distribution.payouts.columns.createdAt'),
      dataIndex: 'createdAt',
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('distribution.payouts.columns.paid'),
      key: 'paid',
      render: (_, b) =>
        b.status === 'paid' ? (
          <div style={{ fontSize: 13 }}>
            {formatDateTime(b.paidAt)}
            {b.reference && (
              <div>
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                  {b.reference}
                </Typography.Text>
              </div>
            )}
          </div>
        ) : b.status === 'canceled' ? (
          <Typography.Text type="secondary">{formatDateTime(b.canceledAt)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, b) => <Link to={`/distribution/payouts/${encodeURIComponent(b.id)}`}>{t('common.view')}</Link>,
    },
  ];

  return (
    <PageContainer
      title={t('distribution.payouts.title')}
      intro={t('distribution.payouts.intro')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void openCreate()} data-testid="payout-create">
            {t('distribution.payouts.create')}
          </Button>
        )
      }
    >
      {!canManage && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('distribution.payouts.readOnly')} />}
      <Card variant="borderless">
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<PayoutBatch>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{
            emptyText: page.loading ? (
              ' '
            ) : (
              <EmptyHint text={t('distribution.payouts.empty')} hint={t('distribution.payouts.emptyHint')} />
            ),
          }}
          data-testid="payout-table"
        />
        <CursorPager page={page} />
      </Card>
      <FormModal<CreateForm>
        title={t('distribution.payouts.createTitle')}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['minimum']}
        initialValues={{ minimum: defaultMinimum }}
        okText={t('distribution.payouts.create')}
        submit={async (values) => {
          const minimumFen = yuanToFen(values.minimum ?? '');
          const batch = await api.post<PayoutBatch>('/distribution/payout-batches', minimumFen ? { minimumFen } : {});
          message.success(t('distribution.payouts.created', { count: batch.itemCount, amount: formatFen(batch.totalFen) }));
          navigate(`/distribution/payouts/${encodeURIComponent(batch.id)}`);
        }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('distribution.payouts.createHelp')}
        </Typography.Paragraph>
        <Form.Item
          name="minimum"
          label={t('distribution.payouts.minimum')}
          extra={t('distribution.payouts.minimumHelp')}
          rules={[
            {
              validator: async (_, v: string | undefined) => {
                if (!v?.trim()) return;
                const fen = yuanToFen(v);
                if (fen === null || fen <= 0) throw new Error(t('distribution.payouts.minimumInvalid'));
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" style={{ width: 200 }} data-testid="payout-minimum" />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
