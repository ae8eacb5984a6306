import type { ReactNode } from 'react';
import { Card, Descriptions, Progress, Statistic, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined, SyncOutlined, TrophyOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { useApiData } from '../../components/use-api-data';
import { formatFen } from '../../../../shared/money';
import { crmExtraClient, type ProfileCrmExtras } from '../../../../shared/crm-extra-types';
import { useCrmxT } from './crm-extra-i18n-hook';
import { isMoneyPart, kocParts } from './koc-model';
import { nextTier } from './tiers-model';
import { ThresholdText } from './tiers-ui';

const crmx = crmExtraClient(api);

/**
 * The profile fields the panel reads. A profile as GET /crm/profiles/:id answers it has them all;
 * any missing one shows as unknown.
 */
export type TierKocProfile = { id: string; tierId?: string | null; status?: string } & Partial<ProfileCrmExtras>;

const REASON_ICONS: Record<string, ReactNode> = { upgrade: <ArrowUpOutlined />, downgrade: <ArrowDownOutlined />, rules: <SyncOutlined /> };
const REASON_COLORS: Record<string, string> = { upgrade: 'green', downgrade: 'orange', rules: 'blue' };

/**
 * 会员等级 and KOC 分 for the profile page: the tier held, since when, the metric the tier rules
 * count (spend or points in their window), how far the next tier is, the tier changes, and the KOC
 * score with what each part adds.
 */
export function TierKocPanel({ profile: p }: { profile: TierKocProfile }) {
  const tx = useCrmxT();
  const tiers = useApiData(() => crmx.tiers(), 'crm-tiers');
  const list = tiers.data;
  const rules = list?.rules ?? null;
  const names = new Map((list?.tiers ?? []).map((x) => [x.id, x.name]));
  const metric = p.tierMetric ?? 0;
  const tierId = p.tierId ?? (p.tierName ? (list?.tiers.find((x) => x.name === p.tierName)?.id ?? null) : null);
  // A merged or erased profile moves no more: no next tier for it.
  const next = list && (p.status ?? 'active') === 'active' ? nextTier(list, tierId, metric) : null;
  const history = p.tierHistory ?? [];
  const tierLabel = (id: string | null) => (id ? (names.get(id) ?? id) : tx('tierKoc.none'));
  const metricText = (value: number) => (rules?.basis === 'points' ? tx('tiers.points', { count: value.toLocaleString('zh-CN') }) : formatFen(value));

  const score = p.kocScore ?? 0;
  const parts = p.koc ? kocParts(p.koc) : [];

  return (
    <>
      <Card variant="borderless" title={tx('tierKoc.tierTitle')} style={{ marginBottom: 16 }} data-testid="profile-tier">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={tx('tierKoc.tier')}>
            {p.tierName ? (
              <Tag color="gold" icon={<TrophyOutlined />} style={{ marginInlineEnd: 0 }} data-testid="profile-tier-name">
                {p.tierName}
              </Tag>
            ) : (
              <Typography.Text type="secondary" data-testid="profile-tier-name">
                {tx('tierKoc.noTier')}
              </Typography.Text>
            )}
          </Descriptions.Item>
          {p.tierName && <Descriptions.Item label={tx('tierKoc.since')}>{formatDateTime(p.tierSince ?? null)}</Descriptions.Item>}
          <Descriptions.Item label={rules ? (rules.basis === 'points' ? tx('tierKoc.metricPoints', { days: rules.windowDays }) : tx('tierKoc.metricSpend', { days: rules.windowDays })) : tx('tierKoc.metric')}>
            <span data-testid="profile-tier-metric">{p.tierMetric === undefined ? '—' : metricText(metric)}</span>
          </Descriptions.Item>
        </Descriptions>
        {list && !rules && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {tx('tierKoc.manual')}
          </Typography.Text>
        )}
        {next && next !== 'top' && next.gap > 0 && next.tier.threshold !== null && (
          <div style={{ marginTop: 4 }} data-testid="profile-tier-next">
            <Progress percent={Math.min(100, Math.floor((metric / next.tier.threshold) * 100))} size="small" showInfo={false} strokeColor="#faad14" style={{ margin: 0 }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {rules?.basis === 'points' ? tx('tierKoc.nextPoints', { gap: next.gap.toLocaleString('zh-CN'), tier: next.tier.name }) : tx('tierKoc.nextSpend', { gap: formatFen(next.gap), tier: next.tier.name })}
              {' · '}
              <ThresholdText basis={rules?.basis} threshold={next.tier.threshold} tx={tx} />
            </Typography.Text>
          </div>
        )}
        {next === 'top' && p.tierName && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="profile-tier-next">
            {tx('tierKoc.top')}
          </Typography.Text>
        )}
        <Typography.Text strong style={{ display: 'block', margin: '16px 0 8px' }}>
          {tx('tierKoc.history')}
        </Typography.Text>
        {history.length === 0 ? (
          <Typography.Text type="secondary">{tx('tierKoc.noHistory')}</Typography.Text>
        ) : (
          <Timeline
            data-testid="profile-tier-history"
            items={history.map((h, i) => ({
              key: `${h.at}:${i}`,
              content: (
                <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
                  <Tag color={REASON_COLORS[h.reason] ?? 'default'} icon={REASON_ICONS[h.reason]} style={{ marginInlineEnd: 0 }}>
                    {h.reason === 'upgrade' || h.reason === 'downgrade' || h.reason === 'rules' ? tx(`tierKoc.reasons.${h.reason}`) : h.reason}
                  </Tag>
                  <span>{tx('tierKoc.change', { from: tierLabel(h.from), to: tierLabel(h.to) })}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(h.at)} · {tx('tierKoc.atMetric', { metric: metricText(h.metric) })}
                  </Typography.Text>
                </span>
              ),
            }))}
          />
        )}
      </Card>

      <Card
        variant="borderless"
        title={tx('tierKoc.kocTitle')}
        style={{ marginBottom: 16 }}
        extra={
          <Link to="/crm/koc" style={{ fontSize: 13 }}>
            {tx('tierKoc.kocRanking')}
          </Link>
        }
        data-testid="profile-koc"
      >
        <Statistic value={score} suffix={<span style={{ fontSize: 14 }}>{tx('tierKoc.scoreUnit')}</span>} styles={{ content: { fontSize: 26 } }} data-testid="profile-koc-score" />
        {parts.length === 0 ? (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {tx('tierKoc.kocNone')}
          </Typography.Text>
        ) : (
          <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }} data-testid="profile-koc-parts">
            {parts.map((part) => (
              <li key={part.part} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '4px 0', borderTop: '1px dashed rgba(5,5,5,0.06)' }} data-part={part.part}>
                <span style={{ flex: 1, minWidth: 0 }}>
                  {tx(`tierKoc.parts.${part.part}`, { value: isMoneyPart(part.part) ? formatFen(part.value) : part.value.toLocaleString('zh-CN') })}{' '}
                  <Tooltip title={tx(`koc.help.${part.part}`)}>
                    <InfoCircleOutlined style={{ color: 'rgba(0,0,0,0.35)', fontSize: 12 }} />
                  </Tooltip>
                </span>
                <Typography.Text strong className="nowrap">
                  +{tx('tierKoc.part', { points: part.points.toLocaleString('zh-CN') })}
                </Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
