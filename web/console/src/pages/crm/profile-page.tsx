import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Result, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { formatFen } from '../../../../shared/money';
import { useMemberTiers } from '../../components/reference-data';
import { crm } from './crm-data';
import { ChannelList, SourceText, StageTag } from './crm-ui';
import { MergeButton } from './profile-merge';
import { IdentitiesCard, MembershipCard, ProfileTagsCard, ReferralCard, StageHistoryCard, WindowsCard } from './profile-sections';
import { ProfileTimeline } from './profile-timeline';
import { PrivacyPanel } from './privacy-panel';
import { TierKocPanel } from './tier-koc-panel';

/**
 * One person: who they are and how they came, what they bought (over each window), their tags,
 * groups, org units and external ids, who invited them and whom they invited, the segments they
 * are in, their lifecycle stage and its history, their timeline, and merging a duplicate into them.
 */
export function ProfilePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const profile = useApiData(() => crm.profile(id), `profile:${id}:${version}`);
  const tiers = useMemberTiers();
  const crumbs = [{ title: t('crm.profiles.title'), to: '/crm/profiles' }];
  const p = profile.data?.id === id ? profile.data : undefined;
  const reload = () => setVersion((v) => v + 1);

  if (!p) {
    return (
      <PageContainer title={t('crm.profile.title')} breadcrumb={crumbs}>
        {profile.error ? (
          profile.error.status === 404 ? (
            <Result status="404" title={t('crm.profile.notFound')} />
          ) : (
            <ProblemAlert error={profile.error} onRetry={profile.reload} />
          )
        ) : (
          <Card variant="borderless">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )}
      </PageContainer>
    );
  }

  const active = p.status === 'active';
  const tier = p.tierId ? (tiers.data?.find((x) => x.id === p.tierId)?.name ?? p.tierId) : null;
  const name = p.name || p.phone || t('crm.noName');
  return (
    <PageContainer
      title={
        <Space size={10} wrap>
          <span data-testid="profile-name">{name}</span>
          {active ? (
            <StageTag stage={p.stage} />
          ) : (
            <Tag style={{ marginInlineEnd: 0 }} data-testid="profile-status">
              {t(`crm.profile.statuses.${p.status === 'erased' ? 'erased' : 'merged'}`)}
            </Tag>
          )}
        </Space>
      }
      documentTitle={name}
      breadcrumb={[...crumbs, { title: name }]}
      extra={active && <MergeButton profile={p} onMerged={reload} />}
    >
      {profile.error && <ProblemAlert error={profile.error} onRetry={profile.reload} />}
      <MergedBanner profile={p} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" data-testid="profile-info">
          <Descriptions.Item label={t('crm.profile.phone')}>
            <span className="mono">{p.phone ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.stage')}>
            <span data-testid="profile-stage-since">{t('crm.profile.stageSince', { stage: t(`crm.stages.${p.stage}`), date: formatDateTime(p.stageSince) })}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.tier')}>{tier ?? <Typography.Text type="secondary">{t('crm.profile.noTier')}</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.source')}>
            <SourceText source={p.source} />
          </Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.channels')}>
            <ChannelList channels={p.channels} />
          </Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.registered')}>{formatDateTime(p.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.lastEvent')}>{formatDateTime(p.lastEventAt)}</Descriptions.Item>
          <Descriptions.Item label={t('crm.profile.id')}>
            <Typography.Text className="mono" copyable={{ text: p.id }} style={{ fontSize: 12 }}>
              {p.id}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <div className="crm-stats" data-testid="profile-stats">
        {(
          [
            ['orders', p.orderCount, false],
            ['spend', formatFen(p.spendFen), false],
            ['average', formatFen(p.averageOrderFen), false],
            ['lastOrder', p.lastOrderAt ? formatDateTime(p.lastOrderAt) : t('crm.profile.stats.never'), true],
            ['firstOrder', p.firstOrderAt ? formatDateTime(p.firstOrderAt) : t('crm.profile.stats.never'), true],
          ] as const
        ).map(([key, value, isDate]) => (
          <Card key={key} variant="borderless" size="small" className="figure-card">
            <Statistic title={t(`crm.profile.stats.${key}`)} value={value} styles={{ content: { fontSize: isDate ? 17 : 22, lineHeight: '32px' } }} data-testid={`profile-stat-${key}`} />
          </Card>
        ))}
      </div>
      <Row gutter={16} align="top">
        <Col xs={24} xl={15}>
          <ProfileTagsCard profile={p} onChanged={reload} />
          <ProfileTimeline profile={p} version={version} />
          <PrivacyPanel profileId={p.id} status={p.status} onChanged={reload} />
        </Col>
        <Col xs={24} xl={9}>
          <TierKocPanel profile={p} />
          <ReferralCard profile={p} />
          <WindowsCard profile={p} />
          <MembershipCard profile={p} />
          <IdentitiesCard profile={p} />
          <StageHistoryCard profile={p} />
        </Col>
      </Row>
    </PageContainer>
  );
}

/** A merged profile points to the one it went into; a surviving one lists those merged into it. */
function MergedBanner({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  if (p.status === 'merged' && p.mergedInto) {
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('crm.profile.mergedBanner')}
        action={
          <Link to={`/crm/profiles/${encodeURIComponent(p.mergedInto)}`} data-testid="merged-into-link">
            {t('crm.profile.mergedBannerLink')}
          </Link>
        }
        data-testid="merged-banner"
      />
    );
  }
  if (p.status === 'erased') return <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('crm.profile.erased')} />;
  if (p.mergedMemberIds.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title={
        <span>
          {t('crm.profile.mergedFrom')}{' '}
          {p.mergedMemberIds.map((m, i) => (
            <span key={m}>
              {i > 0 && '、'}
              <Link to={`/crm/profiles/${encodeURIComponent(m)}`} className="mono">
                {m}
              </Link>
            </span>
          ))}
        </span>
      }
      data-testid="merged-from"
    />
  );
}
