import { useCallback, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Input, Modal, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CrownOutlined, InfoCircleOutlined, ShareAltOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoadMore } from '../../components/use-load-more';
import { formatFen } from '../../../../shared/money';
import { crmExtraClient, type InviteRole, type KocEntry } from '../../../../shared/crm-extra-types';
import { DistributorStatusTag } from '../distribution/distribution-ui';
import { isStage } from './crm-model';
import { EmptyState, ProfileLink, StageTag } from './crm-ui';
import { useCrmxT } from './crm-extra-i18n-hook';
import { distributorInvite, isDistributorStatus, type KocPart } from './koc-model';
import { LoadMoreFooter } from './profiles-table';

const crmx = crmExtraClient(api);

/** A column title with its explanation behind an (i). */
function HelpTitle({ title, help }: { title: string; help: string }) {
  return (
    <Tooltip title={help}>
      <span>
        {title} <InfoCircleOutlined style={{ color: 'rgba(0,0,0,0.35)', fontSize: 12 }} />
      </span>
    </Tooltip>
  );
}

/** Gold, silver and bronze for the first three. */
function RankBadge({ rank }: { rank: number }) {
  const colors: Record<number, string> = { 1: '#faad14', 2: '#a6a6a6', 3: '#d48806' };
  const color = colors[rank];
  return color ? (
    <span className="nowrap" style={{ fontWeight: 600, color }} data-testid="koc-rank">
      <CrownOutlined /> {rank}
    </span>
  ) : (
    <span className="mono" style={{ color: 'rgba(0,0,0,0.55)' }} data-testid="koc-rank">
      {rank}
    </span>
  );
}

interface InviteTarget {
  entry: KocEntry;
  role: InviteRole;
}

/**
 * 超级用户 (KOC): members ranked by the sales, buyers, share orders and helpful reviews they bring,
 * with what each part adds; invite one to be a distributor or to apply as a group leader.
 */
export function KocPage() {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fetchPage = useCallback((cursor: string | null) => crmx.koc({ limit: 30, cursor }), []);
  const list = useLoadMore(fetchPage, 'koc');
  // Distributor statuses changed by an invitation here, shown without reloading the list.
  const [statuses, setStatuses] = useState<Record<string, string>>({});
  const [inviting, setInviting] = useState<InviteTarget | null>(null);

  const name = (e: KocEntry) => e.name || e.phone || t('crm.noName');
  const part = (key: KocPart, money: boolean): TableColumnsType<KocEntry>[number] => ({
    title: <HelpTitle title={tx(`koc.columns.${key}`)} help={tx(`koc.help.${key}`)} />,
    key,
    width: money ? 132 : 112,
    align: 'right',
    render: (_, e) => {
      const v = e.breakdown[key];
      return (
        <span className="nowrap" style={v ? undefined : { color: 'rgba(0,0,0,0.3)' }} data-testid={`koc-${key}`}>
          {money ? formatFen(v) : v}
        </span>
      );
    },
  });

  const columns: TableColumnsType<KocEntry> = [
    { title: tx('koc.columns.rank'), key: 'rank', width: 72, fixed: 'left', render: (_, e) => <RankBadge rank={e.rank} /> },
    {
      title: tx('koc.columns.name'),
      key: 'name',
      width: 110,
      fixed: 'left',
      render: (_, e) => (
        <Typography.Text strong ellipsis={{ tooltip: name(e) }} style={{ maxWidth: '100%' }}>
          <ProfileLink id={e.id} name={e.name} phone={e.phone} />
        </Typography.Text>
      ),
    },
    { title: tx('koc.columns.phone'), dataIndex: 'phone', width: 118, render: (v: string | null) => <span className="mono nowrap">{v ?? '—'}</span> },
    {
      title: tx('koc.columns.score'),
      dataIndex: 'score',
      width: 96,
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong style={{ fontSize: 15 }} data-testid="koc-score">
          {v.toLocaleString('zh-CN')}
        </Typography.Text>
      ),
    },
    part('gmv1', true),
    part('gmv2', true),
    part('buyers', false),
    part('shareOrders', false),
    part('helpfulReviews', false),
    { title: tx('koc.columns.invited'), dataIndex: 'invitedCount', width: 96, align: 'right' },
    { title: tx('koc.columns.orders'), dataIndex: 'orderCount', width: 76, align: 'right' },
    { title: tx('koc.columns.spend'), dataIndex: 'spendFen', width: 110, align: 'right', render: (v: number) => <span className="nowrap">{formatFen(v)}</span> },
    { title: tx('koc.columns.stage'), dataIndex: 'stage', width: 100, render: (v: string) => (isStage(v) ? <StageTag stage={v} /> : <Tag style={{ marginInlineEnd: 0 }}>{v}</Tag>) },
    {
      title: tx('koc.columns.distributor'),
      key: 'distributor',
      width: 110,
      render: (_, e) => {
        const status = statuses[e.id] ?? e.distributor;
        return isDistributorStatus(status) ? <DistributorStatusTag status={status} /> : <Typography.Text type="secondary">{status ?? tx('koc.notDistributor')}</Typography.Text>;
      },
    },
    {
      title: tx('koc.columns.actions'),
      key: 'actions',
      width: 400,
      fixed: 'right',
      render: (_, e) => {
        const d = distributorInvite(statuses[e.id] ?? e.distributor);
        const distributorButton = (
          <Button size="small" type="link" icon={<ShareAltOutlined />} disabled={!d.allowed} onClick={() => setInviting({ entry: { ...e, distributor: statuses[e.id] ?? e.distributor }, role: 'distributor' })} style={{ paddingInline: 0 }} data-testid="koc-invite-distributor">
            {tx('koc.inviteDistributor')}
          </Button>
        );
        return (
          <Space size={12} wrap={false}>
            {d.allowed ? distributorButton : <Tooltip title={d.reason === 'approved' ? tx('koc.alreadyDistributor') : tx('koc.distributorApplied')}>{distributorButton}</Tooltip>}
            <Button size="small" type="link" icon={<CrownOutlined />} onClick={() => setInviting({ entry: { ...e, distributor: statuses[e.id] ?? e.distributor }, role: 'leader' })} style={{ paddingInline: 0 }} data-testid="koc-invite-leader">
              {tx('koc.inviteLeader')}
            </Button>
            <Link to={`/crm/profiles/${encodeURIComponent(e.id)}`} className="nowrap" data-testid="koc-profile-link">
              <UserOutlined /> {tx('koc.profile')}
            </Link>
          </Space>
        );
      },
    },
  ];

  return (
    <PageContainer title={tx('koc.title')} intro={tx('koc.intro')} documentTitle={tx('menu.koc')}>
      <Card variant="borderless">
        {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
        <Table<KocEntry>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 1900 }}
          tableLayout="fixed"
          locale={{ emptyText: list.loading ? ' ' : <EmptyState text={tx('koc.empty')} hint={tx('koc.emptyHint')} /> }}
          data-testid="koc-table"
        />
        <LoadMoreFooter list={list} />
      </Card>
      <InviteModal
        target={inviting}
        name={inviting ? name(inviting.entry) : ''}
        onClose={() => setInviting(null)}
        onDone={(target, status) => {
          if (target.role === 'distributor') {
            setStatuses((s) => ({ ...s, [target.entry.id]: status }));
            message.success(tx('koc.invite.sentDistributor', { name: name(target.entry) }));
          } else {
            message.success(tx('koc.invite.sentLeader', { name: name(target.entry) }));
          }
        }}
      />
    </PageContainer>
  );
}

