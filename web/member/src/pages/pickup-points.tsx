import { useState, type Ref } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PickupPoint } from '../api';
import { checkoutIssueKeys, isGroupIssue, visiblePickupPoints, type CheckoutIssue } from '../fulfilment';

/** How many points the picker lists before "show all". */
const SHOWN = 4;

/** A pickup point's address, opening hours and contact, as lines under its name. */
export function PickupPointLines({ point }: { point: Pick<PickupPoint, 'address' | 'openingHours' | 'contactName' | 'contactPhone'> }) {
  const { t } = useTranslation('member');
  const contact = [point.contactName, point.contactPhone].filter(Boolean).join(' ');
  return (
    <>
      <span className="m-point-address">{point.address}</span>
      {point.openingHours && <span className="m-muted m-small">{t('checkout.pickupPoint.hours', { hours: point.openingHours })}</span>}
      {contact && <span className="m-muted m-small">{t('checkout.pickupPoint.contact', { contact })}</span>}
    </>
  );
}

/**
 * Where a pickup order is collected: the group's leaders' open points (or all open ones) as radio
 * cards. `points` null while loading; `loadFailed` offers a retry; `error` shows under the cards.
 */
export function PickupPointPicker(props: {
  ref?: Ref<HTMLElement>;
  points: PickupPoint[] | null;
  loadFailed: boolean;
  value: string | null;
  remembered: string | null;
  error: string | null;
  onChange: (id: string) => void;
  onRetry: () => void;
}) {
  const { ref, points, loadFailed, value, remembered, error, onChange, onRetry } = props;
  const { t } = useTranslation('member');
  const [expanded, setExpanded] = useState(false);
  const shown = points ? visiblePickupPoints(points, value, SHOWN, expanded) : [];
  return (
    <section className="m-pickup" ref={ref} aria-labelledby="pickup-title" data-testid="pickup-points">
      <h3 className="m-subsection" id="pickup-title">
        {t('checkout.pickupPoint.title')}
        {points && points.length > 0 && <span className="m-required"> *</span>}
      </h3>
      {points === null ? (
        loadFailed ? (
          <p className="m-field-error">
            {t('checkout.pickupPoint.loadFailed')}
            <button type="button" className="m-inline-button" onClick={onRetry}>
              {t('common.retry')}
            </button>
          </p>
        ) : (
          <p className="m-muted m-small">{t('loading')}</p>
        )
      ) : points.length === 0 ? (
        <p className="m-muted m-small" data-testid="pickup-points-none">
          {t('checkout.pickupPoint.none')}
        </p>
      ) : (
        <div className={`m-choices${error ? ' m-choices-invalid' : ''}`} role="radiogroup" aria-labelledby="pickup-title" aria-required>
          {shown.map((p) => (
            <label key={p.id} className={`m-choice m-point-choice${value === p.id ? ' m-choice-on' : ''}`} data-testid="pickup-point" data-point-id={p.id}>
              <input type="radio" name="pickupPoint" value={p.id} checked={value === p.id} onChange={() => onChange(p.id)} />
              <span className="m-choice-title m-point-name">
                {p.name}
                {p.id === remembered && <span className="m-tag m-point-last">{t('checkout.pickupPoint.last')}</span>}
              </span>
              <PickupPointLines point={p} />
            </label>
          ))}
        </div>
      )}
      {points && points.length > shown.length && (
        <button type="button" className="m-more" onClick={() => setExpanded(true)} data-testid="pickup-points-all">
          {t('checkout.pickupPoint.showAll', { count: points.length })}
        </button>
      )}
      {error && (
        <span className="m-field-error" role="alert" data-testid="pickup-point-error">
          {error}
        </span>
      )}
    </section>
  );
}

/**
 * Why the order was not placed, and what to do: for the group, My groups and ordering without the
 * group; for a closed pickup point, choose again; for stock, adjust the quantities.
 */
export function CheckoutIssueBox(props: {
  issue: CheckoutIssue;
  tenant: string;
  campaignLink: string;
  /** Before pressing the button: the page already knows the member is not in the group. */
  upfront?: boolean;
  onWithoutGroup: () => void;
}) {
  const { issue, tenant, campaignLink, upfront, onWithoutGroup } = props;
  const { t } = useTranslation('member');
  const keys = checkoutIssueKeys(issue);
  const group = isGroupIssue(issue);
  const tone = group || issue.kind === 'pickupUnavailable' ? 'warn' : 'error';
  return (
    <div className={`m-join-issue m-join-issue-${tone} m-checkout-issue`} role="alert" data-testid="checkout-error" data-kind={issue.kind}>
      <p className="m-join-issue-title">{t(`checkout.issue.${keys.title}`)}</p>
      {keys.hint && <p className="m-join-issue-hint">{t(`checkout.issue.${keys.hint}`)}</p>}
      {(issue.kind === 'stock' || issue.kind === 'other') && issue.message && <p className="m-join-issue-hint">{issue.message}</p>}
      {issue.kind === 'stock' && (
        <Link to={campaignLink} className="m-alert-link">
          {t('checkout.adjust')}
        </Link>
      )}
      {group && (
        <div className="m-issue-actions">
          <button type="button" className="m-share" onClick={onWithoutGroup} data-testid="order-without-group">
            {upfront ? t('checkout.issue.dropGroup') : t('checkout.issue.withoutGroup')}
          </button>
          <Link to={`/${encodeURIComponent(tenant)}/groups`} className="m-inline-button" data-testid="issue-my-groups">
            {t('checkout.issue.myGroups')} ›
          </Link>
        </div>
      )}
    </div>
  );
}
