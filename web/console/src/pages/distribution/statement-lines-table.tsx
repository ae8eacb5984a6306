import type { ReactNode } from 'react';
import { Empty, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { StatementLine, StatementTotals } from '../../api/distribution-types';
import type { CursorPage } from '../../components/use-cursor-page';
import { CursorPager } from '../../components/cursor-pager';
import { formatDateTime } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { formatBps } from './distribution-model';
import { LineStateTag, Money, SlotTag } from './distribution-ui';

/**
 * Commission lines of one beneficiary: the order, what was bought and by whom, the rule, the base,
 * accrued / clawed back / net, and when it is released. With `totals`, a summary row for the period.
 */
export function StatementLinesTable(props: { page: CursorPage<StatementLine>; totals?: StatementTotals | null; empty: ReactNode }) {
  const { t } = useTranslation();
  const { page, totals } = props;

  const columns: TableColumnsType<StatementLine> = [
    {
      title: t('distribution.statement.columns.order'),
      key: 'order',
      width: 130,
      fixed: 'left',
      render: (_, l) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <Link className="mono" to={`/orders?order=${encodeURIComponent(l.orderId)}`} title={l.orderId}>
            …{l.orderId.slice(-10)}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(l.placedAt)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('distribution.statement.columns.item'),
      key: 'item',
      width: 180,
      ellipsis: { showTitle: false },
      render: (_, l) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: l.itemTitle }} style={{ display: 'block' }}>
            {l.itemTitle}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis={{ tooltip: l.campaignTitle }} style={{ display: 'block', fontSize: 12 }}>
            {l.campaignTitle}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('distribution.statement.columns.buyer'),
      dataIndex: 'buyer',
      width: 110,
      render: (v: string) => <span className="mono">{v}</span>,
    },
    {
      title: t('distribution.statement.columns.rule'),
      key: 'rule',
      width: 100,
      render: (_, l) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <SlotTag slot={l.slot} />
          <div style={{ fontSize: 12, marginTop: 2 }}>
            {l.method === 'rate' ? formatBps(l.rateBps) : t('distribution.rule.perUnit', { amount: formatFen(l.fixedFen) })}
          </div>
        </div>
      ),
    },
    {
      title: t('distribution.statement.columns.base'),
      key: 'base',
      width: 110,
      align: 'right',
      render: (_, l) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{formatFen(l.baseFen)}</div>
          {l.refundedFen > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('distribution.statement.refunded', { amount: formatFen(l.refundedFen) })}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('distribution.statement.columns.accrued'),
      dataIndex: 'accruedFen',
      width: 85,
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: t('distribution.statement.columns.clawed'),
      dataIndex: 'clawedFen',
      width: 85,
      align: 'right',
      render: (v: number) => (v ? <Typography.Text type="danger">−{formatFen(v)}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('distribution.statement.columns.net'),
      dataIndex: 'netFen',
      width: 95,
      align: 'right',
      render: (v: number) => <Money fen={v} strong />,
    },
    {
      title: t('distribution.statement.columns.state'),
      key: 'state',
      width: 120,
      render: (_, l) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <LineStateTag state={l.state} />
          <div style={{ fontSize: 12, marginTop: 2 }}>
            {l.releasedAt ? (
              <Typography.Text type="secondary">{formatDateTime(l.releasedAt).slice(0, 10)}</Typography.Text>
            ) : l.releaseDueAt && l.state === 'pending' ? (
              <Typography.Text type="secondary">
                {t('distribution.statement.releaseDue', { date: formatDateTime(l.releaseDueAt).slice(0, 10) })}
              </Typography.Text>
            ) : null}
          </div>
        </div>
      ),
    },
  ];

  return (
    <>
      {/* Pages of a long statement: the summary row covers the whole period, not only this page. */}
      <Table<StatementLine>
        rowKey={(l) => `${l.orderLineId}:${l.slot}`}
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        size="middle"
        scroll={{ x: 1015 }}
        tableLayout="fixed"
        locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} /> }}
        data-testid="statement-lines"
        summary={() =>
          totals && totals.lines > 0 ? (
            <Table.Summary fixed="bottom">
              <Table.Summary.Row className="summary-row" data-testid="statement-totals">
                <Table.Summary.Cell index={0} colSpan={5}>
                  <Tooltip title={t('distribution.statement.totalsHint')}>
                    <Typography.Text strong>{t('distribution.statement.totals', { count: totals.lines })}</Typography.Text>
                  </Tooltip>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  <Typography.Text strong>{formatFen(totals.accruedFen)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">
                  {totals.clawedFen ? <Typography.Text type="danger">−{formatFen(totals.clawedFen)}</Typography.Text> : '—'}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">
                  <Money fen={totals.netFen} strong data-testid="statement-net-total" />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={8} />
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <CursorPager page={page} />
    </>
  );
}
