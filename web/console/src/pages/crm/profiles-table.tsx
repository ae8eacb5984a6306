import type { ReactNode } from 'react';
import { Button, Table, Typography, type TableColumnsType } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ProfileSummary } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import type { LoadMore } from '../../components/use-load-more';
import { formatFen } from '../../../../shared/money';
import type { ProfileLookups } from './crm-data';
import { ChannelList, ProfileLink, StageTag, TagIdList } from './crm-ui';

/**
 * The CRM member table (客户列表, a segment's members): one row per person; a click on a row opens
 * the profile. Grows with "load more" instead of pages, since the API gives no total.
 */
export function ProfilesTable({ list, lookups, emptyText, testId = 'profiles-table' }: { list: LoadMore<ProfileSummary>; lookups: ProfileLookups; emptyText: ReactNode; testId?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const columns: TableColumnsType<ProfileSummary> = [
    {
      title: t('crm.profiles.columns.name'),
      key: 'name',
      width: 110,
      fixed: 'left',
      render: (_, p) => (
        <Typography.Text strong ellipsis={{ tooltip: p.name }} style={{ maxWidth: '100%' }}>
          <ProfileLink id={p.id} name={p.name} phone={p.phone} />
        </Typography.Text>
      ),
    },
    {
      title: t('crm.profiles.columns.phone'),
      dataIndex: 'phone',
      width: 118,
      render: (v: string | null) => <span className="mono nowrap">{v ?? '—'}</span>,
    },
    { title: t('crm.profiles.columns.stage'), key: 'stage', width: 90, render: (_, p) => <StageTag stage={p.stage} /> },
    { title: t('crm.profiles.columns.channels'), key: 'channels', width: 120, render: (_, p) => <ChannelList channels={p.channels} /> },
    { title: t('crm.profiles.columns.tags'), key: 'tags', render: (_, p) => <TagIdList ids={p.tagIds} tags={lookups.tags} /> },
    { title: t('crm.profiles.columns.orders'), dataIndex: 'orderCount', width: 70, align: 'right', render: (v: number) => <span data-testid="profile-orders">{v}</span> },
    { title: t('crm.profiles.columns.spend'), dataIndex: 'spendFen', width: 100, align: 'right', render: (v: number) => <span className="nowrap">{formatFen(v)}</span> },
    { title: t('crm.profiles.columns.lastOrder'), dataIndex: 'lastOrderAt', width: 140, render: (v: string | null) => <span className="nowrap">{formatDateTime(v)}</span> },
    { title: t('crm.profiles.columns.registered'), dataIndex: 'registeredAt', width: 140, render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
  ];

  return (
    <div>
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      <Table<ProfileSummary>
        rowKey="id"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 1080 }}
        tableLayout="fixed"
        rowClassName={() => 'row-clickable'}
        onRow={(p) => ({
          onClick: (e) => {
            // A click on the name's own link already navigates.
            if ((e.target as HTMLElement).closest('a')) return;
            navigate(`/crm/profiles/${encodeURIComponent(p.id)}`);
          },
        })}
        locale={{ emptyText: list.loading ? ' ' : emptyText }}
        data-testid={testId}
      />
      <LoadMoreFooter list={list} />
    </div>
  );
}

/** "加载更多" under a growing list, or how many rows it has once everything is loaded. */
export function LoadMoreFooter({ list }: { list: LoadMore<{ id: string }> }) {
  const { t } = useTranslation();
  if (list.loading || list.items.length === 0) return null;
  return (
    <div className="load-more">
      {list.hasMore ? (
        <Button onClick={list.more} loading={list.loadingMore} data-testid="load-more">
          {t('crm.loadMore', { count: list.items.length })}
        </Button>
      ) : (
        <Typography.Text type="secondary" data-testid="loaded-all">
          {t('crm.loadedAll', { count: list.items.length })}
        </Typography.Text>
      )}
    </div>
  );
}