/** Confirms an invitation, with an optional message; the server's refusal shows in the modal. */
function InviteModal({ target, name, onClose, onDone }: { target: InviteTarget | null; name: string; onClose: () => void; onDone: (target: InviteTarget, status: string) => void }) {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const role = target?.role ?? 'leader';
  const d = target ? distributorInvite(target.entry.distributor) : null;

  const send = async () => {
    if (!target) return;
    setSending(true);
    setError(null);
    try {
      const res = await crmx.invite(target.entry.id, { role: target.role, message: text.trim() });
      onDone(target, res.status);
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setSending(false);
    }
  };

  let hint: ReactNode = tx(`koc.invite.${role}Hint`);
  if (role === 'distributor' && d?.allowed && d.reinstates && target && isDistributorStatus(target.entry.distributor)) {
    hint = (
      <>
        {hint}
        <br />
        {tx('koc.invite.distributorReinstate', { status: t(`distribution.statuses.${target.entry.distributor}`) })}
      </>
    );
  }

  return (
    <Modal
      open={target !== null}
      title={role === 'distributor' ? tx('koc.invite.distributorTitle', { name }) : tx('koc.invite.leaderTitle', { name })}
      onCancel={onClose}
      onOk={() => void send()}
      okText={tx('koc.invite.send')}
      cancelText={t('common.cancel')}
      confirmLoading={sending}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (!open) {
          setText('');
          setError(null);
        }
      }}
      data-testid="koc-invite-modal"
    >
      {error && <ProblemAlert error={error} />}
      <Alert type="info" showIcon style={{ margin: '12px 0 16px' }} title={hint} />
      <Typography.Text strong style={{ display: 'block', marginBottom: 6 }}>
        {tx('koc.invite.message')}
      </Typography.Text>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        maxLength={300}
        showCount
        placeholder={role === 'distributor' ? tx('koc.invite.distributorPlaceholder') : tx('koc.invite.leaderPlaceholder')}
        data-testid="koc-invite-message"
      />
    </Modal>
  );
}
