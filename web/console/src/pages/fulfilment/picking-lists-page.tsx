import { useCallback } from 'react';
import { Button, Card, Empty, Select, Table, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { PICKING_LIST_STATUSES, type PickingListStatus, type PickingListSummary } from '../../api/fulfilment-types';
import { useMe } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { useCampaignOptions } from '../../components/campaign-options';
import { formatDateTime } from '../../components/format';
import { EmptyHint } from '../community/community-ui';
import { PickingListStatusTag } from './fulfilment-ui';

/**
 * 拣货单: one per campaign and pickup point, newest first, filtered by status and campaign (in the
 * URL). Leaders see their own points' lists (the server scopes them).
 */
export function PickingListsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();
  const status = (PICKING_LIST_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as PickingListStatus) : '';
  const campaignId = params.get('campaignId') ?? '';
  const campaigns = useCampaignOptions(campaignId);
  const filtered = Boolean(status || campaignId);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<PickingListSummary>>('/picking-lists', { status, campaignId, limit, cursor }),
    [status, campaignId],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ status, campaignId }));

  const columns: TableColumnsType<PickingListSummary> = [
    {
      title: t('fulfilment.lists.columns.campaign'),
      key: 'campaign',
      width: 240,
      render: (_, l) => (
        <div style={{ minWidth: 0 }}>
          <Link to={`/fulfilment/picking-lists/${l.id}`} data-testid="list-link">
            <Typography.Text strong ellipsis={{ tooltip: l.campaignTitle }} style={{ maxWidth: '100%', color: 'inherit' }}>
              {l.campaignTitle || l.campaignId}
            </Typography.Text>
          </Link>
          <Typography.Text type="secondary" className="mono" ellipsis={{ tooltip: l.id }} style={{ fontSize: 12, maxWidth: '100%', display: 'block' }}>
            {l.id}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('fulfilment.lists.columns.point'),
      key: 'point',
      width: 220,
      render: (_, l) => (
        <div style={{ minWidth: 0 }} data-testid="list-point">
          <div>{l.pickupPointName}</div>
          <Typography.Text type="secondary" ellipsis={{ tooltip: l.pickupPointAddress }} style={{ fontSize: 12, maxWidth: '100%' }}>
            {l.pickupPointAddress}
          </Typography.Text>
        </div>
      ),
    },
    ...(isLeader ? [] : [{ title: t('fulfilment.lists.columns.leader'), dataIndex: 'leaderName', width: 100 }]),
    {
      title: t('fulfilment.lists.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: PickingListStatus) => <PickingListStatusTag status={s} />,
    },
    {
      title: t('fulfilment.lists.columns.orders'),
      dataIndex: 'orderCount',
      width: 80,
      align: 'right',
      render: (v: number) => <span data-testid="list-orders">{v}</span>,
    },
    { title: t('fulfilment.lists.columns.units'), dataIndex: 'unitCount', width: 80, align: 'right' },
    {
      title: t('fulfilment.lists.columns.times'),
      key: 'times',
      width: 190,
      render: (_, l) => (
        <div style={{ fontSize: 12, lineHeight: 1.7, whiteSpace: 'nowrap' }}>
          <div>{t('fulfilment.lists.createdAt', { time: formatDateTime(l.createdAt) })}</div>
          {l.dispatchedAt && <div>{t('fulfilment.lists.dispatchedAt', { time: formatDateTime(l.dispatchedAt) })}</div>}
          {l.arrivedAt && <div>{t('fulfilment.lists.arrivedAt', { time: formatDateTime(l.arrivedAt) })}</div>}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, l) => <Link to={`/fulfilment/picking-lists/${l.id}`}>{t('fulfilment.lists.open')}</Link>,
    },
  ];

  return (
    <PageContainer title={t('fulfilment.lists.title')} intro={isLeader ? t('fulfilment.lists.leaderIntro') : t('fulfilment.lists.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={status}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ status: v })}
            options={[
              { value: '', label: `${t('fulfilment.lists.statusFilter')}: ${t('common.all')}` },
              ...PICKING_LIST_STATUSES.map((s) => ({ value: s, label: t(`fulfilment.listStatuses.${s}`) })),
            ]}
            data-testid="list-status-filter"
          />
          <Select
            value={campaignId || undefined}
            placeholder={t('fulfilment.lists.campaignFilter')}
            allowClear
            showSearch={{ filterOption: false, onSearch: campaigns.setQ }}
            style={{ width: 280 }}
            options={campaigns.options}
            onChange={(v: string | undefined) => setUrl({ campaignId: v ?? '' })}
            data-testid="list-campaign-filter"
          />
          {filtered && (
            <Button type="link" onClick={() => setUrl({ status: '', campaignId: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<PickingListSummary>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: isLeader ? 990 : 1090 }}
          tableLayout="fixed"
          locale={{
            emptyText: page.loading ? (
              ' '
            ) : filtered ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fulfilment.lists.emptyFiltered')} />
            ) : (
              <EmptyHint text={t('fulfilment.lists.empty')} hint={t('fulfilment.lists.emptyHint')} />
            ),
          }}
          data-testid="list-table"
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
