import { useEffect, useRef, useState } from 'react';
import { Button, Card, Col, Empty, Input, Row, Select, Table, Tag, Typography, type InputRef, type TableColumnsType } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, LockFilled, ScanOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { Order } from '../../api/types';
import type { PickupPoint } from '../../api/community-types';
import { useMe } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime, formatDateTimeSeconds, formatSpecs } from '../../components/format';
import { isCompleteCode, normalizeCode, verifyFailure, type VerifyFailure } from './fulfilment-model';

type Outcome = { kind: 'ok'; order: Order } | { kind: 'failed'; failure: VerifyFailure; error: ApiError };

interface HistoryEntry {
  at: string;
  code: string;
  result: 'ok' | 'wrong' | 'used' | 'locked' | 'error';
  detail: string;
  orderId: string | null;
}

const HISTORY_KEY = 'tuan.console.verifyHistory';
const HISTORY_MAX = 30;

function loadHistory(): HistoryEntry[] {
  try {
    const raw = sessionStorage.getItem(HISTORY_KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(parsed) ? (parsed as HistoryEntry[]).slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

const RESULT_COLORS: Record<HistoryEntry['result'], string> = { ok: 'success', wrong: 'error', used: 'warning', locked: 'magenta', error: 'default' };

/**
 * 核销提货: the leader (or staff, at a chosen point) types or scans a member's 6-digit code; a
 * scanner acting as a keyboard types the digits and Enter. Success shows the order big and green;
 * a wrong code the tries left, a used code when, a lock-out the wait. This tab keeps a short history.
 */
export function VerifyPickupPage() {
  const { t } = useTranslation();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const points = useApiData(async () => (await api.get<Page<PickupPoint>>('/pickup-points', { status: 'active', limit: 200 })).items, 'verify-points');
  const [pointId, setPointId] = useState<string>(() => sessionStorage.getItem('tuan.console.verifyPoint') ?? '');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>(loadHistory);
  const input = useRef<InputRef>(null);

  // A remembered point that is no longer offered is forgotten.
  useEffect(() => {
    if (points.data && pointId && !points.data.some((p) => p.id === pointId)) setPointId('');
  }, [points.data, pointId]);
  useEffect(() => {
    sessionStorage.setItem('tuan.console.verifyPoint', pointId);
  }, [pointId]);
  useEffect(() => {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  }, [history]);

  const record = (entry: Omit<HistoryEntry, 'at'>) => setHistory((h) => [{ ...entry, at: new Date().toISOString() }, ...h].slice(0, HISTORY_MAX));

  const submit = async () => {
    if (busy) return;
    if (!isCompleteCode(code)) {
      setInvalid(t('fulfilment.verify.codeIncomplete'));
      return;
    }
    if (!isLeader && !pointId) {
      setInvalid(t('fulfilment.verify.pointRequired'));
      return;
    }
    setInvalid(null);
    setBusy(true);
    const tried = code;
    try {
      const order = await api.post<Order>('/pickups/verify', { code: tried, ...(pointId ? { pickupPointId: pointId } : {}) });
      setOutcome({ kind: 'ok', order });
      record({ code: tried, result: 'ok', detail: `${order.memberPhone} · ${order.lines.map((l) => `${l.title}×${l.quantity - l.refundedQuantity}`).join('，')}`, orderId: order.id });
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) });
      const failure = verifyFailure(error);
      setOutcome({ kind: 'failed', failure, error });
      const result = failure.kind === 'wrong' || failure.kind === 'used' || failure.kind === 'locked' ? failure.kind : 'error';
      record({ code: tried, result, detail: error.status === 0 ? t('common.networkError') : error.message, orderId: null });
    } finally {
      setBusy(false);
      setCode('');
      // Ready for the next member (a scanner types straight into the field).
      setTimeout(() => input.current?.focus(), 0);
    }
  };

  const pointOptions = (points.data ?? []).map((p) => ({ value: p.id, label: isLeader ? p.name : `${p.name} · ${p.leaderName}` }));

  const historyColumns: TableColumnsType<HistoryEntry> = [
    { title: t('fulfilment.verify.columns.time'), dataIndex: 'at', width: 86, render: (v: string) => formatDateTimeSeconds(v).slice(11) },
    { title: t('fulfilment.verify.columns.code'), dataIndex: 'code', width: 80, render: (v: string) => <span className="mono">{v}</span> },
    {
      title: t('fulfilment.verify.columns.result'),
      dataIndex: 'result',
      width: 86,
      render: (r: HistoryEntry['result']) => (
        <Tag color={RESULT_COLORS[r]} style={{ marginInlineEnd: 0 }} data-result={r}>
          {t(`fulfilment.verify.results.${r}`)}
        </Tag>
      ),
    },
    {
      title: t('fulfilment.verify.columns.detail'),
      key: 'detail',
      ellipsis: { showTitle: false },
      render: (_, h) => (
        <Typography.Text ellipsis={{ tooltip: h.detail }} style={{ width: '100%' }}>
          {h.orderId ? <Link to={`/orders?order=${encodeURIComponent(h.orderId)}`}>{h.detail}</Link> : h.detail}
        </Typography.Text>
      ),
    },
  ];

  return (
    <PageContainer title={t('fulfilment.verify.title')} intro={t('fulfilment.verify.intro')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <div className="verify-form">
              <div className="verify-point">
                <Typography.Text type="secondary">{t('fulfilment.verify.point')}</Typography.Text>
                <Select
                  value={pointId || undefined}
                  placeholder={isLeader ? t('fulfilment.verify.leaderPoints') : t('fulfilment.verify.pointPlaceholder')}
                  allowClear={isLeader}
                  loading={points.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={pointOptions}
                  onChange={(v: string | undefined) => {
                    setPointId(v ?? '');
                    setInvalid(null);
                    input.current?.focus();
                  }}
                  style={{ width: '100%' }}
                  status={invalid && !isLeader && !pointId ? 'error' : undefined}
                  data-testid="verify-point"
                />
              </div>
              {points.error && <ProblemAlert error={points.error} onRetry={points.reload} />}
              <div className="verify-code-row">
                <Input
                  ref={input}
                  autoFocus
                  size="large"
                  className="verify-code-input mono"
                  value={code}
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder={t('fulfilment.verify.codePlaceholder')}
                  aria-label={t('fulfilment.verify.code')}
                  prefix={<ScanOutlined style={{ color: '#bfbfbf' }} />}
                  status={invalid ? 'error' : undefined}
                  onChange={(e) => {
                    setCode(normalizeCode(e.target.value));
                    setInvalid(null);
                  }}
                  onPressEnter={() => void submit()}
                  data-testid="verify-code"
                />
                <Button type="primary" size="large" className="verify-submit" loading={busy} onClick={() => void submit()} data-testid="verify-submit">
                  {t('fulfilment.verify.submit')}
                </Button>
              </div>
              {invalid && (
                <Typography.Text type="danger" data-testid="verify-invalid">
                  {invalid}
                </Typography.Text>
              )}
            </div>
          </Card>
          {outcome && <VerifyOutcome outcome={outcome} />}
        </Col>
        <Col xs={24} xl={10}>
          <Card
            variant="borderless"
            title={t('fulfilment.verify.history')}
            extra={
              history.length > 0 && (
                <Button size="small" type="link" onClick={() => setHistory([])}>
                  {t('fulfilment.verify.clearHistory')}
                </Button>
              )
            }
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: -4, fontSize: 12 }}>
              {t('fulfilment.verify.historyHelp')}
            </Typography.Paragraph>
            <Table<HistoryEntry>
              rowKey={(h) => `${h.at}:${h.code}`}
              size="small"
              columns={historyColumns}
              dataSource={history}
              pagination={false}
              tableLayout="fixed"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fulfilment.verify.historyEmpty')} /> }}
              data-testid="verify-history"
            />
          </Card>
        </Col>
      </Row>
    </PageContainer>
  );
}

