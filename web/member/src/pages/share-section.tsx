import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type MemberMe, type MyEarnings, type Page, type PublicCampaign, type ReferralLink } from '../api';
import { sharePath, shareableCampaigns, type ShareableCampaign } from '../earnings';
import { downloadCanvas, drawPoster, svgDataUrl, type PosterInput } from '../poster';
import { currentFullPath, loginPath, useMemberSession } from '../session';
import { Shell, Spinner } from '../shell';
import { ErrorBox, useToast } from '../ui';
import { copyText } from '../../../shared/clipboard';
import { formatFen } from '../../../shared/money';

/** "¥19.90" for one price, "¥9.90 起" for several: what a poster says about the price. */
function posterPrice(campaign: PublicCampaign | null, from: (price: string) => string): string | null {
  const prices = campaign?.items.map((i) => i.priceFen) ?? [];
  if (prices.length === 0) return null;
  const min = Math.min(...prices);
  return min === Math.max(...prices) ? formatFen(min) : from(formatFen(min));
}

/**
 * The share tools: pick a campaign (default `initialCampaignId`), then the member's link with a copy
 * button, its QR code and a poster to save. Used on the earnings page and on the share page that the
 * campaign page's "share & earn" button opens.
 */
export function ShareSection({ tenant, me, initialCampaignId }: { tenant: string; me: MemberMe; initialCampaignId: string | null }) {
  const { t, i18n } = useTranslation('member');
  const [onSale, setOnSale] = useState<ShareableCampaign[] | null>(null);
  const [selected, setSelected] = useState<string | null>(initialCampaignId);
  const [initialTitle, setInitialTitle] = useState<string | null>(null);
  const [link, setLink] = useState<ReferralLink | null>(null);
  const [campaign, setCampaign] = useState<PublicCampaign | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [poster, setPoster] = useState<'drawing' | 'ready' | 'failed'>('drawing');
  const canvas = useRef<HTMLCanvasElement>(null);
  const [toast, showToast] = useToast();

  // The brand's live and upcoming campaigns are what can be shared.
  useEffect(() => {
    let cancelled = false;
    api.get<Page<ShareableCampaign>>(`/t/${encodeURIComponent(tenant)}/campaigns`, { limit: 50 }).then(
      (page) => !cancelled && setOnSale(page.items),
      () => !cancelled && setOnSale([]),
    );
    return () => {
      cancelled = true;
    };
  }, [tenant]);

  const options = useMemo(
    () => shareableCampaigns(initialCampaignId ? { id: initialCampaignId, title: initialTitle ?? '…' } : null, onSale ?? []),
    [initialCampaignId, initialTitle, onSale],
  );

  // With no campaign to start from, share the one ending soonest (else the shop).
  useEffect(() => {
    if (selected === null && onSale !== null) setSelected(options[0]?.id ?? '');
  }, [selected, onSale, options]);

  useEffect(() => {
    if (selected === null) return;
    let cancelled = false;
    setLink(null);
    setCampaign(null);
    setError(null);
    const campaignId = selected || undefined;
    Promise.all([
      api.get<ReferralLink>('/me/referral-link', { campaignId }),
      campaignId ? api.get<PublicCampaign>(`/t/${encodeURIComponent(tenant)}/campaigns/${encodeURIComponent(campaignId)}`).catch(() => null) : null,
    ]).then(
      ([l, c]) => {
        if (cancelled) return;
        setLink(l);
        setCampaign(c);
        if (campaignId && campaignId === initialCampaignId) setInitialTitle(l.campaign?.title ?? c?.title ?? null);
      },
      (err: unknown) => !cancelled && setError(err instanceof ApiError && err.status !== 0 ? err.message : t('common.networkError')),
    );
    return () => {
      cancelled = true;
    };
  }, [selected, tenant, initialCampaignId, version, t]);

  const name = me.actor.name.trim();
  const posterInput: PosterInput | null = link
    ? {
        brand: me.tenant.name,
        title: link.campaign?.title ?? campaign?.title ?? t('share.posterText.shopTitle', { brand: me.tenant.name }),
        price: posterPrice(campaign, (price) => t('share.posterText.from', { price })),
        invite: name ? t('share.posterText.invite', { name }) : t('share.posterText.inviteAnonymous'),
        caption: t('share.posterText.caption'),
        sub: t('share.posterText.sub', { code: link.code }),
        footer: t('share.posterText.footer', { brand: me.tenant.name }),
      }
    : null;
  const posterKey = posterInput ? JSON.stringify(posterInput) : '';

  useEffect(() => {
    if (!posterInput || !link || !canvas.current) return;
    let cancelled = false;
    setPoster('drawing');
    drawPoster(canvas.current, posterInput, link.qrSvg).then(
      () => !cancelled && setPoster('ready'),
      () => !cancelled && setPoster('failed'),
    );
    return () => {
      cancelled = true;
    };
    // posterKey stands for posterInput, a new object on every render.
  }, [posterKey, link, i18n.language]);

  const copy = async () => {
    if (link) showToast((await copyText(link.url)) ? t('share.copied') : t('share.copyFailed'));
  };
  const save = async () => {
    if (!canvas.current || !link) return;
    showToast((await downloadCanvas(canvas.current, `poster-${link.code}.png`)) ? t('share.saved') : t('share.saveFailed'));
  };

  const closed = campaign && campaign.status !== 'live' && campaign.status !== 'scheduled';

  return (
    <div className="m-share-tools" data-testid="share-section">
      <label className="m-field">
        <span className="m-label">{t('share.campaign')}</span>
        <span className="m-input-row m-select-row">
          <select
            className="m-input m-select"
            value={selected ?? ''}
            disabled={selected === null}
            onChange={(e) => setSelected(e.target.value)}
            data-testid="share-campaign"
          >
            {options.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
            <option value="">{t('share.shop')}</option>
          </select>
        </span>
      </label>
      {closed && <p className="m-note m-note-warn">{t('share.notOpen')}</p>}
      {onSale !== null && options.length === 0 && <p className="m-muted m-small m-share-none">{t('share.noneHint')}</p>}

      {error ? (
        <ErrorBox message={error} onRetry={() => setVersion((v) => v + 1)} />
      ) : !link ? (
        <p className="m-muted m-small">{t('loading')}</p>
      ) : (
        <>
          <div className="m-field">
            <span className="m-label">{t('share.link')}</span>
            <div className="m-linkbox">
              <span className="m-linkbox-url" data-testid="share-url">
                {link.url}
              </span>
              <button type="button" className="m-share" onClick={() => void copy()} data-testid="copy-link">
                {t('share.copyLink')}
              </button>
            </div>
          </div>

          <div className="m-qr-row">
            <img className="m-qr" src={svgDataUrl(link.qrSvg)} alt={t('share.qrAlt')} width={112} height={112} data-testid="share-qr" />
            <div className="m-qr-text">
              <p className="m-referral-code m-referral-code-sm" data-testid="share-code">
                {link.code}
              </p>
              <p className="m-muted m-small">{t('share.posterHint')}</p>
            </div>
          </div>

          <h3 className="m-subsection">{t('share.poster')}</h3>
          <div className={`m-poster${poster === 'ready' ? '' : ' m-poster-busy'}`}>
            <canvas
              ref={canvas}
              className="m-poster-canvas"
              role="img"
              aria-label={t('share.posterAlt', { title: posterInput?.title ?? '' })}
              data-testid="poster-canvas"
              data-ready={poster === 'ready' ? 'true' : 'false'}
            />
            {poster === 'drawing' && <p className="m-muted m-small m-poster-status">{t('share.posterDrawing')}</p>}
            {poster === 'failed' && <p className="m-danger m-small m-poster-status">{t('share.posterFailed')}</p>}
          </div>
          <button type="button" className="m-primary" disabled={poster !== 'ready'} onClick={() => void save()} data-testid="save-poster">
            {t('share.savePoster')}
          </button>
        </>
      )}
      {toast}
    </div>
  );
}

/** The campaign page's "share & earn" entry for signed-in members: opens the share tools for this campaign. */
export function ShareEarnLink({ tenant, campaignId }: { tenant: string; campaignId: string }) {
  const { t } = useTranslation('member');
  return (
    <Link to={sharePath(tenant, campaignId)} className="m-earn-banner" data-testid="share-earn">
      <span className="m-earn-banner-icon" aria-hidden>
        ¥
      </span>
      <span className="m-earn-banner-text">
        <b>{t('campaign.shareEarn')}</b>
        <span>{t('campaign.shareEarnHint')}</span>
      </span>
      <span className="m-earn-banner-go" aria-hidden>
        ›
      </span>
    </Link>
  );
}

/** `/m/:tenant/share?campaign=` — the share tools on their own page, opened from a campaign page. */
export function SharePage() {
  const { tenant = 'demo' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation('member');
  const session = useMemberSession(tenant);
  const [earnings, setEarnings] = useState<MyEarnings | null>(null);
  const campaignId = params.get('campaign');
  const signedIn = session.status === 'ok';

  useEffect(() => {
    if (!signedIn) return;
    let cancelled = false;
    api.get<MyEarnings>('/me/earnings').then(
      (value) => !cancelled && setEarnings(value),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn]);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;
  const back = campaignId ? `/${encodeURIComponent(tenant)}/c/${encodeURIComponent(campaignId)}` : `/${encodeURIComponent(tenant)}/earnings`;
  return (
    <Shell brand={session.status === 'ok' ? session.me.tenant.name : t('appName')} title={t('share.title')} back={back}>
      {session.status === 'error' && <ErrorBox message={session.message} onRetry={session.reload} />}
      {session.status === 'loading' && <Spinner />}
      {session.status === 'ok' && (
        <>
          {earnings && !earnings.canEarn && (
            <p className="m-note" data-testid="share-not-earning">
              {t('share.notEarning')}{' '}
              <Link to={`/${encodeURIComponent(tenant)}/earnings`}>{earnings.distributor ? t('earnings.title') : t('share.applyLink')} ›</Link>
            </p>
          )}
          <section className="m-card m-section">
            <ShareSection tenant={tenant} me={session.me} initialCampaignId={campaignId} />
          </section>
        </>
      )}
    </Shell>
  );
}
