import { useCallback, useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Space, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { DISTRIBUTOR_STATUSES, type Distributor, type DistributorDecision, type DistributorStatus } from '../../api/distribution-types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { FormModal } from '../../components/form-modal';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { decisionsFor } from './distribution-model';
import { DistributorStatusTag, EmptyHint, Money } from './distribution-ui';

interface InviteForm {
  phone: string;
  realName: string;
  note: string;
}

interface DecisionForm {
  note: string;
}

const PHONE_RE = /^1[3-9]\d{9}$/;
// A refusal or a suspension is explained to the distributor; an approval needs no reason.
const NOTE_REQUIRED: DistributorDecision[] = ['reject', 'suspend'];

/** 分销员: status tabs and search in the URL, decisions with a note, invitations by phone. */
export function DistributorsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canDecide = can('distribution.decide');
  const [params, setUrl] = useUrlParams();
  const status = (DISTRIBUTOR_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as DistributorStatus) : '';
  const q = params.get('q') ?? '';
  const [inviting, setInviting] = useState(false);
  const [deciding, setDeciding] = useState<{ distributor: Distributor; action: DistributorDecision } | null>(null);
  const [inviteForm] = Form.useForm<InviteForm>();
  const [decisionForm] = Form.useForm<DecisionForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<Distributor>>('/distribution/distributors', { status, q, limit, cursor }),
    [status, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ status, q }));

  const displayName = (d: Distributor) => d.realName || d.name || d.phone;

  const columns: TableColumnsType<Distributor> = [
    {
      title: t('distribution.distributors.columns.distributor'),
      key: 'distributor',
      width: 200,
      render: (_, d) => (
        <div>
          <Typography.Text strong>{displayName(d)}</Typography.Text>
          {d.realName && d.name && d.name !== d.realName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              ({d.name})
            </Typography.Text>
          )}
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {d.phone}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('distribution.distributors.columns.status'),
      key: 'status',
      width: 120,
      render: (_, d) => (
        <div>
          <DistributorStatusTag status={d.status} />
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`distribution.origins.${d.origin}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('distribution.distributors.columns.code'),
      dataIndex: 'referralCode',
      width: 110,
      render: (v: string | null) => (v ? <span className="mono">{v}</span> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('distribution.distributors.columns.balance'),
      key: 'balance',
      width: 210,
      render: (_, d) => (
        <div className="balance-mini" data-testid="distributor-balance">
          <span>
            <Typography.Text type="secondary">{t('distribution.distributors.earnedShort')}</Typography.Text> <Money fen={d.balance.earnedFen} />
          </span>
          <span>
            <Typography.Text type="secondary">{t('distribution.distributors.availableShort')}</Typography.Text>{' '}
            <Money fen={d.balance.availableFen} strong />
          </span>
          <span>
            <Typography.Text type="secondary">{t('distribution.distributors.pendingShort')}</Typography.Text> {formatFen(d.balance.pendingFen)}
          </span>
        </div>
      ),
    },
    {
      title: t('distribution.distributors.columns.decision'),
      key: 'decision',
      ellipsis: { showTitle: false },
      render: (_, d) => {
        const lines = [
          d.reason && t('distribution.labelValue', { label: t('distribution.distributors.reason'), value: d.reason }),
          d.payoutAccount && t('distribution.labelValue', { label: t('distribution.distributors.payoutAccount'), value: d.payoutAccount }),
          d.decisionNote && t('distribution.labelValue', { label: t('distribution.distributors.note'), value: d.decisionNote }),
        ].filter(Boolean) as string[];
        return (
          <Tooltip title={lines.length ? lines.map((l) => <div key={l}>{l}</div>) : undefined}>
            <div style={{ fontSize: 13, minWidth: 0 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('distribution.distributors.columns.appliedAt')} {formatDateTime(d.createdAt)}
              </Typography.Text>
              {lines.length > 0 && (
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                  {lines.join(' · ')}
                </Typography.Paragraph>
              )}
            </div>
          </Tooltip>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      fixed: 'right',
      render: (_, d) => (
        <Space size={12} wrap={false}>
          {canDecide &&
            decisionsFor(d.status).map((action) => (
              <a
                key={action}
                className={action === 'reject' || action === 'suspend' ? 'link-danger' : undefined}
                onClick={() => setDeciding({ distributor: d, action })}
                data-testid={`distributor-${action}`}
              >
                {t(`distribution.decisions.${action}`)}
              </a>
            ))}
          <Link to={`/distribution/statements/${encodeURIComponent(d.memberId)}`} data-testid="distributor-statement">
            {t('distribution.distributors.statement')}
          </Link>
        </Space>
      ),
    },
  ];

  const emptyText =
    status || q ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('distribution.distributors.emptyFiltered')} />
    ) : (
      <EmptyHint text={t('distribution.distributors.empty')} hint={t('distribution.distributors.emptyHint')} />
    );

  const action = deciding?.action;
  const actionLabel = action ? t(`distribution.decisions.${action}`) : '';

  return (
    <PageContainer
      title={t('distribution.distributors.title')}
      intro={t('distribution.distributors.intro')}
      extra={
        canDecide && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)} data-testid="distributor-invite">
            {t('distribution.distributors.invite')}
          </Button>
        )
      }
    >
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={status || 'all'}
          onChange={(key) => setUrl({ status: key === 'all' ? '' : key })}
          items={[
            { key: 'all', label: t('common.all') },
            ...DISTRIBUTOR_STATUSES.map((s) => ({ key: s, label: t(`distribution.statuses.${s}`) })),
          ]}
        />
        <div className="toolbar">
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('distribution.distributors.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 300 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="distributor-search"
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<Distributor>
          rowKey="memberId"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1100 }}
          tableLayout="fixed"
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="distributor-table"
        />
        <CursorPager page={page} />
      </Card>

      <FormModal<InviteForm>
        title={t('distribution.distributors.invite')}
        open={inviting}
        onClose={() => setInviting(false)}
        form={inviteForm}
        fields={['phone', 'realName', 'note']}
        okText={t('distribution.distributors.invite')}
        submit={async (values) => {
          const d = await api.post<Distributor>('/distribution/distributors', {
            phone: values.phone.trim(),
            realName: (values.realName ?? '').trim(),
            note: (values.note ?? '').trim(),
          });
          message.success(t('distribution.distributors.invited', { name: displayName(d) }));
          page.reset();
        }}
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
          {t('distribution.distributors.inviteHelp')}
        </Typography.Paragraph>
        <Form.Item
          name="phone"
          label={t('distribution.distributors.phone')}
          rules={[
            { required: true, whitespace: true, message: t('distribution.distributors.phoneRequired') },
            { pattern: PHONE_RE, message: t('distribution.distributors.phoneInvalid') },
          ]}
        >
          <Input maxLength={11} inputMode="numeric" autoFocus autoComplete="off" placeholder="13800000000" />
        </Form.Item>
        <Form.Item name="realName" label={t('distribution.distributors.realName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="note" label={t('distribution.distributors.note')}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('distribution.distributors.notePlaceholder')} />
        </Form.Item>
      </FormModal>

      <FormModal<DecisionForm>
        title={deciding ? t('distribution.distributors.decisionTitle', { action: actionLabel, name: displayName(deciding.distributor) }) : ''}
        open={Boolean(deciding)}
        onClose={() => setDeciding(null)}
        form={decisionForm}
        fields={['note']}
        okText={actionLabel}
        submit={async (values) => {
          if (!deciding) return;
          const d = await api.post<Distributor>(
            `/distribution/distributors/${encodeURIComponent(deciding.distributor.memberId)}/${deciding.action}`,
            { note: (values.note ?? '').trim() },
          );
          message.success(t('distribution.distributors.decided', { action: actionLabel, name: displayName(d) }));
          page.reload();
        }}
      >
        {deciding && (
          <div style={{ marginBottom: 12 }} data-testid="decision-modal">
            <Space size={8}>
              <Typography.Text strong>{displayName(deciding.distributor)}</Typography.Text>
              <span className="mono">{deciding.distributor.phone}</span>
              <DistributorStatusTag status={deciding.distributor.status} />
            </Space>
            {deciding.distributor.reason && (
              <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                {t('distribution.labelValue', { label: t('distribution.distributors.reason'), value: deciding.distributor.reason })}
              </Typography.Paragraph>
            )}
          </div>
        )}
        <Form.Item
          name="note"
          label={t('distribution.distributors.note')}
          rules={
            action && NOTE_REQUIRED.includes(action)
              ? [{ required: true, whitespace: true, message: t('distribution.distributors.noteRequired') }]
              : []
          }
        >
          <Input.TextArea rows={3} maxLength={200} placeholder={t('distribution.distributors.notePlaceholder')} data-testid="decision-note" />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
