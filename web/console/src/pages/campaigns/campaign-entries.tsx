import { useCallback, useEffect, useRef } from 'react';
import { Card, Empty, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { CampaignEntry } from '../../api/types';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTimeSeconds } from '../../components/format';

/** "黄桃×2 · 草莓×1" */
export function entryItemsText(entry: CampaignEntry): string {
  return entry.items.map((i) => `${i.title}×${i.quantity}`).join(' · ');
}

/**
 * The campaign's 接龙 list as members see it (public endpoint, names masked by the server);
 * refreshed every `refreshMs` while the campaign is live.
 */
export function CampaignEntries(props: { tenant: string; campaignId: string; refreshMs: number | null }) {
  const { t } = useTranslation();
  const { tenant, campaignId, refreshMs } = props;
  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<CampaignEntry>>(`/t/${encodeURIComponent(tenant)}/campaigns/${encodeURIComponent(campaignId)}/entries`, {
        cursor,
        limit,
      }),
    [tenant, campaignId],
  );
  const page = useCursorPage(fetchPage, `${tenant}/${campaignId}`, 20);
  const { reload, index } = page;
  // A skeleton on the first load only: the periodic refreshes must not make the list flicker.
  const loadedOnce = useRef(false);
  if (!page.loading) loadedOnce.current = true;

  useEffect(() => {
    // Only the first page moves while people join; later pages are left alone.
    if (!refreshMs || index !== 0) return;
    const timer = setInterval(reload, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reload, index]);

  return (
    <Card title={t('campaigns.entries.title')} variant="borderless" extra={<Typography.Text type="secondary">{t('campaigns.entries.help')}</Typography.Text>}>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      {!loadedOnce.current && !page.error ? (
        <Skeleton active title={false} paragraph={{ rows: 4 }} />
      ) : (
        <List<CampaignEntry>
          dataSource={page.items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.entries.empty')} /> }}
          data-testid="campaign-entries"
          renderItem={(entry) => (
            <List.Item key={entry.seq} className="entry-row">
              <div className="entry-line">
                <span className="entry-seq">{entry.seq}.</span>
                <Typography.Text strong>{entry.name}</Typography.Text>
                <Typography.Text style={{ flex: 1 }}>{entryItemsText(entry)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {formatDateTimeSeconds(entry.at)}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      <CursorPager page={page} />
    </Card>
  );
}
