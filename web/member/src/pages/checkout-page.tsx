import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Fulfilment, type MyGroup, type Order, type PaymentStart, type PickupPoint, type PublicCampaign, unitPriceOf } from '../api';
import { Shell, Spinner } from '../shell';
import { ErrorBox } from '../ui';
import {
  currentFullPath,
  loadAddress,
  loadCart,
  loginPath,
  routerPath,
  saveAddress,
  saveCart,
  storedReferral,
  useMemberSession,
  type Cart,
} from '../session';
import { formatFen } from '../../../shared/money';
import { newIdempotencyKey } from '../../../shared/time';
import { maxFor } from './campaign-page';
import { CheckoutIssueBox, PickupPointPicker } from './pickup-points';
import {
  campaignPath as campaignPathOf,
  checkoutIssueOf,
  groupIdFromLink,
  lastPickupPoint,
  preselectPickupPoint,
  rememberPickupPoint,
  type CheckoutIssue,
} from '../fulfilment';

const PHONE_RE = /^1[3-9]\d{9}$/;

interface AddressForm {
  name: string;
  phone: string;
  region: string;
  detail: string;
}

type AddressErrors = Partial<Record<keyof AddressForm, string>>;

/** Sends the browser to a payment page: ours (the sandbox) through the router, a provider's by URL. */
export function goToPayUrl(navigate: (to: string) => void, payUrl: string): void {
  const path = routerPath(payUrl);
  if (path) navigate(path);
  else window.location.assign(payUrl);
}

/**
 * `/m/:tenant/c/:campaignId/checkout` — summary, pickup (at which point) or delivery, note, then
 * order and pay. From a group's link (`?g=`) the order is placed for that group.
 */
