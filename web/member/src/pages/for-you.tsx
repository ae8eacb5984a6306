import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { endsSoon, forYouCards, forYouPrice, type ForYouCampaign } from '../crm';
import { formatShortDateTime } from '../format';
import { campaignPath } from '../fulfilment';
import { formatFen } from '../../../shared/money';

function Thumb({ campaign }: { campaign: ForYouCampaign }) {
  const [broken, setBroken] = useState(false);
  const src = campaign.coverImages[0];
  if (src && !broken) return <img className="m-fy-thumb" src={src} alt="" loading="lazy" onError={() => setBroken(true)} />;
  return (
    <span className="m-fy-thumb m-fy-thumb-empty" aria-hidden>
      <svg viewBox="0 0 48 48" width="40" height="40">
        <circle cx="18" cy="19" r="6" fill="#ffd591" />
        <circle cx="28" cy="16" r="5" fill="#ff9c6e" />
        <circle cx="35" cy="20" r="5.5" fill="#ffc069" />
        <path d="M9 24h30l-3.5 13a3 3 0 0 1-3 2.2H15.5a3 3 0 0 1-3-2.2z" fill="#fff" />
        <path d="M17 28l1.5 7M24 28v7M31 28l-1.5 7" stroke="#ffbb96" strokeWidth="1.8" strokeLinecap="round" />
      </svg>
    </span>
  );
}

/**
 * 为你推荐 on the member's home: live campaigns the brand aimed at a segment the member is in, each
 * opening its campaign page. Nothing at all when there are none (or they could not be loaded).
 */
export function ForYouSection({ tenant }: { tenant: string }) {
  const { t } = useTranslation('member');
  const [items, setItems] = useState<ForYouCampaign[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.get<{ items: ForYouCampaign[] }>('/me/for-you').then(
      (page) => !cancelled && setItems(forYouCards(page.items, Date.now())),
      // Recommendations are extra: a failure leaves the home page as it was.
      () => !cancelled && setItems([]),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  if (!items || items.length === 0) return null;
  const now = Date.now();
  return (
    <section className="m-card m-section m-for-you" data-testid="for-you" aria-labelledby="for-you-title">
      <h2 className="m-section-title m-row-between" id="for-you-title">
        <span>{t('forYou.title')}</span>
        <span className="m-muted m-fy-hint">{t('forYou.hint')}</span>
      </h2>
      <ul className="m-fy-list">
        {items.map((c) => {
          const price = forYouPrice(c);
          const soon = endsSoon(c.endsAt, now);
          return (
            <li key={c.id}>
              <Link to={campaignPath(tenant, c.id, null)} className="m-fy" data-testid="for-you-campaign" data-campaign-id={c.id}>
                <Thumb campaign={c} />
                <span className="m-fy-main">
                  <span className="m-fy-title">{c.title}</span>
                  <span className="m-fy-meta">
                    {soon && <span className="m-pill m-pill-warn">{t('forYou.endsSoon')}</span>}
                    <span className="m-muted">{t('forYou.endsAt', { time: formatShortDateTime(c.endsAt) })}</span>
                  </span>
                  <span className="m-fy-price">
                    {price.kind === 'from' ? t('forYou.from', { price: formatFen(price.fen) }) : price.kind === 'single' ? formatFen(price.fen) : ''}
                  </span>
                </span>
                <span className="m-gc-go" aria-hidden>
                  ›
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
