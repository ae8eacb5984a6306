import { useCallback, useMemo, useState } from 'react';
import { useUrlParams } from '../../components/use-url-params';
import { Button, Card, Empty, Input, Select, Space, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { HistoryOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { StockAdjustment, StockLevel } from '../../api/types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useWarehouses } from '../../components/reference-data';
import { formatDateTime, formatSpecs } from '../../components/format';
import { AdjustStockModal, type AdjustTarget } from './adjust-stock-modal';
import { AdjustmentHistoryDrawer, useAdjustmentColumns } from './adjustment-history';

export function StockPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canWrite = can('inventory.write');
  const [params, setUrl] = useUrlParams();
  const warehouseId = params.get('warehouseId') ?? '';
  const q = params.get('q') ?? '';
  const tab = params.get('tab') === 'history' ? 'history' : 'levels';
  const warehouses = useWarehouses();
  const [adjusting, setAdjusting] = useState<{ target: AdjustTarget | null } | null>(null);
  const [history, setHistory] = useState<StockLevel | null>(null);

  const setParam = (key: string, value: string) => setUrl({ [key]: value });

  const fetchLevels = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<StockLevel>>('/stock-levels', { warehouseId, q, cursor, limit }),
    [warehouseId, q],
  );
  const levels = useCursorPage(fetchLevels, `${warehouseId}|${q}`);

  const fetchHistory = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      tab === 'history'
        ? api.get<Page<StockAdjustment>>('/stock-adjustments', { warehouseId, cursor, limit })
        : Promise.resolve({ items: [], nextCursor: null }),
    [warehouseId, tab],
  );
  const adjustments = useCursorPage(fetchHistory, `${warehouseId}|${tab}`);

  const warehouseNames = useMemo(() => new Map((warehouses.data ?? []).map((w) => [w.id, w.name])), [warehouses.data]);

  const levelColumns: TableColumnsType<StockLevel> = [
    {
      title: t('stock.product'),
      dataIndex: 'productTitle',
      render: (title: string, row) => <Link to={`/products/${row.productId}`}>{title}</Link>,
    },
    { title: t('stock.sku'), dataIndex: 'skuCode', width: 140, render: (v: string) => <span className="mono">{v}</span> },
    { title: t('stock.specs'), dataIndex: 'specs', render: (s: Record<string, string>) => formatSpecs(s) },
    { title: t('stock.warehouse'), dataIndex: 'warehouseName', width: 160 },
    {
      title: t('stock.onHand'),
      dataIndex: 'onHand',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong type={v <= 0 ? 'danger' : undefined} style={{ fontSize: 15 }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, row) => (
        <Space size={4}>
          {canWrite && (
            <Button
              type="link"
              size="small"
              icon={<SwapOutlined />}
              onClick={() => setAdjusting({ target: row })}
              data-testid={`adjust-${row.skuCode}`}
            >
              {t('stock.adjust')}
            </Button>
          )}
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(row)}>
            {t('stock.history')}
          </Button>
        </Space>
      ),
    },
  ];

  const historyColumns = useAdjustmentColumns([
    { title: t('stock.warehouse'), dataIndex: 'warehouseId', width: 140, render: (id: string) => warehouseNames.get(id) ?? id },
    {
      title: t('stock.product'),
      key: 'sku',
      width: 220,
      render: (_, a) => (
        <div>
          <div>{a.productTitle}</div>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {a.skuCode}
          </Typography.Text>
        </div>
      ),
    },
  ]);

  const toolbar = (
    <div className="toolbar">
      <Select
        value={warehouseId}
        style={{ width: 200 }}
        loading={warehouses.loading}
        onChange={(v: string) => setParam('warehouseId', v)}
        options={[
          { value: '', label: t('stock.allWarehouses') },
          ...(warehouses.data ?? []).map((w) => ({ value: w.id, label: w.name })),
        ]}
      />
      {tab === 'levels' && (
        <Input.Search
          key={`q-${q}`}
          defaultValue={q}
          allowClear
          enterButton
          placeholder={t('stock.searchPlaceholder')}
          style={{ width: 300 }}
          onSearch={(v) => setParam('q', v.trim())}
        />
      )}
    </div>
  );

  return (
    <PageContainer
      title={t('stock.title')}
      extra={
        canWrite && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdjusting({ target: null })}
            disabled={!warehouses.data?.length}
          >
            {t('stock.newAdjustment')}
          </Button>
        )
      }
    >
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParam('tab', key === 'history' ? 'history' : '')}
          items={[
            {
              key: 'levels',
              label: t('stock.tabLevels'),
              children: (
                <>
                  {toolbar}
                  {levels.error && <ProblemAlert error={levels.error} onRetry={levels.reload} />}
                  <Table<StockLevel>
                    rowKey={(r) => `${r.warehouseId}:${r.skuId}`}
                    columns={levelColumns}
                    dataSource={levels.items}
                    loading={levels.loading}
                    pagination={false}
                    scroll={{ x: 1000 }}
                    locale={{
                      emptyText: levels.loading ? (
                        ' '
                      ) : (
                        <Empty
                          image={Empty.PRESENTED_IMAGE_SIMPLE}
                          description={
                            <span>
                              {t('stock.empty')}
                              <br />
                              <Typography.Text type="secondary">{t('stock.emptyHint')}</Typography.Text>
                            </span>
                          }
                        />
                      ),
                    }}
                  />
                  <CursorPager page={levels} />
                </>
              ),
            },
            {
              key: 'history',
              label: t('stock.tabHistory'),
              children: (
                <>
                  {toolbar}
                  {adjustments.error && <ProblemAlert error={adjustments.error} onRetry={adjustments.reload} />}
                  <Table<StockAdjustment>
                    rowKey="id"
                    columns={historyColumns}
                    dataSource={adjustments.items}
                    loading={adjustments.loading}
                    pagination={false}
                    scroll={{ x: 900 }}
                    locale={{
                      emptyText: adjustments.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stock.historyEmpty')} />,
                    }}
                  />
                  <CursorPager page={adjustments} />
                </>
              ),
            },
          ]}
        />
      </Card>
      <AdjustStockModal
        open={adjusting !== null}
        target={adjusting?.target ?? null}
        warehouses={warehouses.data ?? []}
        defaultWarehouseId={warehouseId || warehouses.data?.[0]?.id}
        onClose={() => setAdjusting(null)}
        onDone={() => {
          levels.reload();
          adjustments.reload();
        }}
      />
      <AdjustmentHistoryDrawer
        open={history !== null}
        warehouseId={history?.warehouseId ?? null}
        skuId={history?.skuId ?? null}
        skuCode={history?.skuCode ?? ''}
        onClose={() => setHistory(null)}
      />
    </PageContainer>
  );
}
