import { useCallback } from 'react';
import { Button, Card, DatePicker, Empty, Select, Table, Typography, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useUrlParams } from '../../components/use-url-params';
import { useTranslation } from 'react-i18next';
import { api, toQueryString, type Page } from '../../api/client';
import type { OrderStatus, OrderSummary } from '../../api/types';
import { useCampaignOptions } from '../../components/campaign-options';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { OrderStatusTag } from '../../components/tags';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { linesText, ORDER_STATUSES } from './order-model';
import { OrderDrawer } from './order-drawer';

const DATE = 'YYYY-MM-DD';

/** Orders in the viewer's scope with filters, CSV/Excel export and a detail drawer (`?order=`). */
export function OrderListPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const campaignId = params.get('campaignId') ?? '';
  const status = (ORDER_STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as OrderStatus) : '';
  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';
  const openId = params.get('order');
  const campaigns = useCampaignOptions(campaignId);

  // The API takes instants; the page keeps whole days in the URL and sends the viewer's day bounds.
  const from = fromDate && dayjs(fromDate, DATE).isValid() ? dayjs(fromDate, DATE).startOf('day').toISOString() : '';
  const to = toDate && dayjs(toDate, DATE).isValid() ? dayjs(toDate, DATE).endOf('day').toISOString() : '';
  const query = { campaignId, status, from, to };

  const setParam = (entries: Record<string, string | null>) => setUrl(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v ?? ''])));

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<OrderSummary>>('/orders', { campaignId, status, from, to, limit, cursor }),
    [campaignId, status, from, to],
  );
  const page = useCursorPage(fetchPage, JSON.stringify(query));
  const exportHref = (format: 'csv' | 'xlsx') => `/api/v1/orders/export${toQueryString({ format, ...query })}`;

  const columns: TableColumnsType<OrderSummary> = [
    {
      title: t('orders.fields.id'),
      key: 'id',
      width: 160,
      render: (_, o) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <a className="mono" onClick={() => setParam({ order: o.id })} title={o.id} data-testid="order-open">
            …{o.id.slice(-10)}
          </a>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(o.placedAt)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('orders.fields.campaign'),
      key: 'campaign',
      width: 200,
      ellipsis: true,
      render: (_, o) => (
        <Link to={`/campaigns/${o.campaignId}`} title={o.campaignTitle}>
          {o.campaignTitle}
        </Link>
      ),
    },
    {
      title: t('orders.fields.member'),
      dataIndex: 'memberPhone',
      width: 130,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('orders.fields.items'),
      key: 'items',
      ellipsis: { showTitle: false },
      render: (_, o) => (
        <Typography.Text ellipsis={{ tooltip: linesText(o) }} style={{ width: '100%' }}>
          {linesText(o)}
        </Typography.Text>
      ),
    },
    {
      title: t('orders.fields.total'),
      key: 'total',
      width: 110,
      align: 'right',
      render: (_, o) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{formatFen(o.totalFen)}</div>
          {o.refundedFen > 0 && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              −{formatFen(o.refundedFen)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('orders.fields.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: OrderStatus) => <OrderStatusTag status={s} />,
    },
    {
      title: t('orders.fields.fulfilment'),
      dataIndex: 'fulfilment',
      width: 100,
      render: (f: 'pickup' | 'delivery') => t(`orders.fulfilment.${f}`),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, o) => <a onClick={() => setParam({ order: o.id })}>{t('orders.details')}</a>,
    },
  ];

  const filtered = Boolean(campaignId || status || from || to);

  return (
    <PageContainer
      title={t('orders.title')}
      intro={t('orders.intro')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} href={exportHref('csv')} download data-testid="export-csv">
            {t('orders.exportCsv')}
          </Button>
          <Button icon={<FileExcelOutlined />} href={exportHref('xlsx')} download data-testid="export-xlsx">
            {t('orders.exportXlsx')}
          </Button>
        </>
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={campaignId || undefined}
            placeholder={t('orders.filters.campaign')}
            allowClear
            showSearch={{ filterOption: false, onSearch: campaigns.setQ }}
            style={{ width: 260 }}
            options={campaigns.options}
            onChange={(v: string | undefined) => setParam({ campaignId: v ?? null })}
            data-testid="order-campaign-filter"
          />
          <Select
            value={status}
            style={{ width: 150 }}
            onChange={(v: string) => setParam({ status: v })}
            options={[
              { value: '', label: `${t('orders.fields.status')}: ${t('common.all')}` },
              ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`orders.statuses.${s}`) })),
            ]}
            data-testid="order-status-filter"
          />
          <DatePicker.RangePicker
            value={[fromDate ? dayjs(fromDate, DATE) : null, toDate ? dayjs(toDate, DATE) : null]}
            allowEmpty={[true, true]}
            onChange={(range) =>
              setParam({ from: range?.[0]?.format(DATE) ?? null, to: range?.[1]?.format(DATE) ?? null })
            }
            placeholder={[t('orders.filters.from'), t('orders.filters.to')]}
          />
          {filtered && (
            <Button type="link" onClick={() => setParam({ campaignId: null, status: null, from: null, to: null })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<OrderSummary>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1100 }}
          tableLayout="fixed"
          locale={{
            emptyText: page.loading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('orders.emptyFiltered') : t('orders.empty')} />
            ),
          }}
          data-testid="order-table"
        />
        <CursorPager page={page} />
      </Card>
      <OrderDrawer orderId={openId} onClose={() => setParam({ order: null })} onChanged={page.reload} />
    </PageContainer>
  );
}
