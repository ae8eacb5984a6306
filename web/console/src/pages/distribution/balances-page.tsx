import { useCallback } from 'react';
import { Card, Empty, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { BalanceSort, CommissionBalance } from '../../api/distribution-types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { EmptyHint, Money } from './distribution-ui';

const SORTS: BalanceSort[] = ['earned', 'available', 'pending', 'paid'];

/** 佣金余额: every beneficiary's figures, searched and sorted (kept in the URL), each opening its statement. */
export function BalancesPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const q = params.get('q') ?? '';
  const sort = (SORTS as string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as BalanceSort) : 'earned';

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<CommissionBalance>>('/distribution/balances', { q, sort, limit, cursor }),
    [q, sort],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ q, sort }));

  const money = (field: 'earnedFen' | 'pendingFen' | 'availableFen' | 'inPayoutFen' | 'paidFen', key: string, sortKey?: BalanceSort) => ({
    title: t(`distribution.balance.${key}` as 'distribution.balance.earned'),
    dataIndex: field,
    width: 120,
    align: 'right' as const,
    className: sortKey === sort ? 'ant-table-column-sort' : undefined,
    render: (v: number) => <Money fen={v} strong={field === 'availableFen'} />,
  });

  const columns: TableColumnsType<CommissionBalance> = [
    {
      title: t('distribution.balances.beneficiary'),
      key: 'beneficiary',
      render: (_, b) => (
        <div>
          <Link to={`/distribution/statements/${encodeURIComponent(b.beneficiaryId)}`} style={{ fontWeight: 500 }}>
            {b.name || b.phone || b.beneficiaryId}
          </Link>{' '}
          <Tag style={{ marginInlineStart: 4 }} color={b.kind === 'user' ? 'green' : undefined}>
            {t(`distribution.beneficiaryKinds.${b.kind}`)}
          </Tag>
          {b.name && b.phone && (
            <div>
              <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                {b.phone}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    money('earnedFen', 'earned', 'earned'),
    money('pendingFen', 'pending', 'pending'),
    money('availableFen', 'available', 'available'),
    money('inPayoutFen', 'inPayout'),
    money('paidFen', 'paid', 'paid'),
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, b) => (
        <Link to={`/distribution/statements/${encodeURIComponent(b.beneficiaryId)}`} data-testid="balance-statement">
          {t('distribution.distributors.statement')}
        </Link>
      ),
    },
  ];

  return (
    <PageContainer title={t('distribution.balances.title')} intro={t('distribution.balances.intro')}>
      <Card variant="borderless">
        <div className="toolbar">
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            placeholder={t('distribution.balances.searchPlaceholder')}
            allowClear
            enterButton
            style={{ width: 300 }}
            onSearch={(v) => setUrl({ q: v.trim() })}
            data-testid="balance-search"
          />
          <Select
            value={sort}
            style={{ width: 160 }}
            onChange={(v: BalanceSort) => setUrl({ sort: v === 'earned' ? '' : v })}
            options={SORTS.map((s) => ({ value: s, label: t(`distribution.balances.sorts.${s}`) }))}
            data-testid="balance-sort"
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<CommissionBalance>
          rowKey="beneficiaryId"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{
            emptyText: page.loading ? (
              ' '
            ) : q ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('distribution.balances.emptyFiltered')} />
            ) : (
              <EmptyHint text={t('distribution.balances.empty')} hint={t('distribution.balances.emptyHint')} />
            ),
          }}
          data-testid="balance-table"
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
