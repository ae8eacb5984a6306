import { useEffect, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type GroupCampaign, type GroupInvite, type GroupType, type MyGroup } from '../api';
import { inviteQrUrl } from '../community';
import { campaignPath, groupCampaignState, groupCampaignTone } from '../fulfilment';
import { formatDate, formatShortDateTime } from '../format';
import { formatFen } from '../../../shared/money';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox, useToast } from '../ui';
import { copyText } from '../../../shared/clipboard';

/** A group's picture: the first character of its name on its type's colour, as chat apps show groups. */
export function GroupAvatar({ name, type, size = 48 }: { name: string; type: GroupType; size?: number }) {
  const initial = Array.from(name.trim())[0] ?? '群';
  return (
    <span className={`m-group-avatar m-group-avatar-${type}`} style={{ width: size, height: size, fontSize: Math.round(size * 0.42) }} aria-hidden>
      {initial}
    </span>
  );
}

/** 零售群 / 粉丝群 / 门店群. */
export function GroupTypeTag({ type }: { type: GroupType }) {
  const { t } = useTranslation('member');
  return (
    <span className={`m-tag m-group-type m-group-type-${type}`} data-type={type}>
      {t(`groupType.${type}`)}
    </span>
  );
}

function GroupsIcon() {
  return (
    <svg viewBox="0 0 48 48" width="52" height="52" aria-hidden>
      <rect x="6" y="10" width="28" height="21" rx="6" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <path d="M13 31l-2 6 7-6" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" strokeLinejoin="round" />
      <rect x="18" y="19" width="24" height="18" rx="6" fill="#fff" stroke="#fa8c16" strokeWidth="2" />
      <path d="M35 37l2 5-6-5" fill="#fff" stroke="#fa8c16" strokeWidth="2" strokeLinejoin="round" />
      <circle cx="25" cy="28" r="1.6" fill="#fa8c16" />
      <circle cx="30" cy="28" r="1.6" fill="#fa8c16" />
      <circle cx="35" cy="28" r="1.6" fill="#fa8c16" />
    </svg>
  );
}

/** The member's own referral link to a group (made once, then the same one): link, copy, QR code. */
function InvitePanel({ group, onToast }: { group: MyGroup; onToast: (text: string) => void }) {
  const { t } = useTranslation('member');
  const [invite, setInvite] = useState<GroupInvite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api.post<GroupInvite>(`/groups/${encodeURIComponent(group.groupId)}/invites`, {}).then(
      (value) => !cancelled && setInvite(value),
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [group.groupId, version, t]);

  const copy = async () => {
    if (invite) onToast((await copyText(invite.url)) ? t('groups.copied') : t('groups.copyFailed'));
  };

  if (error) return <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />;
  if (!invite) return <p className="m-muted m-small m-group-invite-loading">{t('loading')}</p>;
  return (
    <div className="m-group-invite" data-testid="group-invite">
      <div className="m-field">
        <span className="m-label">{t('groups.inviteTitle')}</span>
        <div className="m-linkbox">
          <span className="m-linkbox-url" data-testid="invite-url">
            {invite.url}
          </span>
          <button type="button" className="m-share" onClick={() => void copy()} data-testid="invite-copy">
            {t('groups.copyLink')}
          </button>
        </div>
        <span className="m-field-hint">{t('groups.inviteHint')}</span>
      </div>
      <div className="m-qr-row">
        <img className="m-qr" src={inviteQrUrl(invite.id)} alt={t('groups.qrAlt', { name: group.name })} width={112} height={112} data-testid="invite-qr" />
        <p className="m-muted m-small m-qr-text">{t('groups.qrHint')}</p>
      </div>
    </div>
  );
}

/** Campaigns listed before "show all". */
const CAMPAIGNS_SHOWN = 3;

