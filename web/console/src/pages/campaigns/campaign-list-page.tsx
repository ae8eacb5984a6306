import { useCallback } from 'react';
import { useUrlParams } from '../../components/use-url-params';
import { Button, Card, Empty, Input, Progress, Table, Tabs, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { CampaignStatus, CampaignSummary } from '../../api/types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { CampaignStatusTag } from '../../components/tags';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';
import { formatFen, formatFenRange } from '../../../../shared/money';
import { CAMPAIGN_STATUSES, canManageCampaign, isEditable, thresholdPercent, thresholdText } from './campaign-model';

/** 团购 list: status tabs, search, live figures per campaign. */
export function CampaignListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { can } = useSession();
  const canWrite = can('campaigns.write');
  const [params, setUrl] = useUrlParams();
  const status = (CAMPAIGN_STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as CampaignStatus) : '';
  const q = params.get('q') ?? '';
  const filters = { status, q };

  const setFilter = (key: string, value: string) => setUrl({ [key]: value });

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<CampaignSummary>>('/campaigns', { status, q, limit, cursor }),
    [status, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify(filters));

  const columns: TableColumnsType<CampaignSummary> = [
    {
      title: t('campaigns.columns.campaign'),
      key: 'campaign',
      minWidth: 260,
      render: (_, c) => {
        const prices = c.items.map((i) => i.priceFen);
        return (
          <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
            {c.coverImages[0] ? (
              <img className="product-thumb" src={c.coverImages[0]} alt="" loading="lazy" />
            ) : (
              <span className="product-thumb">
                <PictureOutlined />
              </span>
            )}
            <div style={{ minWidth: 0 }}>
              <Link to={`/campaigns/${c.id}`} style={{ fontWeight: 500 }}>
                {c.title}
              </Link>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatFenRange(prices.length ? Math.min(...prices) : null, prices.length ? Math.max(...prices) : null)}
                </Typography.Text>
              </div>
            </div>
          </div>
        );
      },
    },
    {
      title: t('campaigns.columns.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: CampaignStatus) => <CampaignStatusTag status={s} />,
    },
    {
      title: t('campaigns.columns.window'),
      key: 'window',
      width: 190,
      render: (_, c) => (
        <div style={{ whiteSpace: 'nowrap', fontSize: 13 }}>
          <div>{formatDateTime(c.startsAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t('campaigns.until', { time: formatDateTime(c.endsAt) })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('campaigns.columns.items'),
      key: 'items',
      width: 80,
      align: 'right',
      render: (_, c) => c.items.length,
    },
    {
      title: t('campaigns.columns.participants'),
      key: 'participants',
      width: 160,
      render: (_, c) => (
        <Tooltip title={thresholdText(t, c.threshold)}>
          <div data-testid="campaign-participants">
            <span style={{ fontWeight: 500 }}>{c.figures.participants}</span>
            {c.threshold.kind !== 'none' && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                / {t(`campaigns.threshold.${c.threshold.kind}Goal`, { value: c.threshold.value })}
              </Typography.Text>
            )}
            {c.threshold.kind !== 'none' && (
              <Progress percent={thresholdPercent(c)} size="small" showInfo={false} style={{ margin: 0 }} />
            )}
          </div>
        </Tooltip>
      ),
    },
    {
      title: t('campaigns.columns.unitsSold'),
      key: 'unitsSold',
      width: 90,
      align: 'right',
      render: (_, c) => c.figures.unitsSold,
    },
    {
      title: t('campaigns.columns.gmv'),
      key: 'gmv',
      width: 120,
      align: 'right',
      render: (_, c) => <span style={{ whiteSpace: 'nowrap' }}>{formatFen(c.figures.gmvFen)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_, c) => (
        <span style={{ display: 'inline-flex', gap: 12 }}>
          <Link to={`/campaigns/${c.id}`}>{t('common.view')}</Link>
          {canWrite && isEditable(c.status) && canManageCampaign(me.actor, c) && (
            <Link to={`/campaigns/${c.id}/edit`}>{t('common.edit')}</Link>
          )}
        </span>
      ),
    },
  ];

  const emptyText =
    status || q ? (
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.emptyFiltered')} />
    ) : (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span>
            {t('campaigns.empty')}
            <br />
            <Typography.Text type="secondary">{t('campaigns.emptyHint')}</Typography.Text>
          </span>
        }
      >
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')}>
            {t('campaigns.new')}
          </Button>
        )}
      </Empty>
    );

  return (
    <PageContainer
      title={t('campaigns.title')}
      intro={t('campaigns.intro')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/campaigns/new')} data-testid="campaign-new">
            {t('campaigns.new')}
          </Button>
        )
      }
    >
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={status || 'all'}
          onChange={(key) => setFilter('status', key === 'all' ? '' : key)}
          items={[
            { key: 'all', label: t('common.all') },
            ...CAMPAIGN_STATUSES.map((s) => ({ key: s, label: t(`campaigns.statuses.${s}`) })),
          ]}
        />
        <div className="toolbar">
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('campaigns.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 300 }}
            onSearch={(v) => setFilter('q', v.trim())}
            data-testid="campaign-search"
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<CampaignSummary>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1040 }}
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="campaign-table"
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
