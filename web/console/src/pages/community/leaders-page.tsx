import { useCallback, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { LEADER_STATUSES, type ApproveLeaderResponse, type Leader, type LeaderDecision, type LeaderStatus } from '../../api/community-types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { copyText } from '../../../../shared/clipboard';
import { leaderDecisionsFor, leaderNoteRequired } from './community-model';
import { EmptyHint, LeaderStatusTag } from './community-ui';

interface DecisionForm {
  note: string;
}

/** The new leader's console sign-in, shown once after an approval. */
function InitialPasswordModal({ approved, onClose }: { approved: ApproveLeaderResponse | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async (text: string) => {
    if (await copyText(text)) message.success(t('common.copied'));
    else message.error(t('community.leaders.copyFailed'));
  };
  const leader = approved?.leader;
  return (
    <Modal
      title={t('community.leaders.passwordTitle')}
      open={Boolean(approved?.initialPassword)}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      onOk={onClose}
      okText={t('community.leaders.passwordDone')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={560}
      // The password must not stay in the page, even hidden, once the modal is closed.
      destroyOnHidden
    >
      {leader && approved?.initialPassword && (
        <div data-testid="leader-password-modal">
          <Alert type="warning" showIcon title={t('community.leaders.passwordWarning')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>{t('community.leaders.passwordIntro', { name: leader.realName })}</Typography.Paragraph>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('community.leaders.email')}>
              <span className="mono" data-testid="leader-email">
                {leader.email}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.leaders.password')}>
              <Space size={8} wrap>
                <Typography.Text strong className="mono" style={{ fontSize: 16 }} data-testid="leader-password">
                  {approved.initialPassword}
                </Typography.Text>
                <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(approved.initialPassword!)} data-testid="leader-password-copy">
                  {t('community.leaders.copyPassword')}
                </Button>
              </Space>
            </Descriptions.Item>
          </Descriptions>
          <Button
            type="link"
            icon={<CopyOutlined />}
            style={{ paddingInline: 0, marginTop: 8 }}
            onClick={() => void copy(t('community.leaders.credentialsText', { email: leader.email, password: approved.initialPassword }))}
          >
            {t('community.leaders.copyBoth')}
          </Button>
        </div>
      )}
    </Modal>
  );
}

/** 团长: applications and leaders with a status filter and search; approve, reject, suspend, reinstate with a note. */
export function LeadersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setUrl] = useUrlParams();
  const status = (LEADER_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as LeaderStatus) : '';
  const q = params.get('q') ?? '';
  const [deciding, setDeciding] = useState<{ leader: Leader; decision: LeaderDecision } | null>(null);
  const [approved, setApproved] = useState<ApproveLeaderResponse | null>(null);
  const [form] = Form.useForm<DecisionForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<Leader>>('/leaders', { status, q, limit, cursor }),
    [status, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ status, q }));

  const columns: TableColumnsType<Leader> = [
    {
      title: t('community.leaders.columns.leader'),
      key: 'leader',
      width: 200,
      render: (_, l) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{l.realName}</Typography.Text>
          <div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {l.phone || '—'}
            </Typography.Text>
          </div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }} ellipsis={{ tooltip: l.email }}>
            {l.email}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('community.leaders.columns.orgUnit'),
      dataIndex: 'orgUnitName',
      width: 120,
      ellipsis: true,
    },
    {
      title: t('community.leaders.columns.status'),
      key: 'status',
      width: 110,
      render: (_, l) => (
        <div>
          <LeaderStatusTag status={l.status} />
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`community.leaderOrigins.${l.origin}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('community.leaders.columns.intro'),
      dataIndex: 'intro',
      render: (v: string, l) => (
        <div style={{ minWidth: 0 }}>
          {v ? (
            <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, fontSize: 13 }}>
              {v}
            </Typography.Paragraph>
          ) : (
            <div>
              <Typography.Text type="secondary">—</Typography.Text>
            </div>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('community.leaders.appliedAt', { time: formatDateTime(l.createdAt) })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('community.leaders.columns.running'),
      key: 'running',
      width: 120,
      render: (_, l) =>
        l.userId ? (
          <div style={{ fontSize: 13, whiteSpace: 'nowrap' }}>
            <div>{t('community.leaders.groupCount', { count: l.groupCount })}</div>
            <div>{t('community.leaders.pointCount', { count: l.pickupPointCount })}</div>
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('community.leaders.columns.decision'),
      key: 'decision',
      width: 190,
      render: (_, l) =>
        l.decidedAt ? (
          <Tooltip title={l.decisionNote || undefined}>
            <div style={{ fontSize: 13, minWidth: 0 }}>
              <div>{l.decidedByName || (l.decidedBy === 'system' ? t('community.log.actorTypes.system') : <span className="mono">{l.decidedBy}</span>)}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                {formatDateTime(l.decidedAt)}
              </Typography.Text>
              {l.decisionNote && (
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0, fontSize: 12 }}>
                  {l.decisionNote}
                </Typography.Paragraph>
              )}
            </div>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('community.leaders.undecided')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, l) => (
        <Space size={12} wrap={false}>
          {leaderDecisionsFor(l.status).map((decision) => (
            <a
              key={decision}
              className={decision === 'reject' || decision === 'suspend' ? 'link-danger' : undefined}
              onClick={() => setDeciding({ leader: l, decision })}
              data-testid={`leader-${decision}`}
            >
              {t(`community.leaderDecisions.${decision}`)}
            </a>
          ))}
        </Space>
      ),
    },
  ];

  const emptyText =
    status || q ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.leaders.emptyFiltered')} />
    ) : (
      <EmptyHint text={t('community.leaders.empty')} hint={t('community.leaders.emptyHint')} />
    );

  const decision = deciding?.decision;
  const decisionLabel = decision ? t(`community.leaderDecisions.${decision}`) : '';

  return (
    <PageContainer title={t('community.leaders.title')} intro={t('community.leaders.intro')}>
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={status || 'all'}
          onChange={(key) => setUrl({ status: key === 'all' ? '' : key })}
          items={[{ key: 'all', label: t('common.all') }, ...LEADER_STATUSES.map((s) => ({ key: s, label: t(`community.leaderStatuses.${s}`) }))]}
        />
        <div className="toolbar">
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('community.leaders.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 300 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="leader-search"
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<Leader>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1120 }}
          tableLayout="fixed"
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="leader-table"
        />
        <CursorPager page={page} />
      </Card>

      <FormModal<DecisionForm>
        title={deciding ? t('community.leaders.decisionTitle', { action: decisionLabel, name: deciding.leader.realName }) : ''}
        open={Boolean(deciding)}
        onClose={() => setDeciding(null)}
        form={form}
        fields={['note']}
        okText={decisionLabel}
        submit={async (values) => {
          if (!deciding) return;
          const res = await api.post<ApproveLeaderResponse>(`/leaders/${encodeURIComponent(deciding.leader.id)}/${deciding.decision}`, { note: (values.note ?? '').trim() });
          message.success(t('community.leaders.decided', { action: decisionLabel, name: res.leader.realName }));
          if (deciding.decision === 'approve') {
            if (res.initialPassword) setApproved(res);
            else message.info(t('community.leaders.accountExisted', { email: res.leader.email }));
          }
          page.reload();
        }}
      >
        {deciding && (
          <div style={{ marginBottom: 12 }} data-testid="leader-decision-modal">
            <Space size={8} wrap>
              <Typography.Text strong>{deciding.leader.realName}</Typography.Text>
              <span className="mono">{deciding.leader.phone}</span>
              <LeaderStatusTag status={deciding.leader.status} />
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('community.leaders.serves', { orgUnit: deciding.leader.orgUnitName })}
              {deciding.leader.intro ? ` · ${deciding.leader.intro}` : ''}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 12 }}>
              {t(`community.leaders.decisionHelp.${deciding.decision}`, { email: deciding.leader.email })}
            </Typography.Paragraph>
          </div>
        )}
        <Form.Item
          name="note"
          label={t('community.leaders.note')}
          rules={decision && leaderNoteRequired(decision) ? [{ required: true, whitespace: true, message: t('community.leaders.noteRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={200} showCount autoFocus placeholder={t('community.leaders.notePlaceholder')} data-testid="leader-decision-note" />
        </Form.Item>
      </FormModal>

      <InitialPasswordModal approved={approved} onClose={() => setApproved(null)} />
    </PageContainer>
  );
}
