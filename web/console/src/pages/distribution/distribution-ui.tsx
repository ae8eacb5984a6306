import { Card, Col, DatePicker, Empty, Row, Select, Statistic, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../session';
import { formatFen } from '../../../../shared/money';
import type {
  BalanceFigures,
  CommissionSlot,
  DistributorStatus,
  JournalKind,
  LineState,
  PayoutBatchStatus,
} from '../../api/distribution-types';
import { LINE_STATES } from '../../api/distribution-types';

const DATE = 'YYYY-MM-DD';

/** An amount in fen, red when it is negative (money owed back after a claw-back). */
export function Money({ fen, strong, 'data-testid': testId }: { fen: number; strong?: boolean; 'data-testid'?: string }) {
  return (
    <Typography.Text type={fen < 0 ? 'danger' : undefined} strong={strong} style={{ whiteSpace: 'nowrap' }} data-testid={testId}>
      {formatFen(fen)}
    </Typography.Text>
  );
}

const DISTRIBUTOR_COLORS: Record<DistributorStatus, string> = {
  applied: 'processing',
  approved: 'success',
  rejected: 'default',
  suspended: 'warning',
};

export function DistributorStatusTag({ status }: { status: DistributorStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={DISTRIBUTOR_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`distribution.statuses.${status}`)}
    </Tag>
  );
}

const LINE_COLORS: Record<LineState, string> = { pending: 'gold', available: 'success', reversed: 'default' };

export function LineStateTag({ state }: { state: LineState }) {
  const { t } = useTranslation();
  return (
    <Tag color={LINE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-state={state}>
      {t(`distribution.lineStates.${state}`)}
    </Tag>
  );
}

const PAYOUT_COLORS: Record<PayoutBatchStatus, string> = { open: 'processing', paid: 'success', canceled: 'default' };

export function PayoutStatusTag({ status }: { status: PayoutBatchStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PAYOUT_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`distribution.payouts.statuses.${status}`)}
    </Tag>
  );
}

const SLOT_COLORS: Record<CommissionSlot, string> = { leader: 'volcano', level1: 'blue', level2: 'purple' };

export function SlotTag({ slot }: { slot: CommissionSlot }) {
  const { t } = useTranslation();
  return (
    <Tag color={SLOT_COLORS[slot]} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`distribution.slots.${slot}`)}
    </Tag>
  );
}

const KIND_COLORS: Record<JournalKind, string> = {
  accrual: 'blue',
  clawback: 'red',
  release: 'green',
  payout: 'orange',
  payout_paid: 'success',
  payout_canceled: 'default',
};

export function JournalKindTag({ kind }: { kind: JournalKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={KIND_COLORS[kind]} style={{ marginInlineEnd: 0 }}>
      {t(`distribution.ledger.kinds.${kind}`)}
    </Tag>
  );
}

const FIGURES = ['earnedFen', 'pendingFen', 'availableFen', 'inPayoutFen', 'paidFen'] as const;
const FIGURE_KEYS = { earnedFen: 'earned', pendingFen: 'pending', availableFen: 'available', inPayoutFen: 'inPayout', paidFen: 'paid' } as const;

/** Five cards: earned, pending, available (red when negative), in payout, paid. */
export function BalanceCards({ balance }: { balance: BalanceFigures }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="balance-cards">
      {FIGURES.map((field) => {
        const key = FIGURE_KEYS[field];
        const value = balance[field];
        const negative = value < 0;
        const help = negative ? t('distribution.balance.negativeHelp') : t(`distribution.balance.${key}Help`);
        return (
          <Col key={field} xs={12} md={8} xl={{ flex: '20%' }}>
            <Card variant="borderless" className="figure-card" style={{ height: '100%' }} data-testid={`balance-${key}`}>
              <Statistic
                title={
                  <span>
                    {t(`distribution.balance.${key}`)}{' '}
                    <Tooltip title={help}>
                      <InfoCircleOutlined style={{ color: '#bfbfbf', fontSize: 12 }} />
                    </Tooltip>
                  </span>
                }
                value={formatFen(value)}
                styles={{ content: { color: negative ? '#cf1322' : key === 'available' && value > 0 ? '#389e0d' : undefined } }}
              />
              {negative && (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {t('distribution.balance.negativeShort')}
                </Typography.Text>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}

/** A date range kept in the URL as `from` / `to` (whole days). */
export function PeriodPicker(props: { fromDate: string; toDate: string; onChange: (from: string, to: string) => void }) {
  const { t } = useTranslation();
  return (
    <DatePicker.RangePicker
      value={[props.fromDate ? dayjs(props.fromDate, DATE) : null, props.toDate ? dayjs(props.toDate, DATE) : null]}
      allowEmpty={[true, true]}
      onChange={(range) => props.onChange(range?.[0]?.format(DATE) ?? '', range?.[1]?.format(DATE) ?? '')}
      placeholder={[t('distribution.statement.from'), t('distribution.statement.to')]}
      data-testid="period-picker"
    />
  );
}

/**
 * The name of a staff actor the API gives as an id: the API has no user names here and operators
 * cannot list users, so only "me" is named; anyone else shows as their id.
 */
export function ActorName({ id }: { id: string | null | undefined }) {
  const me = useMe();
  if (!id) return <Typography.Text type="secondary">—</Typography.Text>;
  return id === me.actor.id ? <span>{me.actor.name}</span> : <span className="mono" style={{ fontSize: 12 }}>{id}</span>;
}

/** An empty table's message with a hint of what to do next. */
export function EmptyHint({ text, hint }: { text: string; hint: string }) {
  return (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <span>
          {text}
          <br />
          <Typography.Text type="secondary">{hint}</Typography.Text>
        </span>
      }
    />
  );
}

/** The statement-line state filter: all, pending, available, reversed. */
export function LineStateSelect({ value, onChange, 'data-testid': testId }: { value: string; onChange: (state: string) => void; 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      value={value}
      style={{ width: 160 }}
      onChange={onChange}
      options={[{ value: '', label: `${t('distribution.statement.state')}: ${t('common.all')}` }, ...LINE_STATES.map((s) => ({ value: s, label: t(`distribution.lineStates.${s}`) }))]}
      data-testid={testId}
    />
  );
}
