import { Empty, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CrmTag, LifecycleStage } from '../../api/crm-types';
import { CHANNELS } from '../../api/crm-types';
import { knownSource, STAGE_COLORS, tagColor } from './crm-model';

/** 新客 / 活跃 / 复购 / 流失风险 / 沉睡 / 已流失 / 召回, each in its colour. */
export function StageTag({ stage }: { stage: LifecycleStage }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage].tag} variant="filled" style={{ marginInlineEnd: 0 }} data-stage={stage} data-testid="stage-tag">
      {t(`crm.stages.${stage}`)}
    </Tag>
  );
}

/** The channels a person was seen in (社群, 电商, 门店). */
export function ChannelList({ channels }: { channels: string[] }) {
  const { t } = useTranslation();
  if (channels.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="crm-chips">
      {channels.map((c) => (
        <span key={c} className="crm-channel" data-channel={c}>
          {(CHANNELS as readonly string[]).includes(c) ? t(`crm.channels.${c as (typeof CHANNELS)[number]}`) : c}
        </span>
      ))}
    </span>
  );
}

/** A CRM tag in its own colour; rule tags carry a small mark. */
export function TagChip({ tag, closable, onClose }: { tag: Pick<CrmTag, 'id' | 'name' | 'color' | 'kind'>; closable?: boolean; onClose?: () => void }) {
  const { t } = useTranslation();
  return (
    <Tag
      color={tagColor(tag.color)}
      closable={closable}
      onClose={(e) => {
        e.preventDefault();
        onClose?.();
      }}
      style={{ marginInlineEnd: 0 }}
      data-testid="crm-tag"
      data-tag-id={tag.id}
      title={tag.kind === 'rule' ? t('crm.tagKinds.rule') : undefined}
    >
      {tag.kind === 'rule' && <span className="crm-rule-mark">⚙</span>}
      {tag.name}
    </Tag>
  );
}

/** A profile's tags by id, named through the tag list (ids no longer known are skipped). */
export function TagIdList({ ids, tags, max = 3 }: { ids: string[]; tags: Map<string, CrmTag>; max?: number }) {
  const known = ids.map((id) => tags.get(id)).filter((t): t is CrmTag => Boolean(t));
  if (known.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = known.slice(0, max);
  const rest = known.slice(max);
  return (
    <span className="crm-chips" data-testid="tag-list" data-tag-names={known.map((t) => t.name).join('|')}>
      {shown.map((tag) => (
        <TagChip key={tag.id} tag={tag} />
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.map((r) => r.name).join('、')}>
          <Tag style={{ marginInlineEnd: 0 }}>+{rest.length}</Tag>
        </Tooltip>
      )}
    </span>
  );
}

/** How a person first came: named when the console knows the source, else as recorded. */
export function SourceText({ source }: { source: string }) {
  const { t } = useTranslation();
  const known = knownSource(source);
  return <span data-source={source}>{known ? t(`crm.sources.${known}`) : source || '—'}</span>;
}

/** A person's name linking to their profile (a placeholder when they left no name). */
export function ProfileLink({ id, name, phone }: { id: string; name: string; phone?: string | null }) {
  const { t } = useTranslation();
  return (
    <Link to={`/crm/profiles/${encodeURIComponent(id)}`} data-testid="profile-link">
      {name || phone || t('crm.noName')}
    </Link>
  );
}

/** An empty state with a line of help under it. */
export function EmptyState({ text, hint }: { text: string; hint?: string }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span>
          <span>{text}</span>
          {hint && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
              {hint}
            </Typography.Paragraph>
          )}
        </span>
      }
    />
  );
}
