import { useEffect, useState } from 'react';
import { Navigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type EarningLine, type EarningsBalance, type MyEarnings, type Page } from '../api';
import { earningsView, hasBalance, LINE_FILTERS, lineFilterOf, lineNote, signedFen, STATE_TONE, type LineFilter } from '../earnings';
import { formatShortDateTime } from '../format';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox, useToast } from '../ui';
import { formatFen } from '../../../shared/money';
import { ApplyDistributorForm, DistributionIntro, DistributorStatusCard } from './apply-distributor';
import { ShareSection } from './share-section';

const LINES_PAGE = 20;

/** Available balance up top (red, with why, when negative), then pending, in payout, paid and earned. */
function BalanceCards({ balance, invited }: { balance: EarningsBalance; invited: number }) {
  const { t } = useTranslation('member');
  const negative = balance.availableFen < 0;
  return (
    <section className="m-earn" data-testid="balance-cards">
      <div className={`m-earn-hero${negative ? ' m-earn-hero-negative' : ''}`}>
        <div className="m-earn-label">{t('earnings.balance.available')}</div>
        <div className="m-earn-amount" data-testid="balance-available" data-negative={negative ? 'true' : 'false'}>
          {negative ? `−${formatFen(-balance.availableFen)}` : formatFen(balance.availableFen)}
        </div>
        {negative && (
          <p className="m-earn-negative" data-testid="balance-negative-note">
            {t('earnings.balance.negative')}
          </p>
        )}
        <div className="m-earn-foot">
          <span className="m-earn-chip" data-testid="invited">
            {t('earnings.balance.invited', { count: invited })}
          </span>
        </div>
      </div>
      <div className="m-earn-grid">
        <div className="m-earn-cell" data-testid="balance-pending">
          <span className="m-earn-cell-label">{t('earnings.balance.pending')}</span>
          <span className="m-earn-cell-value">{formatFen(balance.pendingFen)}</span>
          <span className="m-earn-cell-hint">{t('earnings.balance.pendingHint')}</span>
        </div>
        <div className="m-earn-cell" data-testid="balance-in-payout">
          <span className="m-earn-cell-label">{t('earnings.balance.inPayout')}</span>
          <span className="m-earn-cell-value">{formatFen(balance.inPayoutFen)}</span>
        </div>
        <div className="m-earn-cell" data-testid="balance-paid">
          <span className="m-earn-cell-label">{t('earnings.balance.paid')}</span>
          <span className="m-earn-cell-value">{formatFen(balance.paidFen)}</span>
        </div>
        <div className="m-earn-cell" data-testid="balance-earned">
          <span className="m-earn-cell-label">{t('earnings.balance.earned')}</span>
          <span className="m-earn-cell-value">{formatFen(balance.earnedFen)}</span>
        </div>
      </div>
      <p className="m-fine m-earn-fine">{t('earnings.balance.payoutHint')}</p>
    </section>
  );
}

function LineItem({ line }: { line: EarningLine }) {
  const { t } = useTranslation('member');
  const note = lineNote(line);
  const reversed = line.state === 'reversed';
  return (
    <li className="m-eline" data-testid="earning-line" data-state={line.state}>
      <div className="m-row-between">
        <span className="m-eline-title">{line.campaignTitle}</span>
        <span className={`m-eline-amount${reversed ? ' m-eline-amount-off' : line.netFen < 0 ? ' m-danger' : ''}`}>
          {reversed ? formatFen(line.accruedFen) : signedFen(line.netFen, formatFen)}
        </span>
      </div>
      <div className="m-row-between m-small">
        <span className="m-eline-sub m-muted">
          {line.itemTitle} · {t('earnings.lines.buyer', { buyer: line.buyer })}
        </span>
        <span className={`m-pill m-pill-${STATE_TONE[line.state]}`}>{t(`earnings.state.${line.state}`)}</span>
      </div>
      <div className="m-eline-meta m-small">
        <span className={`m-tag m-tag-${line.slot}`}>{t(`earnings.slot.${line.slot}`)}</span>
        {note && (
          <span className="m-muted">{t(`earnings.lineNote.${note.key}`, { date: note.at ? formatShortDateTime(note.at) : '' })}</span>
        )}
        {line.clawedFen > 0 && !reversed && <span className="m-warn">{t('earnings.lines.clawed', { amount: formatFen(line.clawedFen) })}</span>}
      </div>
    </li>
  );
}

