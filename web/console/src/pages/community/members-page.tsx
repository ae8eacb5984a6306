import { useCallback } from 'react';
import { Button, Card, Empty, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { JOIN_SOURCES, ROSTER_STATUSES, type CommunityMember, type JoinSource, type RosterStatus } from '../../api/community-types';
import { useMe } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { EmptyHint, ReferrerText, RosterStatusTag, SourceTag } from './community-ui';

/**
 * 我的成员: the roster across every group the viewer sees (a leader: the groups they run, phones
 * masked), newest joiners first, with status, source and search filters kept in the URL.
 */
export function MembersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();
  const status = (ROSTER_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as RosterStatus) : '';
  const source = (JOIN_SOURCES as readonly string[]).includes(params.get('source') ?? '') ? (params.get('source') as JoinSource) : '';
  const q = params.get('q') ?? '';
  const filtered = Boolean(status || source || q);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<CommunityMember>>('/group-members', { status, source, q, limit, cursor }),
    [status, source, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ status, source, q }));

  const columns: TableColumnsType<CommunityMember> = [
    {
      title: t('community.members.columns.member'),
      key: 'member',
      width: 100,
      render: (_, m) => (
        <Typography.Text strong ellipsis={{ tooltip: m.name || m.phone }}>
          {m.name || <Typography.Text type="secondary">{t('community.roster.noName')}</Typography.Text>}
        </Typography.Text>
      ),
    },
    {
      title: t('community.members.columns.phone'),
      dataIndex: 'phone',
      width: 132,
      render: (v: string) => (
        <span className="mono" style={{ whiteSpace: 'nowrap' }} data-testid="member-phone">
          {v || '—'}
        </span>
      ),
    },
    {
      title: t('community.members.columns.group'),
      key: 'group',
      width: 170,
      render: (_, m) => (
        <Link to={`/groups/${encodeURIComponent(m.groupId)}`} data-testid="member-group">
          <Typography.Text ellipsis={{ tooltip: m.groupName }} style={{ color: 'inherit' }}>
            {m.groupName || m.groupId}
          </Typography.Text>
        </Link>
      ),
    },
    {
      title: t('community.members.columns.source'),
      key: 'source',
      width: 140,
      render: (_, m) => <SourceTag source={m.source} eventName={m.eventName} />,
    },
    {
      title: t('community.members.columns.referrer'),
      key: 'referrer',
      width: 130,
      render: (_, m) => <ReferrerText referrer={m.referrer} />,
    },
    {
      title: t('community.members.columns.joinedAt'),
      dataIndex: 'joinedAt',
      width: 140,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('community.members.columns.warnings'),
      dataIndex: 'warnings',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <Typography.Text type={v > 0 ? 'warning' : 'secondary'} data-testid="member-warnings">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('community.members.columns.status'),
      key: 'status',
      width: 140,
      render: (_, m) => (
        <div style={{ minWidth: 0 }}>
          <RosterStatusTag status={m.status} />
          {m.statusReason && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: m.statusReason }} style={{ margin: '2px 0 0', fontSize: 12 }}>
              {m.statusReason}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
  ];

  const emptyText = filtered ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.members.emptyFiltered')} />
  ) : (
    <EmptyHint text={t('community.members.empty')} hint={isLeader ? t('community.members.emptyLeaderHint') : t('community.members.emptyHint')} />
  );

  return (
    <PageContainer title={isLeader ? t('community.members.myTitle') : t('community.members.title')} intro={isLeader ? t('community.members.leaderIntro') : t('community.members.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={status}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ status: v })}
            options={[{ value: '', label: `${t('community.roster.statusFilter')}: ${t('common.all')}` }, ...ROSTER_STATUSES.map((s) => ({ value: s, label: t(`community.rosterStatuses.${s}`) }))]}
            data-testid="members-status-filter"
          />
          <Select
            value={source}
            style={{ width: 180 }}
            onChange={(v: string) => setUrl({ source: v })}
            options={[{ value: '', label: `${t('community.roster.sourceFilter')}: ${t('common.all')}` }, ...JOIN_SOURCES.map((s) => ({ value: s, label: t(`community.sources.${s}`) }))]}
            data-testid="members-source-filter"
          />
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={isLeader ? t('community.roster.searchNamePlaceholder') : t('community.roster.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 260 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="members-search"
          />
          {filtered && (
            <Button type="link" onClick={() => setUrl({ status: '', source: '', q: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<CommunityMember>
          rowKey={(m) => `${m.groupId}:${m.memberId}`}
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1060 }}
          tableLayout="fixed"
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="members-table"
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
