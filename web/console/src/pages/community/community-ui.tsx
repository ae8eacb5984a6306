import { Empty, Progress, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  GroupStatus,
  GroupType,
  JoinSource,
  LeaderStatus,
  ModerationAction,
  ModerationKind,
  PickupPointStatus,
  Referrer,
  RosterStatus,
} from '../../api/community-types';
import { sourceBreakdown, type InviteState } from './community-model';

const TYPE_COLORS: Record<GroupType, string> = { retail: 'volcano', fan: 'magenta', store: 'cyan' };

/** 零售群 / 粉丝群 / 门店群. */
export function GroupTypeTag({ type }: { type: GroupType }) {
  const { t } = useTranslation();
  return (
    <Tag color={TYPE_COLORS[type]} variant="filled" style={{ marginInlineEnd: 0 }} data-type={type}>
      {t(`community.types.${type}`)}
    </Tag>
  );
}

const GROUP_STATUS_COLORS: Record<GroupStatus, string> = { active: 'success', muted: 'warning', archived: 'default' };

export function GroupStatusTag({ status }: { status: GroupStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={GROUP_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`community.groupStatuses.${status}`)}
    </Tag>
  );
}

const ROSTER_COLORS: Record<RosterStatus, string> = { active: 'success', muted: 'warning', removed: 'default', banned: 'error', left: 'default' };

export function RosterStatusTag({ status }: { status: RosterStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ROSTER_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status} data-testid="roster-status">
      {t(`community.rosterStatuses.${status}`)}
    </Tag>
  );
}

const SOURCE_COLORS: Record<JoinSource, string> = {
  official: 'blue',
  operator_contacts: 'green',
  member_referral: 'purple',
  offline_event: 'orange',
  import: 'default',
};

/** How a member came, with the offline event's name when there is one. */
export function SourceTag({ source, eventName }: { source: JoinSource; eventName?: string }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2, minWidth: 0, maxWidth: '100%' }}>
      <Tag color={SOURCE_COLORS[source]} variant="filled" style={{ marginInlineEnd: 0 }} data-source={source}>
        {t(`community.sources.${source}`)}
      </Tag>
      {eventName ? (
        <Typography.Text type="secondary" ellipsis={{ tooltip: eventName }} style={{ fontSize: 12, maxWidth: '100%' }}>
          {eventName}
        </Typography.Text>
      ) : null}
    </span>
  );
}

/** The person behind an invite or a join: staff by name, a member by their masked name. */
export function ReferrerText({ referrer }: { referrer: Referrer | null }) {
  const { t } = useTranslation();
  if (!referrer) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span>
      {referrer.name || <span className="mono">{referrer.id}</span>}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {' '}
        · {t(`community.referrerTypes.${referrer.type}`)}
      </Typography.Text>
    </span>
  );
}

const KIND_COLORS: Record<ModerationKind, string> = {
  message_blocked: 'red',
  message_warned: 'gold',
  member_muted: 'orange',
  member_unmuted: 'green',
  member_removed: 'volcano',
  member_banned: 'magenta',
  member_unbanned: 'cyan',
};

export function ModerationKindTag({ kind }: { kind: ModerationKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }} data-kind={kind}>
      {t(`community.kinds.${kind}`)}
    </Tag>
  );
}

export function RuleActionTag({ action }: { action: ModerationAction }) {
  const { t } = useTranslation();
  return (
    <Tag color={action === 'block' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
      {t(`community.ruleActions.${action}`)}
    </Tag>
  );
}

const LEADER_COLORS: Record<LeaderStatus, string> = { applied: 'processing', approved: 'success', rejected: 'default', suspended: 'warning' };

export function LeaderStatusTag({ status }: { status: LeaderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEADER_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`community.leaderStatuses.${status}`)}
    </Tag>
  );
}

const INVITE_COLORS: Record<InviteState, string> = { active: 'success', revoked: 'default', expired: 'default', used_up: 'warning', group_closed: 'default' };

export function InviteStateTag({ state }: { state: InviteState }) {
  const { t } = useTranslation();
  return (
    <Tag color={INVITE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-state={state}>
      {t(`community.inviteStates.${state}`)}
    </Tag>
  );
}

export function PickupStatusTag({ status }: { status: PickupPointStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'success' : 'default'} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`community.pickupStatuses.${status}`)}
    </Tag>
  );
}

/** "官方渠道 5 · 私域 4 · …" in one line: the sources members came from, most first, zeros left out. */
export function SourcesSummary({ sources }: { sources: Partial<Record<JoinSource, number>> }) {
  const { t } = useTranslation();
  const { total, shares } = sourceBreakdown(sources);
  if (total === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const used = shares.filter((s) => s.count > 0).sort((a, b) => b.count - a.count);
  return (
    <Tooltip title={used.map((s) => <div key={s.source}>{t('community.sourceLine', { source: t(`community.sources.${s.source}`), count: s.count, percent: s.percent })}</div>)}>
      <div className="source-chips" data-testid="group-sources">
        {used.map((s) => (
          <span key={s.source} className="source-chip">
            <span className="legend-dot" style={{ background: SOURCE_DOT[s.source] }} />
            {t(`community.sourcesShort.${s.source}`)} {s.count}
          </span>
        ))}
      </div>
    </Tooltip>
  );
}

const SOURCE_DOT: Record<JoinSource, string> = {
  official: '#1677ff',
  operator_contacts: '#52c41a',
  member_referral: '#722ed1',
  offline_event: '#fa8c16',
  import: '#bfbfbf',
};

/** Members ever joined by source: a bar per source with its count and share (no chart library). */
export function SourceBreakdown({ sources }: { sources: Partial<Record<JoinSource, number>> }) {
  const { t } = useTranslation();
  const { total, shares } = sourceBreakdown(sources);
  if (total === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.breakdown.empty')} />;
  return (
    <div className="source-breakdown" data-testid="source-breakdown">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('community.breakdown.help', { total })}
      </Typography.Paragraph>
      {shares.map((s) => (
        <div key={s.source} className="source-row" data-source={s.source}>
          <span className="source-row-label">
            <span className="legend-dot" style={{ background: SOURCE_DOT[s.source] }} />
            {t(`community.sources.${s.source}`)}
          </span>
          <Progress percent={s.percent} strokeColor={SOURCE_DOT[s.source]} showInfo={false} style={{ margin: 0, flex: 1, minWidth: 80 }} />
          <span className="source-row-figure">
            <Typography.Text strong data-testid={`source-count-${s.source}`}>
              {s.count}
            </Typography.Text>
            <Typography.Text type="secondary"> · {s.percent}%</Typography.Text>
          </span>
        </div>
      ))}
    </div>
  );
}

/** An empty table's message with a hint of what to do next. */
export function EmptyHint({ text, hint, children }: { text: string; hint?: string; children?: React.ReactNode }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span>
          {text}
          {hint && (
            <>
              <br />
              <Typography.Text type="secondary">{hint}</Typography.Text>
            </>
          )}
        </span>
      }
    >
      {children}
    </Empty>
  );
}
