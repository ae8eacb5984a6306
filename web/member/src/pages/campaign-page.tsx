import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type CampaignEntry, type MemberMe, type MyGroup, type Page, type PublicCampaign, type PublicCampaignItem, unitPriceOf } from '../api';
import { Shell, Spinner } from '../shell';
import { CountdownText, CoverPlaceholder, ErrorBox, Stepper, useNow, useToast } from '../ui';
import { loadCart, rememberReferral, saveCart, type Cart } from '../session';
import { specsText, formatShortDateTime, formatTime } from '../format';
import { formatFen, formatFenRange } from '../../../shared/money';
import { copyText } from '../../../shared/clipboard';
import { MarkdownDescription, useMarkdown } from '../markdown';
import { useReferralTouch } from '../use-referral-touch';
import { campaignPath, groupIdFromLink } from '../fulfilment';
import { ShareEarnLink } from './share-section';

const REFRESH_MS = 10_000;
const ENTRY_PAGE = 50;
const ENTRY_MAX = 200;

interface Loaded {
  campaign: PublicCampaign;
  /** Server clock − device clock, from `serverTime` (half the round trip counted as transit). */
  offsetMs: number;
}

async function fetchCampaign(tenant: string, id: string): Promise<Loaded> {
  const sent = Date.now();
  const campaign = await api.get<PublicCampaign>(`/t/${encodeURIComponent(tenant)}/campaigns/${encodeURIComponent(id)}`);
  const received = Date.now();
  const server = Date.parse(campaign.serverTime);
  return { campaign, offsetMs: Number.isFinite(server) ? server - (sent + received) / 2 : 0 };
}

/** How many a member may still put in the cart for an item: what is left, within the per-member limit. */
export function maxFor(item: PublicCampaignItem): number {
  const allowance = item.perMemberLimit == null ? Number.POSITIVE_INFINITY : item.perMemberLimit - (item.myQuantity ?? 0);
  return Math.max(0, Math.min(item.left, allowance));
}

