import { useCallback, useState } from 'react';
import { Card, Empty, Select, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type Channel, type Profile, type TimelineEntry } from '../../api/crm-types';
import type { JoinSource, RosterStatus } from '../../api/community-types';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useLoadMore } from '../../components/use-load-more';
import { formatFen } from '../../../../shared/money';
import { crm } from './crm-data';
import { KNOWN_EVENT_TYPES, knownEventType, knownSource, propertyParts, shortId, subjectLink, type PropertyPart } from './crm-model';
import { LoadMoreFooter } from './profiles-table';

const TYPE_COLORS: Partial<Record<string, string>> = {
  order_paid: 'green',
  order_completed: 'green',
  order_refunded: 'red',
  pickup_collected: 'cyan',
  joined_group: 'blue',
  left_group: 'default',
  registered: 'gold',
  merged: 'purple',
  tag_applied: 'geekblue',
  tag_removed: 'default',
};

/** A person's timeline, newest first, a page at a time, optionally one event type only. */
export function ProfileTimeline({ profile, version }: { profile: Profile; version: number }) {
  const { t } = useTranslation();
  const [type, setType] = useState('');
  const fetchPage = useCallback((cursor: string | null) => crm.timeline(profile.id, { limit: 20, cursor, type: type || undefined }), [profile.id, type]);
  const list = useLoadMore(fetchPage, `${profile.id}:${type}:${version}`);
  // Subjects are ids: groups the person is in are known by name here.
  const names = new Map(profile.groups.map((g) => [g.id, g.name]));
  return (
    <Card
      variant="borderless"
      title={t('crm.timeline.title')}
      style={{ marginBottom: 16 }}
      extra={
        <Select
          value={type}
          onChange={setType}
          size="small"
          style={{ width: 150 }}
          popupMatchSelectWidth={false}
          options={[{ value: '', label: t('crm.timeline.allTypes') }, ...KNOWN_EVENT_TYPES.map((e) => ({ value: e, label: t(`crm.eventTypes.${e}`) }))]}
          data-testid="timeline-type"
        />
      }
      data-testid="profile-timeline"
    >
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      {list.loading && list.items.length === 0 ? (
        <Typography.Text type="secondary">{t('app.loading')}</Typography.Text>
      ) : list.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crm.timeline.empty')} />
      ) : (
        <ol className="crm-timeline">
          {list.items.map((e) => (
            <TimelineRow key={e.id} entry={e} names={names} />
          ))}
        </ol>
      )}
      <LoadMoreFooter list={list} />
    </Card>
  );
}

function TimelineRow({ entry: e, names }: { entry: TimelineEntry; names: Map<string, string> }) {
  const { t } = useTranslation();
  const known = knownEventType(e.type);
  const parts = propertyParts(e);
  const subject = e.subjectId ? subjectLink(e.subjectId) : null;
  const subjectName = subject ? subjectNameOf(e, subject.id, names) : null;
  return (
    <li className="crm-timeline-item" data-testid="timeline-entry" data-type={e.type}>
      <span className="crm-timeline-dot" />
      <div className="crm-timeline-head">
        <Tag color={TYPE_COLORS[e.type] ?? 'default'} variant="filled" style={{ marginInlineEnd: 0 }}>
          {known ? t(`crm.eventTypes.${known}`) : e.type}
        </Tag>
        {subject && (
          <span className="crm-timeline-subject" data-testid="timeline-subject">
            <Typography.Text type="secondary">{t(`crm.timeline.subjectKinds.${subject.kind}`)}</Typography.Text>{' '}
            {subject.to ? <Link to={subject.to}>{subjectName ?? <ShortId id={subject.id} />}</Link> : (subjectName ?? <ShortId id={subject.id} />)}
          </span>
        )}
        <span className="toolbar-spacer" />
        <Typography.Text type="secondary" className="crm-timeline-time">
          {formatDateTime(e.occurredAt)}
        </Typography.Text>
      </div>
      {(parts.length > 0 || e.channel || e.origin === 'api') && (
        <div className="crm-timeline-props">
          {e.channel && <PropText label={t('crm.timeline.channel')} value={(CHANNELS as readonly string[]).includes(e.channel) ? t(`crm.channels.${e.channel as Channel}`) : e.channel} />}
          {parts.map((p) => (
            <PropText key={p.label} label={p.known ? t(`crm.timeline.props.${p.label}`) : p.label} value={<PropValue part={p} />} />
          ))}
          {e.origin !== 'domain' && <PropText label={t('crm.timeline.origin')} value={(['api', 'console'] as const).includes(e.origin as 'api') ? t(`crm.timeline.origins.${e.origin as 'api' | 'console'}`) : e.origin} />}
        </div>
      )}
    </li>
  );
}

/** A subject's name when the entry or the profile knows it: a group they are in, a tag, a merged profile. */
function subjectNameOf(e: TimelineEntry, id: string, names: Map<string, string>): string | null {
  const known = names.get(id);
  if (known) return known;
  const text = (key: string) => (typeof e.properties[key] === 'string' && e.properties[key] ? (e.properties[key] as string) : null);
  if (e.type === 'merged') return text('fromName');
  if (e.type === 'tag_applied' || e.type === 'tag_removed') return text('tag');
  return null;
}

function ShortId({ id }: { id: string }) {
  return (
    <span className="mono" title={id}>
      {shortId(id)}
    </span>
  );
}

function PropText({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <span className="crm-prop">
      <Typography.Text type="secondary">{label}</Typography.Text> {value}
    </span>
  );
}

function PropValue({ part }: { part: PropertyPart }) {
  const { t } = useTranslation();
  const v = part.value;
  switch (part.format) {
    case 'fen':
      return <>{typeof v === 'number' ? formatFen(v) : String(v)}</>;
    case 'bool':
      return <>{v === true ? t('common.yes') : String(v)}</>;
    case 'joinSource':
      return <>{t(`community.sources.${v as JoinSource}`)}</>;
    case 'rosterStatus':
      return <>{t(`community.rosterStatuses.${v as RosterStatus}`)}</>;
    case 'source': {
      const s = knownSource(String(v));
      return <>{s ? t(`crm.sources.${s}`) : String(v)}</>;
    }
    case 'id': {
      const link = subjectLink(String(v));
      return link.to ? (
        <Link to={link.to}>
          <ShortId id={String(v)} />
        </Link>
      ) : (
        <ShortId id={String(v)} />
      );
    }
    default:
      return <>{String(v)}</>;
  }
}