/** The campaigns published to the group (open ones first), each opening the group's campaign page. */
function GroupCampaigns({ group, tenant }: { group: MyGroup; tenant: string }) {
  const { t } = useTranslation('member');
  const [campaigns, setCampaigns] = useState<GroupCampaign[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [version, setVersion] = useState(0);
  const [all, setAll] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setFailed(false);
    api.get<{ items: GroupCampaign[] }>(`/me/groups/${encodeURIComponent(group.groupId)}/campaigns`).then(
      (value) => !cancelled && setCampaigns(value.items),
      () => !cancelled && setFailed(true),
    );
    return () => {
      cancelled = true;
    };
  }, [group.groupId, version]);

  // A fan group sells nothing as a rule: no empty section for it.
  if (campaigns && campaigns.length === 0 && group.type === 'fan') return null;
  const shown = campaigns && !all ? campaigns.slice(0, CAMPAIGNS_SHOWN) : campaigns;
  return (
    <section className="m-group-campaigns" aria-label={t('groups.campaigns.title')} data-testid="group-campaigns">
      <h3 className="m-group-campaigns-title">{t('groups.campaigns.title')}</h3>
      {failed && !campaigns ? (
        <p className="m-muted m-small">
          {t('groups.campaigns.loadFailed')}
          <button type="button" className="m-inline-button" onClick={() => setVersion((v) => v + 1)}>
            {t('common.retry')}
          </button>
        </p>
      ) : !shown ? (
        <p className="m-muted m-small">{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p className="m-muted m-small" data-testid="group-campaigns-empty">
          {t('groups.campaigns.empty')}
        </p>
      ) : (
        <ul className="m-gc-list">
          {shown.map((c) => {
            const state = groupCampaignState(c.status);
            const open = state === 'live' || state === 'scheduled';
            return (
              <li key={c.id}>
                <Link to={campaignPath(tenant, c.id, group.groupId)} className={`m-gc${open ? '' : ' m-gc-closed'}`} data-testid="group-campaign" data-campaign-id={c.id} data-status={c.status}>
                  <span className="m-gc-main">
                    <span className="m-gc-title">{c.title}</span>
                    <span className="m-gc-meta">
                      <span className={`m-pill m-pill-${groupCampaignTone(state)}`}>{t(`groups.campaigns.status.${state}`)}</span>
                      <span className="m-muted">
                        {open ? t('groups.campaigns.endsAt', { time: formatShortDateTime(c.endsAt) }) : t('groups.campaigns.endedAt', { time: formatShortDateTime(c.endsAt) })}
                      </span>
                    </span>
                  </span>
                  <span className="m-gc-price">{c.itemCount > 0 ? t('groups.campaigns.from', { price: formatFen(c.minPriceFen) }) : ''}</span>
                  <span className="m-gc-go" aria-hidden>
                    ›
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {campaigns && campaigns.length > CAMPAIGNS_SHOWN && (
        <button type="button" className="m-inline-button m-gc-more" onClick={() => setAll((v) => !v)} aria-expanded={all} data-testid="group-campaigns-more">
          {all ? t('groups.campaigns.less') : t('groups.campaigns.more', { count: campaigns.length })}
        </button>
      )}
    </section>
  );
}

function GroupCard({ group, tenant, onLeave, onToast }: { group: MyGroup; tenant: string; onLeave: (group: MyGroup) => Promise<void>; onToast: (text: string) => void }) {
  const { t } = useTranslation('member');
  const [inviting, setInviting] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const muted = group.status === 'muted';
  const purpose = group.purpose.trim();

  const leave = async () => {
    if (!window.confirm(t('groups.leaveConfirm', { name: group.name }))) return;
    setLeaving(true);
    try {
      await onLeave(group);
    } finally {
      setLeaving(false);
    }
  };

  return (
    <li className="m-card m-group-card" data-testid="group-card" data-group-id={group.groupId} data-status={group.status}>
      <div className="m-group-head">
        <GroupAvatar name={group.name} type={group.type} />
        <div className="m-group-head-text">
          <h2 className="m-group-name">{group.name}</h2>
          <div className="m-group-meta">
            <GroupTypeTag type={group.type} />
            {muted && (
              <span className="m-pill m-pill-muted" data-testid="group-muted">
                {t('groups.muted')}
              </span>
            )}
            <span className="m-muted m-small">{t('groups.members', { count: group.memberCount })}</span>
          </div>
        </div>
      </div>
      {purpose && <p className="m-group-purpose">{purpose}</p>}
      {muted && <p className="m-note m-note-warn m-group-muted-note">{t('groups.mutedHint')}</p>}
      <p className="m-group-facts m-small m-muted">
        {group.leaders.length > 0 && <span>{t('groups.leaders', { names: group.leaders.join(t('common.listSeparator')) })}</span>}
        <span>{t('groups.joinedAt', { date: formatDate(group.joinedAt) })}</span>
      </p>
      <GroupCampaigns group={group} tenant={tenant} />
      <div className="m-group-actions">
        <button
          type="button"
          className={`m-share m-group-invite-button${inviting ? ' m-group-invite-open' : ''}`}
          aria-expanded={inviting}
          onClick={() => setInviting((v) => !v)}
          data-testid="group-invite-button"
        >
          {inviting ? t('groups.hideInvite') : t('groups.invite')}
        </button>
        <button type="button" className="m-inline-button m-group-leave" disabled={leaving} onClick={() => void leave()} data-testid="group-leave">
          {leaving ? t('groups.leaving') : t('groups.leave')}
        </button>
      </div>
      {inviting && <InvitePanel group={group} onToast={onToast} />}
    </li>
  );
}

/** The way to the leader application, under the member's groups and on the home page. */
export function LeaderBanner({ tenant }: { tenant: string }) {
  const { t } = useTranslation('member');
  return (
    <Link to={`/${encodeURIComponent(tenant)}/leader/apply`} className="m-earn-banner m-leader-banner" data-testid="leader-apply-link">
      <span className="m-earn-banner-icon" aria-hidden>
        团
      </span>
      <span className="m-earn-banner-text">
        <b>{t('groups.leaderTitle')}</b>
        <span>{t('groups.leaderText')}</span>
      </span>
      <span className="m-earn-banner-go" aria-hidden>
        ›
      </span>
    </Link>
  );
}

/** `/m/:tenant/groups` — the groups the member is in: invite friends with their own link, or leave. */
export function GroupsPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [groups, setGroups] = useState<MyGroup[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [toast, showToast] = useToast();
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    api.get<{ items: MyGroup[] }>('/me/groups').then(
      (value) => {
        if (cancelled) return;
        setGroups(value.items);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, version, t]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const leave = async (group: MyGroup) => {
    try {
      await api.delete(`/me/groups/${encodeURIComponent(group.groupId)}`);
      setGroups((list) => (list ?? []).filter((g) => g.groupId !== group.groupId));
      showToast(t('groups.left', { name: group.name }));
    } catch (err) {
      // Already out (404): the list was stale, so read it again.
      if (err instanceof ApiError && err.status === 404) setVersion((v) => v + 1);
      showToast(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError'));
    }
  };

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('groups.title')} nav="groups">
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {error && <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />}
      {!groups && !error && session.status !== 'error' && <Spinner />}
      {groups && (
        <div data-testid="groups-page">
          {groups.length === 0 ? (
            <section className="m-card m-section" data-testid="groups-empty">
              <div className="m-empty m-groups-empty">
                <GroupsIcon />
                <p className="m-empty-title">{t('groups.empty')}</p>
                <p className="m-muted m-empty-hint">{t('groups.emptyHint')}</p>
              </div>
            </section>
          ) : (
            <ul className="m-group-list">
              {groups.map((g) => (
                <GroupCard key={g.groupId} group={g} tenant={tenant} onLeave={leave} onToast={showToast} />
              ))}
            </ul>
          )}
          <LeaderBanner tenant={tenant} />
        </div>
      )}
      {toast}
    </Shell>
  );
}