/** The last verification, big: green with the order on success, otherwise what went wrong and what to do. */
function VerifyOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === 'ok') {
    const o = outcome.order;
    return (
      <div className="verify-result verify-ok" data-testid="verify-result" data-result="ok" data-order-status={o.status}>
        <div className="verify-result-head">
          <CheckCircleFilled /> {t('fulfilment.verify.success')}
        </div>
        <div className="verify-result-body">
          <div className="verify-meta">
            <span>
              {t('fulfilment.verify.member')} <strong className="mono" data-testid="verify-member">{o.memberPhone}</strong>
            </span>
            <span>
              {t('fulfilment.verify.order')}{' '}
              <Link className="mono" to={`/orders?order=${encodeURIComponent(o.id)}`}>
                …{o.id.slice(-10)}
              </Link>
            </span>
          </div>
          <div className="verify-campaign">{o.campaignTitle}</div>
          <ul className="verify-items" data-testid="verify-items">
            {o.lines
              .filter((l) => l.quantity > l.refundedQuantity)
              .map((l) => (
                <li key={l.id}>
                  <span>
                    {l.title}
                    {Object.keys(l.specs).length > 0 && <span className="verify-specs"> {formatSpecs(l.specs)}</span>}
                  </span>
                  <strong>×{l.quantity - l.refundedQuantity}</strong>
                </li>
              ))}
          </ul>
        </div>
      </div>
    );
  }
  const { failure, error } = outcome;
  if (failure.kind === 'wrong') {
    return (
      <div className="verify-result verify-bad" data-testid="verify-result" data-result="wrong">
        <div className="verify-result-head">
          <CloseCircleFilled /> {t('fulfilment.verify.wrong')}
        </div>
        <div className="verify-result-body" data-testid="verify-tries">
          {failure.triesLeft !== null ? t('fulfilment.verify.triesLeft', { count: failure.triesLeft }) : t('fulfilment.verify.triesUnknown')}
        </div>
      </div>
    );
  }
  if (failure.kind === 'used') {
    return (
      <div className="verify-result verify-warn" data-testid="verify-result" data-result="used">
        <div className="verify-result-head">
          <ExclamationCircleFilled /> {t('fulfilment.verify.used')}
        </div>
        {failure.usedAt && <div className="verify-result-body">{t('fulfilment.verify.usedAt', { time: formatDateTime(failure.usedAt) })}</div>}
      </div>
    );
  }
  if (failure.kind === 'locked') {
    return (
      <div className="verify-result verify-bad" data-testid="verify-result" data-result="locked">
        <div className="verify-result-head">
          <LockFilled /> {t('fulfilment.verify.locked')}
        </div>
        <div className="verify-result-body">{failure.minutes !== null ? t('fulfilment.verify.lockedWait', { minutes: failure.minutes }) : error.message}</div>
      </div>
    );
  }
  return (
    <div data-testid="verify-result" data-result="error">
      <ProblemAlert error={error} extra={error.fieldErrors.map((f) => f.message)} />
    </div>
  );
}
