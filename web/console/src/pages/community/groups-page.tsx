import { useCallback, useState } from 'react';
import { App, Button, Card, Empty, Input, Progress, Select, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { GROUP_STATUSES, GROUP_TYPES, type Group, type GroupStatus, type GroupType } from '../../api/community-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { capacityPercent, inGroupCount } from './community-model';
import { EmptyHint, GroupStatusTag, GroupTypeTag, SourcesSummary } from './community-ui';
import { GroupFormModal } from './group-form-modal';

/** 群管理 (leaders: 我的群): type, status and name filters in the URL; owners and operators create groups. */
export function GroupsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useMe();
  const { can } = useSession();
  const canManage = can('community.manage');
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();
  const type = (GROUP_TYPES as readonly string[]).includes(params.get('type') ?? '') ? (params.get('type') as GroupType) : '';
  const status = (GROUP_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as GroupStatus) : '';
  const q = params.get('q') ?? '';
  const filtered = Boolean(type || status || q);
  const [creating, setCreating] = useState(false);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<Group>>('/groups', { type, status, q, limit, cursor }),
    [type, status, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ type, status, q }));

  const columns: TableColumnsType<Group> = [
    {
      title: t('community.groups.columns.group'),
      key: 'group',
      width: 240,
      render: (_, g) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/groups/${encodeURIComponent(g.id)}`} style={{ fontWeight: 500 }} data-testid="group-link">
            {g.name}
          </Link>
          <div style={{ marginTop: 4 }}>
            <GroupTypeTag type={g.type} />
          </div>
        </div>
      ),
    },
    {
      title: t('community.groups.columns.orgUnit'),
      dataIndex: 'orgUnitName',
      width: 130,
      ellipsis: true,
    },
    {
      title: t('community.groups.columns.leaders'),
      key: 'leaders',
      width: 130,
      render: (_, g) =>
        g.leaders.length ? (
          <Typography.Text ellipsis={{ tooltip: g.leaders.map((l) => l.name).join('、') }}>{g.leaders.map((l) => l.name).join('、')}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('community.groups.noLeaders')}</Typography.Text>
        ),
    },
    {
      title: t('community.groups.columns.members'),
      key: 'members',
      width: 150,
      render: (_, g) => (
        <Tooltip title={t('community.groups.membersHelp', { active: g.counts.active, muted: g.counts.muted, capacity: g.capacity })}>
          <div data-testid="group-members">
            <span style={{ fontWeight: 500 }}>{g.counts.active}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              / {g.capacity}
            </Typography.Text>
            {g.counts.muted > 0 && (
              <Typography.Text type="warning" style={{ fontSize: 12 }}>
                {' '}
                {t('community.groups.mutedCount', { count: g.counts.muted })}
              </Typography.Text>
            )}
            <Progress percent={capacityPercent(g)} size="small" showInfo={false} style={{ margin: 0 }} status={inGroupCount(g) >= g.capacity ? 'exception' : 'normal'} />
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('community.groups.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: GroupStatus) => <GroupStatusTag status={s} />,
    },
    {
      title: t('community.groups.columns.sources'),
      key: 'sources',
      width: 260,
      render: (_, g) => <SourcesSummary sources={g.sources} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, g) => <Link to={`/groups/${encodeURIComponent(g.id)}`}>{t('common.view')}</Link>,
    },
  ];

  const emptyText = filtered ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.groups.emptyFiltered')} />
  ) : (
    <EmptyHint text={t('community.groups.empty')} hint={isLeader ? t('community.groups.emptyLeaderHint') : t('community.groups.emptyHint')}>
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('community.groups.new')}
        </Button>
      )}
    </EmptyHint>
  );

  return (
    <PageContainer
      title={isLeader ? t('community.groups.myTitle') : t('community.groups.title')}
      intro={isLeader ? t('community.groups.myIntro') : t('community.groups.intro')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="group-new">
            {t('community.groups.new')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={type}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ type: v })}
            options={[
              { value: '', label: `${t('community.groups.typeFilter')}: ${t('common.all')}` },
              ...GROUP_TYPES.map((v) => ({ value: v, label: t(`community.types.${v}`) })),
            ]}
            data-testid="group-type-filter"
          />
          <Select
            value={status}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ status: v })}
            options={[
              { value: '', label: `${t('community.groups.statusFilter')}: ${t('common.all')}` },
              ...GROUP_STATUSES.map((v) => ({ value: v, label: t(`community.groupStatuses.${v}`) })),
            ]}
            data-testid="group-status-filter"
          />
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('community.groups.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 280 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="group-search"
          />
          {filtered && (
            <Button type="link" onClick={() => setUrl({ type: '', status: '', q: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<Group>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1100 }}
          tableLayout="fixed"
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="group-table"
        />
        <CursorPager page={page} />
      </Card>
      {canManage && (
        <GroupFormModal
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={(g) => {
            message.success(t('community.groups.created', { name: g.name }));
            navigate(`/groups/${encodeURIComponent(g.id)}`);
          }}
        />
      )}
    </PageContainer>
  );
}
