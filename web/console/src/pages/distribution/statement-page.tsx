import { useCallback, useState } from 'react';
import { Button, Card, Result, Skeleton, Space, Tag, Typography } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, toQueryString } from '../../api/client';
import { LINE_STATES, type CommissionBalance, type LineState, type Statement, type StatementLine, type StatementTotals } from '../../api/distribution-types';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { periodQuery } from './distribution-model';
import { BalanceCards, LineStateSelect, PeriodPicker } from './distribution-ui';
import { StatementLinesTable } from './statement-lines-table';

/** One beneficiary's statement: balance cards, the lines of a period with their totals, Excel export. */
export function StatementPage() {
  const { beneficiaryId = '' } = useParams();
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';
  const state = (LINE_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as LineState) : '';
  const { from, to } = periodQuery(fromDate, toDate);
  const [header, setHeader] = useState<{ beneficiary: CommissionBalance; totals: StatementTotals } | null>(null);

  const fetchPage = useCallback(
    async ({ cursor, limit }: { cursor: string | null; limit: number }) => {
      const s = await api.get<Statement>(`/distribution/statements/${encodeURIComponent(beneficiaryId)}`, { from, to, state, limit, cursor });
      setHeader({ beneficiary: s.beneficiary, totals: s.totals });
      return s.lines;
    },
    [beneficiaryId, from, to, state],
  );
  const page = useCursorPage<StatementLine>(fetchPage, JSON.stringify({ beneficiaryId, from, to, state }));
  const b = header?.beneficiary.beneficiaryId === beneficiaryId ? header.beneficiary : null;
  const exportHref = `/api/v1/distribution/statements/${encodeURIComponent(beneficiaryId)}/export${toQueryString({ from, to, state })}`;
  const crumbs = [{ title: t('menu.balances'), to: '/distribution/balances' }];

  if (page.error?.status === 404 && !b) {
    return (
      <PageContainer title={t('distribution.statement.title')} breadcrumb={crumbs}>
        <Result status="404" title={t('distribution.statement.notFound')} />
      </PageContainer>
    );
  }

  const name = b ? b.name || b.phone || b.beneficiaryId : '';
  return (
    <PageContainer
      title={
        b ? (
          <Space size={8} wrap>
            <span data-testid="statement-title">{t('distribution.statement.titleOf', { name })}</span>
            <Tag color={b.kind === 'user' ? 'green' : undefined}>{t(`distribution.beneficiaryKinds.${b.kind}`)}</Tag>
          </Space>
        ) : (
          t('distribution.statement.title')
        )
      }
      documentTitle={b ? t('distribution.statement.titleOf', { name }) : t('distribution.statement.title')}
      breadcrumb={[...crumbs, { title: name || beneficiaryId }]}
      intro={
        <span>
          {b?.phone && <span className="mono">{b.phone} · </span>}
          <Typography.Text type="secondary" className="mono">
            {beneficiaryId}
          </Typography.Text>
        </span>
      }
      extra={
        <Button icon={<FileExcelOutlined />} href={exportHref} download data-testid="statement-export">
          {t('distribution.statement.export')}
        </Button>
      }
    >
      {b ? (
        <BalanceCards balance={b} />
      ) : (
        !page.error && (
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <Skeleton active paragraph={{ rows: 2 }} />
          </Card>
        )
      )}
      <Card variant="borderless">
        <div className="toolbar">
          <PeriodPicker fromDate={fromDate} toDate={toDate} onChange={(f, to) => setUrl({ from: f, to })} />
          <LineStateSelect value={state} onChange={(v) => setUrl({ state: v })}
            data-testid="statement-state" />
          {(fromDate || toDate || state) && (
            <Button type="link" onClick={() => setUrl({ from: '', to: '', state: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <StatementLinesTable page={page} totals={header?.totals} empty={t('distribution.statement.empty')} />
      </Card>
    </PageContainer>
  );
}
