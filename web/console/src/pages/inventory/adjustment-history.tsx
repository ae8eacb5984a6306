import { useCallback } from 'react';
import { Drawer, Empty, Table, Typography, type TableColumnsType } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { StockAdjustment } from '../../api/types';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';

export function DeltaText({ delta }: { delta: number }) {
  return (
    <Typography.Text strong style={{ color: delta > 0 ? '#389e0d' : '#cf1322' }}>
      {delta > 0 ? `+${delta}` : delta}
    </Typography.Text>
  );
}

/** Columns shared by the drawer and the history tab: when, change, before → after, who, why. */
export function useAdjustmentColumns(extra: TableColumnsType<StockAdjustment> = []): TableColumnsType<StockAdjustment> {
  const { t } = useTranslation();
  return [
    {
      title: t('stock.columns.time'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    ...extra,
    { title: t('stock.columns.change'), dataIndex: 'delta', width: 80, align: 'right', render: (d: number) => <DeltaText delta={d} /> },
    {
      title: t('stock.columns.beforeAfter'),
      key: 'ba',
      width: 130,
      render: (_, a) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {a.quantityBefore} <ArrowRightOutlined style={{ fontSize: 10, color: '#8c8c8c' }} /> <strong>{a.quantityAfter}</strong>
        </span>
      ),
    },
    { title: t('stock.columns.actor'), key: 'actor', width: 120, render: (_, a) => a.actor?.name ?? a.actor?.type ?? '—' },
    { title: t('stock.columns.reason'), dataIndex: 'reason' },
  ];
}

/** The adjustment history of one SKU in one warehouse. */
export function AdjustmentHistoryDrawer(props: {
  open: boolean;
  warehouseId: string | null;
  skuId: string | null;
  skuCode: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      props.warehouseId && props.skuId
        ? api.get<Page<StockAdjustment>>('/stock-adjustments', {
            warehouseId: props.warehouseId,
            skuId: props.skuId,
            cursor,
            limit,
          })
        : Promise.resolve({ items: [], nextCursor: null }),
    [props.warehouseId, props.skuId],
  );
  const page = useCursorPage(fetchPage, `${props.warehouseId}|${props.skuId}|${props.open}`);
  const columns = useAdjustmentColumns();
  return (
    <Drawer title={t('stock.historyTitle', { sku: props.skuCode })} open={props.open} onClose={props.onClose} size={760}>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<StockAdjustment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stock.historyEmpty')} /> }}
      />
      <CursorPager page={page} />
    </Drawer>
  );
}