/** The live 接龙 list: first `limit` entries (only the group's orders with `groupId`), refreshed with the page. */
function useEntries(tenant: string, id: string, limit: number, refreshKey: number, groupId: string | null) {
  const [entries, setEntries] = useState<CampaignEntry[] | null>(null);
  const [more, setMore] = useState(false);
  // Another scope is another list: show "loading" rather than the other scope's entries.
  useEffect(() => setEntries(null), [groupId]);
  useEffect(() => {
    let cancelled = false;
    api.get<Page<CampaignEntry>>(`/t/${encodeURIComponent(tenant)}/campaigns/${encodeURIComponent(id)}/entries`, { limit, groupId: groupId ?? undefined }).then(
      (page) => {
        if (cancelled) return;
        setEntries(page.items);
        setMore(Boolean(page.nextCursor));
      },
      () => {
        // The list is a bonus: keep what was shown if a refresh fails.
        if (!cancelled) setEntries((e) => e ?? []);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [tenant, id, limit, refreshKey, groupId]);
  return { entries, more };
}

/** 本群 / 全部: which 接龙 list a page opened from a group link shows. */
function ScopeToggle({ scope, onChange }: { scope: 'group' | 'all'; onChange: (scope: 'group' | 'all') => void }) {
  const { t } = useTranslation('member');
  return (
    <span className="m-segmented" role="group" aria-label={t('campaign.scope.label')} data-testid="entries-scope">
      {(['group', 'all'] as const).map((s) => (
        <button key={s} type="button" className={s === scope ? 'm-segmented-on' : ''} aria-pressed={s === scope} onClick={() => onChange(s)} data-testid={`entries-scope-${s}`}>
          {t(`campaign.scope.${s}`)}
        </button>
      ))}
    </span>
  );
}

/**
 * `/m/:tenant/c/:campaignId` — the public campaign page: items, countdown, 接龙 list, share, buy.
 * Opened from a group's link (`?g=<groupId>`) it shows that group's 接龙 (or everyone's) and the
 * group goes on to checkout, so the order counts for the group.
 */
export function CampaignPage() {
  const { tenant = 'demo', campaignId = '' } = useParams();
  const [params] = useSearchParams();
  const groupId = groupIdFromLink(params.get('g'));
  const [scope, setScope] = useState<'group' | 'all'>('group');
  const [group, setGroup] = useState<MyGroup | null>(null);
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [cart, setCart] = useState<Cart>(() => loadCart(tenant, campaignId));
  const [entryLimit, setEntryLimit] = useState(ENTRY_PAGE);
  const [expanded, setExpanded] = useState<number | null>(null);
  const [me, setMe] = useState<MemberMe | null>(null);
  const [toast, showToast] = useToast();
  const refreshedAtZero = useRef(false);
  // Starts loading the Markdown renderer now, alongside the campaign itself.
  const renderMarkdown = useMarkdown();

  // A shared link's referral code travels with this tab until checkout.
  useEffect(() => rememberReferral(tenant, params.get('ref')), [tenant, params]);

  useEffect(() => {
    let cancelled = false;
    fetchCampaign(tenant, campaignId).then(
      (value) => {
        if (cancelled) return;
        setLoaded(value);
        setError(null);
      },
      (err: unknown) => {
        if (!cancelled) setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [tenant, campaignId, refreshKey]);

  // Who is signed in (for the share link's ref code); anonymous visitors simply share the plain link.
  useEffect(() => {
    let cancelled = false;
    api.get<MemberMe>('/me').then(
      (value) => !cancelled && value.actor.type === 'member' && value.tenant.slug === tenant && setMe(value),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [tenant]);

  // A member in the link's group sees its name (anyone else just the group's 接龙).
  useEffect(() => {
    if (!me || !groupId) return;
    let cancelled = false;
    api.get<{ items: MyGroup[] }>('/me/groups').then(
      (mine) => !cancelled && setGroup(mine.items.find((g) => g.groupId === groupId) ?? null),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [me, groupId]);

  // A signed-in member who opened a shared link: the sharer may now keep them (decided server side).
  useReferralTouch(params.get('ref'), me);

  const campaign = loaded?.campaign;
  const live = campaign?.status === 'live';
  const upcoming = campaign?.status === 'scheduled';

  useEffect(() => {
    if (!campaign || !(live || upcoming)) return;
    const timer = setInterval(() => setRefreshKey((k) => k + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [campaign, live, upcoming]);

  const entryGroup = groupId && scope === 'group' ? groupId : null;
  const { entries, more } = useEntries(tenant, campaignId, entryLimit, refreshKey, entryGroup);
  const now = useNow(loaded?.offsetMs ?? 0, live || upcoming);
  const target = campaign ? Date.parse(live ? campaign.endsAt : campaign.startsAt) : 0;
  const remaining = target - now;

  // When the countdown runs out the status changes on the server: fetch it once.
  useEffect(() => {
    if (!(live || upcoming)) return;
    if (remaining <= 0 && !refreshedAtZero.current) {
      refreshedAtZero.current = true;
      setTimeout(() => setRefreshKey((k) => k + 1), 1200);
    }
    if (remaining > 0) refreshedAtZero.current = false;
  }, [remaining, live, upcoming]);

  // Keep the cart within what can still be bought.
  const items = useMemo(() => campaign?.items ?? [], [campaign]);
  const effectiveCart = useMemo(() => {
    const next: Cart = {};
    for (const item of items) {
      const q = Math.min(cart[item.id] ?? 0, maxFor(item));
      if (q > 0) next[item.id] = q;
    }
    return next;
  }, [cart, items]);

  const setQuantity = useCallback(
    (itemId: string, quantity: number) => {
      setCart((prev) => {
        const next = { ...prev, [itemId]: quantity };
        saveCart(tenant, campaignId, next);
        return next;
      });
    },
    [tenant, campaignId],
  );

  if (error && !campaign) {
    return (
      <Shell brand={t('appName')}>
        {error.status === 404 ? (
          <div className="m-card m-empty">
            <p className="m-empty-title">{t('campaign.notFound')}</p>
            <p className="m-muted m-empty-hint">{t('campaign.notFoundHint')}</p>
          </div>
        ) : (
          <ErrorBox message={error.status === 0 ? t('common.networkError') : error.message} onRetry={() => setRefreshKey((k) => k + 1)} />
        )}
      </Shell>
    );
  }
  if (!campaign) {
    return (
      <Shell brand={t('appName')}>
        <Spinner />
      </Shell>
    );
  }

  const prices = items.map(unitPriceOf);
  const totalFen = items.reduce((s, i) => s + (effectiveCart[i.id] ?? 0) * unitPriceOf(i), 0);
  const totalUnits = Object.values(effectiveCart).reduce((s, q) => s + q, 0);
  const unitsSold = items.reduce((s, i) => s + i.sold, 0);
  const thresholdReached =
    campaign.threshold.kind === 'participants' ? campaign.participants : campaign.threshold.kind === 'units' ? unitsSold : 0;
  const thresholdPct =
    campaign.threshold.kind === 'none' ? 100 : Math.min(100, Math.round((thresholdReached / Math.max(1, campaign.threshold.value)) * 100));

  const shareUrl = `${window.location.origin}/m/${encodeURIComponent(tenant)}/c/${encodeURIComponent(campaign.id)}${
    me?.actor.referralCode ? `?ref=${encodeURIComponent(me.actor.referralCode)}` : ''
  }`;

  const share = async () => {
    const nav = navigator as Navigator & { share?: (data: { title: string; url: string }) => Promise<void> };
    if (typeof nav.share === 'function' && window.matchMedia('(pointer: coarse)').matches) {
      try {
        await nav.share({ title: campaign.title, url: shareUrl });
        return;
      } catch (err) {
        if (err instanceof DOMException && err.name === 'AbortError') return;
      }
    }
    showToast((await copyText(shareUrl)) ? t('campaign.linkCopied') : t('campaign.copyFailed'));
  };

  const checkout = () => {
    saveCart(tenant, campaignId, effectiveCart);
    navigate(campaignPath(tenant, campaignId, groupId, 'checkout'));
  };

  const ribbon = live ? null : t(`campaign.ribbon.${campaign.status}`);
  const description = campaign.description.trim();

  const footer = (
    <div className="m-buybar">
      <div className="m-buybar-total">
        <span className="m-muted">{t('campaign.total')}</span>
        <span className="m-price m-price-lg" data-testid="cart-total">
          {formatFen(totalFen)}
        </span>
        {totalUnits > 0 && <span className="m-muted m-small">{t('campaign.units', { count: totalUnits })}</span>}
      </div>
      <button
        type="button"
        className="m-buy"
        disabled={!live || totalUnits === 0}
        onClick={checkout}
        data-testid="buy"
      >
        {live ? t('campaign.buy') : upcoming ? t('campaign.notStarted') : t('campaign.closed')}
      </button>
    </div>
  );

  return (
    <Shell brand={campaign.tenant.name} footer={footer}>
      <section className="m-campaign-head" data-testid="campaign-page">
        <div className="m-cover-wrap">
          {campaign.coverImages[0] ? (
            <img className="m-cover" src={campaign.coverImages[0]} alt={campaign.title} />
          ) : (
            <CoverPlaceholder title={campaign.title} />
          )}
          {ribbon && (
            <div className={`m-ribbon m-ribbon-${campaign.status}`} data-testid="status-ribbon">
              {ribbon}
            </div>
          )}
        </div>
        <div className="m-card m-head-card">
          {group && (
            <p className="m-group-chip" data-testid="campaign-group">
              <span className="m-group-chip-tag">{t('campaign.groupBadge')}</span>
              <span className="m-group-chip-name">{t('campaign.fromGroup', { name: group.name })}</span>
            </p>
          )}
          <h1 className="m-campaign-title">{campaign.title}</h1>
          <div className="m-head-row">
            <span className="m-price m-price-lg">
              {formatFenRange(prices.length ? Math.min(...prices) : null, prices.length ? Math.max(...prices) : null)}
            </span>
            <button type="button" className="m-share" onClick={() => void share()} data-testid="share">
              <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden>
                <path
                  d="M14 5l6 6-6 6M20 11H9a5 5 0 0 0-5 5v3"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
              {t('campaign.share')}
            </button>
          </div>
          {me && <ShareEarnLink tenant={tenant} campaignId={campaign.id} />}
          {(live || upcoming) && (
            <div className="m-countdown" data-testid="countdown">
              <span>{live ? t('campaign.endsIn') : t('campaign.startsIn')}</span>
              <CountdownText ms={remaining} />
            </div>
          )}
          {!live && !upcoming && campaign.status !== 'canceled' && (
            <p className="m-muted m-small m-closed-note">
              {t('campaign.endedAt', { time: formatShortDateTime(campaign.endsAt) })}
            </p>
          )}
          <div className="m-threshold" data-testid="threshold">
            <div className="m-threshold-text">
              <span>
                {t('campaign.participants', { count: campaign.participants })}
              </span>
              <span className="m-muted">
                {!(live || upcoming)
                  ? ''
                  : campaign.threshold.kind === 'none'
                  ? t('campaign.noThreshold')
                  : thresholdPct >= 100
                    ? t('campaign.thresholdMet')
                    : t(`campaign.thresholdNeed.${campaign.threshold.kind}`, {
                        count: Math.max(0, campaign.threshold.value - thresholdReached),
                      })}
              </span>
            </div>
            {campaign.threshold.kind !== 'none' && (
              <div
                className="m-progress"
                role="progressbar"
                aria-valuenow={thresholdPct}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <span style={{ width: `${thresholdPct}%` }} />
              </div>
            )}
          </div>
          {description && <MarkdownDescription source={description} render={renderMarkdown} />}
          <p className="m-muted m-small m-fulfil-note">{t(`campaign.fulfilment.${campaign.fulfilment}`)}</p>
        </div>
      </section>

      <section className="m-card m-section" aria-labelledby="items-title">
        <h2 className="m-section-title" id="items-title">
          {t('campaign.items')}
        </h2>
        <ul className="m-items">
          {items.map((item) => {
            const max = maxFor(item);
            const soldOut = item.left <= 0;
            return (
              <li key={item.id} className="m-item" data-testid="campaign-item">
                <div className="m-item-main">
                  <div className="m-item-title">{item.title}</div>
                  {specsText(item.specs) && !item.title.includes(specsText(item.specs)) && (
                    <div className="m-muted m-small">{specsText(item.specs)}</div>
                  )}
                  <div className="m-item-meta">
                    <span className="m-price" data-testid="item-price">{formatFen(unitPriceOf(item))}</span>
                    {item.myPriceFen !== undefined && (
                      <>
                        <span className="m-tag m-tier-price">{t('campaign.tierPrice', { tier: item.myTierName ?? '' })}</span>
                        <s className="m-muted m-small">{t('campaign.listPrice', { price: formatFen(item.priceFen) })}</s>
                      </>
                    )}
                    <span className={`m-small ${soldOut ? 'm-danger' : item.left <= 10 ? 'm-warn' : 'm-muted'}`}>
                      {soldOut
                        ? t('campaign.soldOut')
                        : item.left <= 10
                          ? t('campaign.fewLeft', { count: item.left })
                          : t('campaign.left', { count: item.left })}
                    </span>
                    {item.perMemberLimit != null && (
                      <span className="m-tag">{t('campaign.limit', { count: item.perMemberLimit })}</span>
                    )}
                  </div>
                </div>
                <Stepper
                  value={effectiveCart[item.id] ?? 0}
                  max={max}
                  disabled={!live || soldOut}
                  label={item.title}
                  onChange={(q) => setQuantity(item.id, q)}
                  testId={`stepper-${item.id}`}
                />
              </li>
            );
          })}
        </ul>
      </section>

      <section className="m-card m-section" aria-labelledby="entries-title">
        <h2 className="m-section-title m-row-between" id="entries-title">
          <span className="m-entries-head">
            <span>{t('campaign.entries')}</span>
            {live && groupId && <span className="m-live-dot">{t('campaign.liveUpdating')}</span>}
          </span>
          {groupId && (
            <ScopeToggle
              scope={scope}
              onChange={(s) => {
                setScope(s);
                setEntryLimit(ENTRY_PAGE);
                setExpanded(null);
              }}
            />
          )}
          {live && !groupId && <span className="m-live-dot">{t('campaign.liveUpdating')}</span>}
        </h2>
        {entries === null ? (
          <p className="m-muted m-small">{t('loading')}</p>
        ) : entries.length === 0 ? (
          <p className="m-muted m-small m-entries-empty" data-testid="entries-empty">
            {entryGroup
              ? live
                ? t('campaign.entriesEmptyGroupLive')
                : t('campaign.entriesEmptyGroup')
              : live
                ? t('campaign.entriesEmptyLive')
                : t('campaign.entriesEmpty')}
          </p>
        ) : (
          <ol className="m-entries" data-testid="entries">
            {entries.map((e) => {
              const [first, ...rest] = e.items;
              const open = expanded === e.seq;
              return (
                <li key={e.seq} className="m-entry" data-testid="entry">
                  <button type="button" className="m-entry-button" onClick={() => setExpanded(open ? null : e.seq)} aria-expanded={open}>
                    <span className="m-entry-seq">{e.seq}.</span>
                    <span className="m-entry-name">{e.name}</span>
                    <span className="m-entry-items">
                      {open
                        ? e.items.map((i) => `${i.title}×${i.quantity}`).join('，')
                        : first
                          ? `${first.title}×${first.quantity}`
                          : ''}
                      {!open && rest.length > 0 && <span className="m-entry-more"> +{rest.length}</span>}
                    </span>
                    <span className="m-entry-time">{formatTime(e.at)}</span>
                  </button>
                </li>
              );
            })}
          </ol>
        )}
        {more && entryLimit < ENTRY_MAX && (
          <button type="button" className="m-more" onClick={() => setEntryLimit((l) => Math.min(ENTRY_MAX, l + ENTRY_PAGE))}>
            {t('common.loadMore')}
          </button>
        )}
      </section>

      <p className="m-fine">
        <Link to={`/${encodeURIComponent(tenant)}/`}>{t('campaign.myAccount')}</Link>
      </p>
      {toast}
    </Shell>
  );
}
