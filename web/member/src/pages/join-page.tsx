import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MyGroup, type PublicInvite } from '../api';
import { inviteIssue, joinIssueKeys, joinIssueOf, joinIssueTone, type JoinIssue } from '../community';
import { currentFullPath, loginPath, rememberRulesTicked, rulesTicked, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { StatusIcon } from './apply-distributor';
import { GroupAvatar, GroupTypeTag } from './groups-page';

const asApiError = (err: unknown): ApiError => (err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));

/** Why joining does not work (or that the member is already in), with what to do next. */
export function JoinIssueBox({ issue, tenant, onRetry }: { issue: JoinIssue; tenant: string; onRetry?: () => void }) {
  const { t } = useTranslation('member');
  const keys = joinIssueKeys(issue);
  const tone = joinIssueTone(issue);
  return (
    <div className={`m-join-issue m-join-issue-${tone}`} role={tone === 'info' ? 'status' : 'alert'} data-testid="join-issue" data-kind={issue.kind}>
      <p className="m-join-issue-title">{t(`join.issue.${keys.title}`)}</p>
      {keys.hint && <p className="m-join-issue-hint">{t(`join.issue.${keys.hint}`)}</p>}
      {issue.kind === 'other' && issue.message && <p className="m-join-issue-hint">{issue.message}</p>}
      {issue.kind === 'already' && (
        <Link to={`/${encodeURIComponent(tenant)}/groups`} className="m-primary m-join-issue-action" data-testid="go-my-groups">
          {t('join.myGroups')}
        </Link>
      )}
      {(issue.kind === 'network' || issue.kind === 'other') && onRetry && (
        <button type="button" className="m-inline-button m-join-issue-retry" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** The group as the invite shows it: avatar, name, type, members and leaders; who invited. */
function InviteHeader({ invite }: { invite: PublicInvite }) {
  const { t } = useTranslation('member');
  const g = invite.group;
  return (
    <section className="m-card m-join-head" data-testid="join-group">
      {invite.referrerName && (
        <p className="m-join-invited" data-testid="join-referrer">
          {t('join.invitedBy', { name: invite.referrerName })}
        </p>
      )}
      <div className="m-group-head">
        <GroupAvatar name={g.name} type={g.type} size={56} />
        <div className="m-group-head-text">
          <h1 className="m-join-name">{g.name}</h1>
          <div className="m-group-meta">
            <GroupTypeTag type={g.type} />
            <span data-testid="join-members">
              {t('join.members', { count: g.memberCount })}
              <span className="m-muted"> · {t('join.capacity', { capacity: g.capacity })}</span>
            </span>
          </div>
        </div>
      </div>
      {g.leaders.length > 0 && (
        <p className="m-group-leaders m-small" data-testid="join-leaders">
          {t('join.leaders', { names: g.leaders.join(t('common.listSeparator')) })}
        </p>
      )}
    </section>
  );
}

/**
 * `/m/:tenant/join/:code` — an invite to a group (no login to read it): the group, what a member
 * gains, its rules and who invited; the member accepts the rules and joins, signing in first if
 * needed (and coming back here). Every refusal says why and what to do.
 */
export function JoinPage() {
  const { tenant = 'demo', code = '' } = useParams();
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const session = useMemberSession(tenant);
  const [invite, setInvite] = useState<PublicInvite | null>(null);
  const [loadIssue, setLoadIssue] = useState<JoinIssue | null>(null);
  const [version, setVersion] = useState(0);
  const [ticked, setTicked] = useState(() => rulesTicked(tenant, code));
  const [joining, setJoining] = useState(false);
  const [issue, setIssue] = useState<JoinIssue | null>(null);
  const [joined, setJoined] = useState(false);
  const [alreadyIn, setAlreadyIn] = useState(false);
  const signedIn = session.status === 'ok';

  useEffect(() => {
    let cancelled = false;
    setLoadIssue(null);
    api.get<PublicInvite>(`/t/${encodeURIComponent(tenant)}/invites/${encodeURIComponent(code)}`).then(
      (value) => !cancelled && setInvite(value),
      // Shown only while there is no invite on screen: a failed re-read keeps what the page shows.
      (err: unknown) => !cancelled && setLoadIssue(joinIssueOf(asApiError(err))),
    );
    return () => {
      cancelled = true;
    };
  }, [tenant, code, version]);

  // A member who is already in the group sees that straight away instead of a Join button.
  const groupId = invite?.group.id;
  useEffect(() => {
    if (!signedIn || !groupId) return;
    let cancelled = false;
    api.get<{ items: MyGroup[] }>('/me/groups').then(
      (mine) => !cancelled && setAlreadyIn(mine.items.some((g) => g.groupId === groupId)),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, groupId]);

  const tick = (value: boolean) => {
    setTicked(value);
    if (!value) rememberRulesTicked(tenant, code, false);
  };

  const join = async () => {
    if (!ticked || joining) return;
    if (session.status !== 'ok') {
      // Signing in first; the box stays ticked when the member comes back to press Join.
      rememberRulesTicked(tenant, code, true);
      navigate(loginPath(tenant, currentFullPath()));
      return;
    }
    setJoining(true);
    setIssue(null);
    try {
      await api.post('/me/groups', { code, acceptRules: true });
      rememberRulesTicked(tenant, code, false);
      setJoined(true);
      // The member count now includes the new member.
      setVersion((v) => v + 1);
    } catch (err) {
      const next = joinIssueOf(asApiError(err));
      if (next.kind === 'signIn') {
        rememberRulesTicked(tenant, code, true);
        navigate(loginPath(tenant, currentFullPath()), { replace: true });
        return;
      }
      setIssue(next);
      // The link stopped working meanwhile: read it again, so the page says why.
      if (next.kind === 'invalid' || next.kind === 'full') setVersion((v) => v + 1);
    } finally {
      setJoining(false);
    }
  };

  const brand = session.status === 'ok' ? session.me.tenant.name : t('appName');

  if (!invite) {
    return (
      <Shell brand={brand} title={t('join.title')}>
        {loadIssue ? (
          <section className="m-card m-status-note" data-testid="join-page" data-state="unavailable">
            <StatusIcon kind="no" />
            <JoinIssueBox issue={loadIssue} tenant={tenant} onRetry={() => setVersion((v) => v + 1)} />
          </section>
        ) : (
          <Spinner />
        )}
      </Shell>
    );
  }

  const blocked = inviteIssue(invite);
  // A refusal from the server wins over what the invite said when the page loaded; when the link
  // stopped working meanwhile, the invite read again says why (expired, revoked…).
  const refusal = issue?.kind === 'invalid' && blocked?.kind === 'invalid' ? blocked : issue;
  const shown = joined ? null : (refusal ?? (alreadyIn ? ({ kind: 'already' } as const) : blocked));
  // A network or unexpected failure leaves the form in place: pressing Join again is the retry.
  const retryable = shown?.kind === 'network' || shown?.kind === 'other';
  const canJoin = !joined && (!shown || retryable);
  const rules = invite.group.rules.trim();
  const purpose = invite.group.purpose.trim();

  return (
    <Shell brand={brand} title={t('join.title')}>
      <div data-testid="join-page" data-state={joined ? 'joined' : canJoin ? 'open' : (shown?.kind ?? 'open')}>
        <InviteHeader invite={invite} />

        {/* The outcome first, where a phone shows it without scrolling. */}
        {joined ? (
          <section className="m-card m-status-note m-join-success" data-testid="join-success">
            <StatusIcon kind="ok" />
            <h2 className="m-status-note-title">{t('join.joined.title', { name: invite.group.name })}</h2>
            <p className="m-muted m-small">{t('join.joined.body')}</p>
            <Link to={`/${encodeURIComponent(tenant)}/groups`} className="m-primary" data-testid="go-my-groups">
              {t('join.myGroups')}
            </Link>
            <Link to={`/${encodeURIComponent(tenant)}/`} className="m-secondary m-join-shop">
              {t('join.joined.shop')}
            </Link>
          </section>
        ) : shown && !retryable ? (
          <JoinIssueBox issue={shown} tenant={tenant} />
        ) : null}

        <section className="m-card m-section" data-testid="join-purpose">
          <h2 className="m-section-title">{t('join.purpose')}</h2>
          <p className={`m-join-text${purpose ? '' : ' m-muted'}`}>{purpose || t('join.noPurpose')}</p>
        </section>

        <section className="m-card m-section" data-testid="join-rules-card">
          <h2 className="m-section-title">{t('join.rules')}</h2>
          <div className={`m-join-rules${rules ? '' : ' m-muted'}`} data-testid="join-rules">
            {rules || t('join.noRules')}
          </div>
          {canJoin && (
            <label className={`m-agree${ticked ? ' m-agree-on' : ''}`}>
              <input type="checkbox" checked={ticked} onChange={(e) => tick(e.target.checked)} data-testid="join-agree" />
              <span>{t('join.agree')}</span>
            </label>
          )}
        </section>

        {canJoin && (
          <div className="m-join-actions">
            {shown && <JoinIssueBox issue={shown} tenant={tenant} />}
            <button type="button" className="m-primary" disabled={!ticked || joining || session.status === 'loading'} onClick={() => void join()} data-testid="join-submit">
              {joining ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
              {signedIn || session.status === 'loading' ? t('join.join') : t('join.signInToJoin')}
            </button>
            {session.status === 'anonymous' && <p className="m-fine">{t('join.signInHint')}</p>}
          </div>
        )}
      </div>
    </Shell>
  );
}
