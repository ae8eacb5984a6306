import { Card, InputNumber, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { UncollectedOrder } from '../../api/fulfilment-types';
import { useMe } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { EmptyHint } from '../community/community-ui';
import { DEFAULT_UNCOLLECTED_DAYS, uncollectedDays } from './fulfilment-model';
import { fetchUncollected } from './fulfilment-data';

/** 超期未提: orders waiting at their pickup point longer than N days (in the URL, default 3), oldest first. */
export function UncollectedPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();
  const days = uncollectedDays(params.get('days'));
  const data = useApiData(() => fetchUncollected(days), String(days));
  const items = data.data?.items ?? [];

  const columns: TableColumnsType<UncollectedOrder> = [
    {
      title: t('fulfilment.uncollected.columns.order'),
      dataIndex: 'orderId',
      width: 130,
      render: (v: string) => (
        <Link className="mono" to={`/orders?order=${encodeURIComponent(v)}`} title={v} data-testid="uncollected-order">
          …{v.slice(-8)}
        </Link>
      ),
    },
    {
      title: t('fulfilment.uncollected.columns.campaign'),
      dataIndex: 'campaignTitle',
      ellipsis: { showTitle: false },
      render: (v: string) => (
        <Typography.Text ellipsis={{ tooltip: v }} style={{ width: '100%' }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('fulfilment.uncollected.columns.member'), dataIndex: 'memberName', width: 100, render: (v: string) => v || '—' },
    { title: t('fulfilment.uncollected.columns.phone'), dataIndex: 'phone', width: 130, render: (v: string) => <span className="mono">{v}</span> },
    { title: t('fulfilment.uncollected.columns.point'), dataIndex: 'pickupPointName', width: 170 },
    ...(isLeader ? [] : [{ title: t('fulfilment.uncollected.columns.leader'), dataIndex: 'leaderName', width: 100 }]),
    { title: t('fulfilment.uncollected.columns.arrivedAt'), dataIndex: 'arrivedAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('fulfilment.uncollected.columns.daysWaiting'),
      dataIndex: 'daysWaiting',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <Tag color={v >= 7 ? 'red' : v >= DEFAULT_UNCOLLECTED_DAYS ? 'orange' : 'default'} style={{ marginInlineEnd: 0 }} data-testid="uncollected-days">
          {t('fulfilment.uncollected.daysValue', { count: v })}
        </Tag>
      ),
    },
  ];

  return (
    <PageContainer title={t('fulfilment.uncollected.title')} intro={t('fulfilment.uncollected.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <span>{t('fulfilment.uncollected.days')}</span>
          <InputNumber
            min={0}
            max={90}
            precision={0}
            value={days}
            style={{ width: 90 }}
            onChange={(v) => setUrl({ days: v === null || v === DEFAULT_UNCOLLECTED_DAYS ? '' : String(v) })}
            data-testid="uncollected-days-input"
          />
          <span>{t('fulfilment.uncollected.daysSuffix')}</span>
          <span className="toolbar-spacer" />
          {!data.loading && (
            <Typography.Text type="secondary" data-testid="uncollected-count">
              {t('fulfilment.uncollected.count', { count: items.length })}
            </Typography.Text>
          )}
        </div>
        {data.error && <ProblemAlert error={data.error} onRetry={data.reload} />}
        <Table<UncollectedOrder>
          rowKey="orderId"
          columns={columns}
          dataSource={items}
          loading={data.loading}
          pagination={false}
          scroll={{ x: isLeader ? 980 : 1080 }}
          tableLayout="fixed"
          locale={{ emptyText: data.loading ? ' ' : <EmptyHint text={t('fulfilment.uncollected.empty')} hint={t('fulfilment.uncollected.emptyHint', { days })} /> }}
          data-testid="uncollected-table"
        />
      </Card>
    </PageContainer>
  );
}