/** The commission lines with a state filter (kept in the URL) and "load more". */
function EarningLines() {
  const { t } = useTranslation('member');
  const [params, setParams] = useSearchParams();
  const filter = lineFilterOf(params.get('state'));
  const [lines, setLines] = useState<EarningLine[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [version, setVersion] = useState(0);
  const state = filter === 'all' ? undefined : filter;

  useEffect(() => {
    let cancelled = false;
    setLines(null);
    setError(null);
    api.get<Page<EarningLine>>('/me/earnings/lines', { state, limit: LINES_PAGE }).then(
      (page) => {
        if (cancelled) return;
        setLines(page.items);
        setCursor(page.nextCursor);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [state, version, t]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<EarningLine>>('/me/earnings/lines', { state, limit: LINES_PAGE, cursor });
      setLines((l) => [...(l ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError'));
    } finally {
      setLoadingMore(false);
    }
  };

  const choose = (f: LineFilter) => {
    const next = new URLSearchParams(params);
    if (f === 'all') next.delete('state');
    else next.set('state', f);
    setParams(next, { replace: true, preventScrollReset: true });
  };

  return (
    <section className="m-card m-section" data-testid="earning-lines">
      <h2 className="m-section-title">{t('earnings.lines.title')}</h2>
      <div className="m-chips" role="tablist" aria-label={t('earnings.lines.title')}>
        {LINE_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={f === filter}
            className={`m-chip${f === filter ? ' m-chip-on' : ''}`}
            onClick={() => choose(f)}
            data-testid={`line-filter-${f}`}
          >
            {t(`earnings.lines.filters.${f}`)}
          </button>
        ))}
      </div>
      {error && <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />}
      {lines === null && !error ? (
        <p className="m-muted m-small m-lines-loading">{t('loading')}</p>
      ) : lines && lines.length === 0 ? (
        <div className="m-empty" data-testid="lines-empty">
          <CoinsIcon />
          <p className="m-empty-title">{filter === 'all' ? t('earnings.lines.empty') : t('earnings.lines.emptyFiltered')}</p>
          {filter === 'all' && <p className="m-muted m-empty-hint">{t('earnings.lines.emptyHint')}</p>}
        </div>
      ) : (
        <ul className="m-elines">
          {(lines ?? []).map((l) => (
            <LineItem key={`${l.orderLineId}:${l.slot}`} line={l} />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" className="m-more" disabled={loadingMore} onClick={() => void loadMore()} data-testid="lines-more">
          {loadingMore ? t('loading') : t('common.loadMore')}
        </button>
      )}
    </section>
  );
}

function CoinsIcon() {
  return (
    <svg viewBox="0 0 48 48" width="44" height="44" aria-hidden>
      <ellipse cx="24" cy="32" rx="13" ry="5" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <path d="M11 26v6M37 26v6" stroke="#ffbb96" strokeWidth="2" />
      <ellipse cx="24" cy="26" rx="13" ry="5" fill="#fff2e8" stroke="#ffbb96" strokeWidth="2" />
      <path d="M21 14l3 3.5 3-3.5M20.5 18h7M24 17.5v5" fill="none" stroke="#fa8c16" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** `/m/:tenant/earnings` — the member's referral earnings: apply, wait, or see balances, share and lines. */
export function EarningsPage() {
  const { tenant = 'demo' } = useParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [data, setData] = useState<MyEarnings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [toast, showToast] = useToast();
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    api.get<MyEarnings>('/me/earnings').then(
      (value) => {
        if (cancelled) return;
        setData(value);
        setError(null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, version, t]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;

  const view = data ? earningsView(data) : null;
  const showBalances = data && (view === 'earning' || hasBalance(data.balance));

  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('earnings.title')} nav="earnings">
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {error && <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />}
      {!data && !error && session.status !== 'error' && <Spinner />}
      {data && session.status === 'ok' && (
        <div data-testid="earnings-page" data-view={view}>
          {view === 'apply' && (
            <>
              <DistributionIntro />
              <ApplyDistributorForm
                onApplied={(notice) => {
                  showToast(notice);
                  setVersion((v) => v + 1);
                }}
              />
            </>
          )}
          {view !== 'apply' && view !== 'earning' && <DistributorStatusCard me={data} />}
          {view === 'rejected' && (
            <ApplyDistributorForm
              initial={{ realName: data.distributor?.realName ?? '', payoutAccount: data.distributor?.payoutAccount ?? '' }}
              onApplied={(notice) => {
                showToast(notice);
                setVersion((v) => v + 1);
              }}
            />
          )}
          {showBalances && <BalanceCards balance={data.balance} invited={data.referredMembers} />}
          {view === 'earning' && (
            <section className="m-card m-section" aria-labelledby="share-title">
              <h2 className="m-section-title" id="share-title">
                {t('share.section')}
              </h2>
              <ShareSection tenant={tenant} me={session.me} initialCampaignId={null} />
            </section>
          )}
          {showBalances && <EarningLines />}
        </div>
      )}
      {toast}
    </Shell>
  );
}
