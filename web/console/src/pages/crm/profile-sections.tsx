import { useState } from 'react';
import { App, Button, Card, Select, Space, Table, Timeline, Typography } from 'antd';
import { ArrowDownOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { PersonLink, Profile } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { formatFen } from '../../../../shared/money';
import { crm, useCrmTags } from './crm-data';
import { isStage, tagHex } from './crm-model';
import { ProfileLink, StageTag, TagChip } from './crm-ui';

const IDENTITY_KINDS = ['chat', 'buyer', 'store_card'] as const;

/** The person's tags: manual ones can be added and taken off here; rule tags follow their rule. */
export function ProfileTagsCard({ profile: p, onChanged }: { profile: Profile; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tags = useCrmTags();
  const [adding, setAdding] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const active = p.status === 'active';
  const have = new Set(p.tags.map((x) => x.id));
  const addable = (tags.data?.items ?? []).filter((x) => x.kind === 'manual' && !have.has(x.id));

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      message.success(done);
      setAdding(null);
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const add = () => {
    const tag = addable.find((x) => x.id === adding);
    if (tag) void run(() => crm.applyTag(tag.id, { profileIds: [p.id] }), t('crm.profile.tags.added', { name: tag.name }));
  };

  return (
    <Card variant="borderless" title={t('crm.profile.tags.title')} style={{ marginBottom: 16 }} data-testid="profile-tags">
      <div className="crm-chips" style={{ marginBottom: active ? 12 : 0 }}>
        {p.tags.length === 0 && <Typography.Text type="secondary">{t('crm.profile.tags.none')}</Typography.Text>}
        {p.tags.map((tag) => (
          <TagChip
            key={tag.id}
            tag={{ ...tag, kind: tag.kind === 'rule' ? 'rule' : 'manual' }}
            closable={active && tag.kind === 'manual' && !busy}
            onClose={() => void run(() => crm.removeTag(tag.id, { profileIds: [p.id] }), t('crm.profile.tags.removed', { name: tag.name }))}
          />
        ))}
      </div>
      {active && (
        <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
          <Select
            value={adding}
            onChange={setAdding}
            placeholder={addable.length || tags.loading ? t('crm.profile.tags.pick') : t('crm.profile.tags.noManualTags')}
            disabled={addable.length === 0}
            loading={tags.loading}
            showSearch={{ optionFilterProp: 'title' }}
            style={{ flex: 1 }}
            options={addable.map((tag) => ({
              value: tag.id,
              title: tag.name,
              label: (
                <span>
                  <span className="legend-dot" style={{ background: tagHex(tag.color) }} />
                  {tag.name}
                </span>
              ),
            }))}
            data-testid="profile-tag-select"
          />
          <Button icon={<PlusOutlined />} onClick={add} disabled={!adding} loading={busy} data-testid="profile-tag-add">
            {t('crm.profile.tags.add')}
          </Button>
        </Space.Compact>
      )}
      {p.tags.some((x) => x.kind === 'rule') && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('crm.profile.tags.ruleTagHint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function PersonLine({ person, role }: { person: PersonLink; role: string }) {
  const { t } = useTranslation();
  return (
    <div className="referral-node" data-testid={`referral-${role}`}>
      <Typography.Text type="secondary" className="referral-role">
        {t(`crm.profile.referral.roles.${role as 'referrer' | 'self'}`)}
      </Typography.Text>
      <span className="referral-person">
        {role === 'self' ? <Typography.Text strong>{person.name || person.phone || t('crm.noName')}</Typography.Text> : <ProfileLink id={person.id} name={person.name} phone={person.phone} />}
        <Typography.Text type="secondary" className="referral-figures">
          {t('crm.profile.referral.ordersSpend', { orders: person.orderCount, spend: formatFen(person.spendFen) })}
        </Typography.Text>
      </span>
    </div>
  );
}

/** Who invited this person → this person → the people they invited, with what each bought. */
export function ReferralCard({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <Card variant="borderless" title={t('crm.profile.referral.title')} style={{ marginBottom: 16 }} data-testid="profile-referral">
      <div className="referral-tree">
        {p.referrer ? (
          <PersonLine person={p.referrer} role="referrer" />
        ) : (
          <div className="referral-node">
            <Typography.Text type="secondary" className="referral-role">
              {t('crm.profile.referral.roles.referrer')}
            </Typography.Text>
            <Typography.Text type="secondary">{t('crm.profile.referral.nobody')}</Typography.Text>
          </div>
        )}
        <ArrowDownOutlined className="referral-arrow" />
        <PersonLine person={p} role="self" />
        <ArrowDownOutlined className="referral-arrow" />
        <div className="referral-invited">
          <div className="referral-totals" data-testid="referral-totals">
            <span>
              {t('crm.profile.referral.invitedCount')} <Typography.Text strong>{p.invitedCount}</Typography.Text>
            </span>
            <span>
              {t('crm.profile.referral.invitedBuyers')} <Typography.Text strong>{p.invitedBuyers}</Typography.Text>
            </span>
            <span>
              {t('crm.profile.referral.invitedSpend')} <Typography.Text strong>{formatFen(p.invitedSpendFen)}</Typography.Text>
            </span>
          </div>
          {p.invited.length === 0 ? (
            <Typography.Text type="secondary">{t('crm.profile.referral.noInvited')}</Typography.Text>
          ) : (
            <ul className="referral-list" data-testid="referral-invited">
              {p.invited.map((person) => (
                <li key={person.id}>
                  <ProfileLink id={person.id} name={person.name} phone={person.phone} />
                  <Typography.Text type="secondary" className="referral-figures">
                    {t('crm.profile.referral.ordersSpend', { orders: person.orderCount, spend: formatFen(person.spendFen) })}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
          {p.invitedCount > p.invited.length && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('crm.profile.referral.moreInvited', { shown: p.invited.length, count: p.invitedCount })}
            </Typography.Text>
          )}
        </div>
      </div>
    </Card>
  );
}

/** Orders and spend over the last 30, 90, 180 and 365 days. */
export function WindowsCard({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <Card variant="borderless" title={t('crm.profile.windows.title')} style={{ marginBottom: 16 }} styles={{ body: { paddingTop: 8 } }}>
      <Table
        rowKey="days"
        size="small"
        pagination={false}
        dataSource={p.windows}
        columns={[
          { title: t('crm.profile.windows.window'), dataIndex: 'days', render: (d: number) => t('crm.profile.windows.days', { days: d }) },
          { title: t('crm.profile.windows.orders'), dataIndex: 'orders', align: 'right' },
          { title: t('crm.profile.windows.spend'), dataIndex: 'spendFen', align: 'right', render: (v: number) => formatFen(v) },
        ]}
        data-testid="profile-windows"
      />
    </Card>
  );
}

/** The groups they are in, the org units they are connected to, and the saved segments they match. */
export function MembershipCard({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  const none = (text: string) => <Typography.Text type="secondary">{text}</Typography.Text>;
  return (
    <Card variant="borderless" title={t('crm.profile.membership')} style={{ marginBottom: 16 }} data-testid="profile-membership">
      <dl className="crm-dl">
        <dt>{t('crm.profile.groups')}</dt>
        <dd data-testid="profile-groups">
          {p.groups.length
            ? p.groups.map((g) => (
                <Link key={g.id} to={`/groups/${encodeURIComponent(g.id)}`} className="crm-dl-item">
                  {g.name}
                </Link>
              ))
            : none(t('crm.profile.noGroups'))}
        </dd>
        <dt>{t('crm.profile.orgUnits')}</dt>
        <dd>{p.orgUnits.length ? p.orgUnits.map((u) => <span key={u.id} className="crm-dl-item">{u.name}</span>) : none(t('crm.profile.noOrgUnits'))}</dd>
        <dt>{t('crm.profile.segments')}</dt>
        <dd data-testid="profile-segments">
          {p.segments.length
            ? p.segments.map((s) => (
                <Link key={s.id} to={`/crm/segments/${encodeURIComponent(s.id)}`} className="crm-dl-item">
                  {s.name}
                </Link>
              ))
            : none(t('crm.profile.noSegments'))}
        </dd>
      </dl>
    </Card>
  );
}

/** The ids this person goes by elsewhere: a chat account, an e-commerce buyer id, a store card. */
export function IdentitiesCard({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  return (
    <Card variant="borderless" title={t('crm.profile.identities.title')} style={{ marginBottom: 16 }} data-testid="profile-identities">
      {p.identities.length === 0 ? (
        <Typography.Text type="secondary">{t('crm.profile.identities.none')}</Typography.Text>
      ) : (
        <ul className="identity-list">
          {p.identities.map((i) => (
            <li key={`${i.kind}:${i.value}`}>
              <Typography.Text type="secondary">{(IDENTITY_KINDS as readonly string[]).includes(i.kind) ? t(`crm.profile.identities.kinds.${i.kind as (typeof IDENTITY_KINDS)[number]}`) : i.kind}</Typography.Text>
              <span className="mono">{i.value}</span>
              {i.source && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('crm.profile.identities.source', { source: i.source })}
                </Typography.Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The stage changes, newest first. */
export function StageHistoryCard({ profile: p }: { profile: Profile }) {
  const { t } = useTranslation();
  const stage = (s: string | null) => (isStage(s) ? <StageTag stage={s} /> : <Typography.Text type="secondary">{s ?? t('crm.profile.history.initial')}</Typography.Text>);
  return (
    <Card variant="borderless" title={t('crm.profile.history.title')} style={{ marginBottom: 16 }} data-testid="profile-stage-history">
      {p.stageHistory.length === 0 ? (
        <Typography.Text type="secondary">{t('crm.profile.history.none', { stage: t(`crm.stages.${p.stage}`), date: formatDateTime(p.stageSince) })}</Typography.Text>
      ) : (
        <Timeline
          items={p.stageHistory.map((h, i) => ({
            key: `${h.at}:${i}`,
            content: (
              <span className="stage-move">
                {stage(h.from)}
                <span className="stage-arrow">→</span>
                {stage(h.to)}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(h.at)}
                </Typography.Text>
              </span>
            ),
          }))}
        />
      )}
    </Card>
  );
}
