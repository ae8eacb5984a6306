import { useCallback } from 'react';
import { Alert, Card, Col, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { LINE_STATES, type LineState, type MyEarnings, type StatementLine } from '../../api/distribution-types';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { periodQuery } from './distribution-model';
import { BalanceCards, LineStateSelect, PeriodPicker } from './distribution-ui';
import { StatementLinesTable } from './statement-lines-table';
import { CampaignPicker, ReferralLinkView } from './referral-link';

/** 我的佣金 (leaders): their balance, their lines, and a share link + QR code for a chosen campaign. */
export function MyCommissionPage() {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const fromDate = params.get('from') ?? '';
  const toDate = params.get('to') ?? '';
  const state = (LINE_STATES as readonly string[]).includes(params.get('state') ?? '') ? (params.get('state') as LineState) : '';
  const campaignId = params.get('campaignId') ?? undefined;
  const { from, to } = periodQuery(fromDate, toDate);
  const earnings = useApiData(() => api.get<MyEarnings>('/me/earnings'), 'my-earnings');

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<StatementLine>>('/me/earnings/lines', { from, to, state, limit, cursor }),
    [from, to, state],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ from, to, state }));
  const e = earnings.data;

  return (
    <PageContainer title={t('distribution.mine.title')} intro={t('distribution.mine.intro')}>
      {earnings.error && <ProblemAlert error={earnings.error} onRetry={earnings.reload} />}
      {e ? (
        <>
          {!e.canEarn && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('distribution.mine.cannotEarn')} />}
          <BalanceCards balance={e.balance} />
        </>
      ) : (
        !earnings.error && (
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <Skeleton active paragraph={{ rows: 2 }} />
          </Card>
        )
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card variant="borderless" title={t('distribution.mine.share')} data-testid="my-share">
            <div style={{ marginBottom: 16, display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
              <Typography.Text>{t('distribution.mine.chooseCampaign')}</Typography.Text>
              <div style={{ flex: 1, minWidth: 240 }}>
                <CampaignPicker value={campaignId} onChange={(id) => setUrl({ campaignId: id ?? '' })} />
              </div>
              {e && (
                <Typography.Text type="secondary">
                  {t('distribution.mine.referred')} <Typography.Text strong>{e.referredMembers}</Typography.Text>
                </Typography.Text>
              )}
            </div>
            <ReferralLinkView campaignId={campaignId} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card variant="borderless" title={t('distribution.mine.lines')}>
            <div className="toolbar">
              <PeriodPicker fromDate={fromDate} toDate={toDate} onChange={(f, to) => setUrl({ from: f, to })} />
              <LineStateSelect value={state} onChange={(v) => setUrl({ state: v })} />
            </div>
            {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
            <StatementLinesTable
              page={page}
              empty={
                <span>
                  {t('distribution.mine.empty')}
                  <br />
                  <Typography.Text type="secondary">{t('distribution.mine.emptyHint')}</Typography.Text>
                </span>
              }
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}