export function CheckoutPage() {
  const { tenant = 'demo', campaignId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const groupId = groupIdFromLink(params.get('g'));
  const { t } = useTranslation('member');
  const navigate = useNavigate();
  const session = useMemberSession(tenant);
  const signedIn = session.status === 'ok';
  const [campaign, setCampaign] = useState<PublicCampaign | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [cart] = useState<Cart>(() => loadCart(tenant, campaignId));
  const [fulfilment, setFulfilment] = useState<Fulfilment>('pickup');
  const [address, setAddress] = useState<AddressForm>(() => loadAddress() ?? { name: '', phone: '', region: '', detail: '' });
  const [addressErrors, setAddressErrors] = useState<AddressErrors>({});
  const [note, setNote] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [issue, setIssue] = useState<CheckoutIssue | null>(null);
  const [placed, setPlaced] = useState<Order | null>(null);
  // The link's group, once the member's groups are read: null when they are not in it.
  const [group, setGroup] = useState<MyGroup | null | undefined>(undefined);
  const [points, setPoints] = useState<PickupPoint[] | null>(null);
  const [pointsFailed, setPointsFailed] = useState(false);
  const [pointsVersion, setPointsVersion] = useState(0);
  const [pointId, setPointId] = useState<string | null>(null);
  const [pointError, setPointError] = useState<string | null>(null);
  const [remembered] = useState(() => lastPickupPoint(tenant));
  const pickerRef = useRef<HTMLElement>(null);
  // Set when the chosen point closed: the member chooses again (nothing is ticked for them).
  const mustChoose = useRef(false);
  // One key per checkout attempt: the same body retried reuses it; a changed body gets a new one.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const loadCampaign = () =>
    api.get<PublicCampaign>(`/t/${encodeURIComponent(tenant)}/campaigns/${encodeURIComponent(campaignId)}`).then(
      (c) => {
        setCampaign(c);
        setLoadError(null);
        if (c.fulfilment !== 'both') setFulfilment(c.fulfilment);
      },
      (err: unknown) => setLoadError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) })),
    );

  useEffect(() => {
    void loadCampaign();
    // Load once per campaign.
  }, [tenant, campaignId]);

  useEffect(() => {
    setGroup(undefined);
    if (!signedIn || !groupId) return;
    let cancelled = false;
    api.get<{ items: MyGroup[] }>('/me/groups').then(
      (mine) => !cancelled && setGroup(mine.items.find((g) => g.groupId === groupId) ?? null),
      // Unknown: placing the order will say if the member is not in the group.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, groupId]);

  // Where the member may collect: the group's leaders' points, or all open ones.
  const offersPickup = campaign ? campaign.fulfilment !== 'delivery' : false;
  useEffect(() => {
    if (!signedIn || !offersPickup) return;
    let cancelled = false;
    setPointsFailed(false);
    api.get<{ items: PickupPoint[] }>('/me/pickup-points', { groupId: groupId ?? undefined }).then(
      (value) => {
        if (cancelled) return;
        setPoints(value.items);
        setPointId((current) => (mustChoose.current ? null : preselectPickupPoint(value.items, current, remembered)));
      },
      () => {
        if (cancelled) return;
        setPoints(null);
        setPointsFailed(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [signedIn, offersPickup, groupId, pointsVersion, remembered]);

  const lines = useMemo(
    () =>
      (campaign?.items ?? [])
        .filter((i) => (cart[i.id] ?? 0) > 0)
        .map((item) => ({ item, quantity: cart[item.id]! })),
    [campaign, cart],
  );
  const totalFen = lines.reduce((s, l) => s + unitPriceOf(l.item) * l.quantity, 0);
  const campaignPath = campaignPathOf(tenant, campaignId, groupId);

  if (session.status === 'anonymous') return <Navigate to={loginPath(tenant, currentFullPath())} replace />;
  if (session.status === 'loading' || (!campaign && !loadError)) {
    return (
      <Shell brand={t('appName')} title={t('checkout.title')} back={campaignPath}>
        <Spinner />
      </Shell>
    );
  }
  if (session.status === 'error' || !campaign) {
    const message = session.status === 'error' ? session.message : loadError?.message ?? '';
    return (
      <Shell brand={t('appName')} title={t('checkout.title')} back={campaignPath}>
        <ErrorBox message={message} onRetry={() => void loadCampaign()} />
      </Shell>
    );
  }

  const offered: Fulfilment[] = campaign.fulfilment === 'both' ? ['pickup', 'delivery'] : [campaign.fulfilment];

  const validateAddress = (): boolean => {
    if (fulfilment !== 'delivery') return true;
    const errs: AddressErrors = {};
    if (!address.name.trim()) errs.name = t('checkout.address.nameRequired');
    if (!PHONE_RE.test(address.phone.trim())) errs.phone = t('checkout.address.phoneInvalid');
    if (!address.region.trim()) errs.region = t('checkout.address.regionRequired');
    if (!address.detail.trim()) errs.detail = t('checkout.address.detailRequired');
    setAddressErrors(errs);
    return Object.keys(errs).length === 0;
  };

  const validatePickupPoint = (): boolean => {
    if (fulfilment !== 'pickup') return true;
    const message = points === null ? t('checkout.pickupPoint.loadFailed') : points.length > 0 && !pointId ? t('checkout.pickupPoint.required') : null;
    setPointError(message);
    if (message) pickerRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    return !message;
  };

  /** Leaves the link's group out: the order is then the member's own (the page drops `?g=`). */
  const dropGroup = () => {
    const next = new URLSearchParams(params);
    next.delete('g');
    setParams(next, { replace: true });
  };

  const submit = async (event: FormEvent | null, options: { withoutGroup?: boolean } = {}) => {
    event?.preventDefault();
    setIssue(null);
    if (lines.length === 0 || !validateAddress() || !validatePickupPoint()) return;
    const orderGroup = options.withoutGroup ? undefined : groupId ?? undefined;
    if (options.withoutGroup) dropGroup();
    const orderPoint = fulfilment === 'pickup' && pointId ? pointId : undefined;
    const cleanAddress = {
      name: address.name.trim(),
      phone: address.phone.trim(),
      region: address.region.trim(),
      detail: address.detail.trim(),
    };
    const body = {
      campaignId,
      items: lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity })),
      fulfilment,
      address: fulfilment === 'delivery' ? cleanAddress : undefined,
      note: note.trim() || undefined,
      referralCode: storedReferral(tenant),
      groupId: orderGroup,
      pickupPointId: orderPoint,
    };
    const bodyText = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== bodyText) attempt.current = { key: newIdempotencyKey(), body: bodyText };
    setSubmitting(true);
    let order = placed;
    try {
      if (!order) {
        order = await api.post<Order>('/orders', body, { headers: { 'Idempotency-Key': attempt.current.key } });
        setPlaced(order);
        saveCart(tenant, campaignId, {});
        if (fulfilment === 'delivery') saveAddress(cleanAddress);
        if (orderPoint) rememberPickupPoint(tenant, orderPoint);
      }
      const payment = await api.post<PaymentStart>(`/orders/${order.id}/payments`);
      goToPayUrl(navigate, payment.payUrl);
    } catch (err) {
      setSubmitting(false);
      if (order) {
        // The order exists; paying can be retried from its page.
        navigate(`/${encodeURIComponent(tenant)}/orders/${order.id}`, { replace: true });
        return;
      }
      const found = checkoutIssueOf(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
      if (found.kind === 'signIn') {
        navigate(loginPath(tenant, currentFullPath()), { replace: true });
        return;
      }
      if (err instanceof ApiError) {
        const fe: AddressErrors = {};
        for (const e of err.fieldErrors) {
          const m = /^address\.(name|phone|region|detail)$/.exec(e.path);
          if (m) fe[m[1] as keyof AddressForm] = e.message;
        }
        setAddressErrors(fe);
      }
      setIssue(found);
      // Show what is left now, so the member can adjust.
      if (found.kind === 'stock') void loadCampaign();
      if (found.kind === 'pickupUnavailable') {
        // The point closed meanwhile: read the list again and ask for a choice.
        mustChoose.current = true;
        setPointId(null);
        setPointError(t('checkout.pickupPoint.required'));
        setPointsVersion((v) => v + 1);
        pickerRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
        return;
      }
      window.scrollTo({ top: 0, behavior: 'smooth' });
    }
  };

  const field = (key: keyof AddressForm, props: { label: string; placeholder: string; inputMode?: 'tel' | 'text'; maxLength: number }) => (
    <label className="m-field">
      <span className="m-label">{props.label}</span>
      <span className={`m-input-row${addressErrors[key] ? ' m-invalid' : ''}`}>
        <input
          className="m-input"
          name={`address-${key}`}
          inputMode={props.inputMode}
          maxLength={props.maxLength}
          placeholder={props.placeholder}
          value={address[key]}
          onChange={(e) => setAddress((a) => ({ ...a, [key]: e.target.value }))}
        />
      </span>
      {addressErrors[key] && <span className="m-field-error">{addressErrors[key]}</span>}
    </label>
  );

  const footer = (
    <div className="m-buybar">
      <div className="m-buybar-total">
        <span className="m-muted">{t('checkout.toPay')}</span>
        <span className="m-price m-price-lg" data-testid="checkout-total">
          {formatFen(totalFen)}
        </span>
      </div>
      <button
        type="submit"
        form="checkout-form"
        className="m-buy"
        disabled={submitting || lines.length === 0 || campaign.status !== 'live' || (fulfilment === 'pickup' && points === null && !pointsFailed)}
        data-testid="place-order"
      >
        {submitting ? <span className="m-spinner m-spinner-light" aria-hidden /> : null}
        {t('checkout.submit')}
      </button>
    </div>
  );

  return (
    <Shell brand={campaign.tenant.name} title={t('checkout.title')} back={campaignPath} footer={footer}>
      {issue ? (
        <CheckoutIssueBox issue={issue} tenant={tenant} campaignLink={campaignPath} onWithoutGroup={() => void submit(null, { withoutGroup: true })} />
      ) : (
        groupId &&
        group === null && <CheckoutIssueBox issue={{ kind: 'notInGroup' }} tenant={tenant} campaignLink={campaignPath} upfront onWithoutGroup={dropGroup} />
      )}
      {campaign.status !== 'live' && !issue && <ErrorBox message={t('checkout.notLive')} />}
      <form id="checkout-form" onSubmit={(e) => void submit(e)} noValidate>
        <section className="m-card m-section">
          {group && (
            <p className="m-group-chip" data-testid="checkout-group">
              <span className="m-group-chip-tag">{t('campaign.groupBadge')}</span>
              <span className="m-group-chip-name">{group.name}</span>
            </p>
          )}
          <h2 className="m-section-title m-row-between">
            <span>{campaign.title}</span>
          </h2>
          {lines.length === 0 ? (
            <div className="m-empty">
              <p className="m-empty-title">{t('checkout.empty')}</p>
              <Link to={campaignPath} className="m-inline-button">
                {t('checkout.backToCampaign')}
              </Link>
            </div>
          ) : (
            <ul className="m-lines" data-testid="checkout-lines">
              {lines.map(({ item, quantity }) => {
                const short = quantity > maxFor(item);
                return (
                  <li key={item.id} className="m-line">
                    <div className="m-line-main">
                      <div>{item.title}</div>
                      <div className="m-muted m-small">
                        {formatFen(unitPriceOf(item))} × {quantity}
                        {item.myPriceFen !== undefined && <span className="m-tag m-tier-price">{t('campaign.tierPrice', { tier: item.myTierName ?? '' })}</span>}
                        {short && (
                          <span className="m-danger">
                            {' · '}
                            {maxFor(item) > 0 ? t('checkout.onlyLeft', { count: maxFor(item) }) : t('campaign.soldOut')}
                          </span>
                        )}
                      </div>
                    </div>
                    <div className="m-line-total">{formatFen(unitPriceOf(item) * quantity)}</div>
                  </li>
                );
              })}
            </ul>
          )}
          {lines.length > 0 && (
            <p className="m-small m-right">
              <Link to={campaignPath}>{t('checkout.change')}</Link>
            </p>
          )}
        </section>

        <section className="m-card m-section">
          <h2 className="m-section-title">{t('checkout.fulfilment')}</h2>
          <div className="m-choices" role="radiogroup">
            {offered.map((f) => (
              <label key={f} className={`m-choice${fulfilment === f ? ' m-choice-on' : ''}`}>
                <input type="radio" name="fulfilment" value={f} checked={fulfilment === f} onChange={() => setFulfilment(f)} />
                <span className="m-choice-title">{t(`checkout.${f}`)}</span>
                <span className="m-muted m-small">{t(`checkout.${f}Hint`)}</span>
              </label>
            ))}
          </div>
          {fulfilment === 'pickup' && (
            <PickupPointPicker
              ref={pickerRef}
              points={points}
              loadFailed={pointsFailed}
              value={pointId}
              remembered={remembered}
              error={pointError}
              onChange={(id) => {
                mustChoose.current = false;
                setPointId(id);
                setPointError(null);
                if (issue?.kind === 'pickupUnavailable') setIssue(null);
              }}
              onRetry={() => setPointsVersion((v) => v + 1)}
            />
          )}
          {fulfilment === 'delivery' && (
            <div className="m-address" data-testid="address-form">
              {field('name', { label: t('checkout.address.name'), placeholder: t('checkout.address.namePlaceholder'), maxLength: 50 })}
              {field('phone', {
                label: t('checkout.address.phone'),
                placeholder: t('checkout.address.phonePlaceholder'),
                inputMode: 'tel',
                maxLength: 11,
              })}
              {field('region', { label: t('checkout.address.region'), placeholder: t('checkout.address.regionPlaceholder'), maxLength: 100 })}
              {field('detail', { label: t('checkout.address.detail'), placeholder: t('checkout.address.detailPlaceholder'), maxLength: 200 })}
            </div>
          )}
        </section>

        <section className="m-card m-section">
          <label className="m-field" style={{ marginBottom: 0 }}>
            <span className="m-label">{t('checkout.note')}</span>
            <span className="m-input-row">
              <input
                className="m-input"
                name="note"
                maxLength={200}
                placeholder={t('checkout.notePlaceholder')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </span>
          </label>
        </section>
        <p className="m-fine">{t('checkout.holdHint')}</p>
      </form>
    </Shell>
  );
}
