import { AutoComplete, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { CHANNELS, LIFECYCLE_STAGES, ORDER_WINDOWS, type Compare, type RuleWindow } from '../../api/crm-types';
import { OrgUnitSelect } from '../../components/org-unit-select';
import type { RuleOptions } from './crm-data';
import { fitWidth, KNOWN_SOURCES, SOCIAL_EVENT_TYPES, tagHex } from './crm-model';
import type { ConditionFields } from './rule-model';

type Status = '' | 'error' | 'warning';
/** Every operator a condition can have (their names are under `crm.rule.ops`). */
type RuleOp = 'in' | 'not_in' | 'any' | 'all' | 'none' | 'within' | 'not_within' | 'never' | 'gte' | 'lte' | 'eq' | 'between';

/**
 * The inputs of one condition after its type: the operator, then what that condition needs (a
 * multi-select of tags, groups, org units…, days, a count, an amount in yuan, an event).
 * `status(field)` marks a field the server or the editor found fault with.
 */
export function ConditionInputs(props: {
  cond: ConditionFields;
  onChange: (cond: ConditionFields) => void;
  options: RuleOptions;
  /** A rule tag's rule may name manual tags only. */
  manualTagsOnly?: boolean;
  status: (field: string) => Status;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const { cond, onChange, options, status, disabled } = props;
  const set = (patch: Partial<ConditionFields>) => onChange({ ...cond, ...patch } as ConditionFields);
  // Selects are as wide as the choice they show, so a row reads like a sentence in either language.
  const opSelect = (ops: readonly RuleOp[]) => (
    <Select<RuleOp>
      value={(cond as unknown as { op: RuleOp }).op}
      onChange={(op) => set({ op } as Partial<ConditionFields>)}
      options={ops.map((o) => ({ value: o, label: t(`crm.rule.ops.${o}`) }))}
      style={{ width: fitWidth([t(`crm.rule.ops.${(cond as unknown as { op: RuleOp }).op}`)]) }}
      popupMatchSelectWidth={false}
      disabled={disabled}
      status={status('op') || undefined}
      data-testid="rule-op"
    />
  );
  const multi = (values: string[], choices: Array<{ value: string; label: React.ReactNode; title?: string }>, extra: { tags?: boolean; placeholder?: string } = {}) => (
    <Select<string[]>
      mode={extra.tags ? 'tags' : 'multiple'}
      value={values}
      onChange={(v) => set({ values: v } as Partial<ConditionFields>)}
      options={choices}
      placeholder={extra.placeholder ?? t('crm.rule.placeholders.values')}
      showSearch={{ optionFilterProp: 'title' }}
      maxTagCount="responsive"
      className="rule-values"
      disabled={disabled}
      loading={options.loading}
      status={status('values') || undefined}
      data-testid="rule-values"
    />
  );
  const count = (field: 'value' | 'max' | 'days' | 'atLeast', value: number | null, unit: string, min = 0) => (
    <InputNumber<number>
      value={value}
      min={min}
      precision={0}
      onChange={(v) => set({ [field]: v ?? null } as Partial<ConditionFields>)}
      suffix={unit}
      style={{ width: 100 }}
      disabled={disabled}
      status={status(field) || undefined}
      data-testid={`rule-${field}`}
    />
  );
  const windowSelect = (value: RuleWindow) => (
    <Select<RuleWindow>
      value={value}
      onChange={(w) => set({ window: w } as Partial<ConditionFields>)}
      options={[...ORDER_WINDOWS, 'all' as const].map((w) => ({ value: w, label: t(`crm.rule.windows.${w}`) }))}
      style={{ width: fitWidth([t(`crm.rule.windows.${value}`)]) }}
      popupMatchSelectWidth={false}
      disabled={disabled}
      status={status('window') || undefined}
      data-testid="rule-window"
    />
  );
  const measured = (op: Compare, value: number | null, max: number | null, unit: string) => (
    <>
      {opSelect(['gte', 'lte', 'eq', 'between'] as const)}
      {count('value', value, unit)}
      {op === 'between' && (
        <>
          <span className="rule-word">{t('crm.rule.to')}</span>
          {count('max', max, unit)}
        </>
      )}
    </>
  );

  switch (cond.type) {
    case 'tag': {
      const tags = options.tags.filter((tag) => !props.manualTagsOnly || tag.kind === 'manual');
      return (
        <>
          {opSelect(['any', 'all', 'none'] as const)}
          {multi(
            cond.values,
            tags.map((tag) => ({
              value: tag.id,
              title: tag.name,
              label: (
                <span>
                  <span className="legend-dot" style={{ background: tagHex(tag.color) }} />
                  {tag.name}
                </span>
              ),
            })),
          )}
        </>
      );
    }
    case 'group':
      return (
        <>
          {opSelect(['any', 'all', 'none'] as const)}
          {multi(cond.values, options.groups.map((g) => ({ ...g, title: g.label })))}
        </>
      );
    case 'channel':
      return (
        <>
          {opSelect(['any', 'all', 'none'] as const)}
          {multi(cond.values, CHANNELS.map((c) => ({ value: c, label: t(`crm.channels.${c}`), title: t(`crm.channels.${c}`) })))}
        </>
      );
    case 'stage':
      return (
        <>
          {opSelect(['in', 'not_in'] as const)}
          {multi(cond.values, LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`crm.stages.${s}`), title: t(`crm.stages.${s}`) })))}
        </>
      );
    case 'tier':
      return (
        <>
          {opSelect(['in', 'not_in'] as const)}
          {multi(cond.values, [{ value: 'none', label: t('crm.rule.noTier'), title: t('crm.rule.noTier') }, ...options.tiers.map((tier) => ({ value: tier.id, label: tier.name, title: tier.name }))])}
        </>
      );
    case 'source':
      return (
        <>
          {opSelect(['in', 'not_in'] as const)}
          {multi(cond.values, KNOWN_SOURCES.map((s) => ({ value: s, label: t(`crm.sources.${s}`), title: `${t(`crm.sources.${s}`)} ${s}` })), { tags: true, placeholder: t('crm.rule.placeholders.source') })}
        </>
      );
    case 'org_unit':
      return (
        <>
          {opSelect(['in', 'not_in'] as const)}
          <div className="rule-values" data-testid="rule-values">
            <OrgUnitSelect units={options.orgUnits} loading={options.loading} multiple value={cond.values} onChange={(v) => set({ values: (v as string[] | null) ?? [] })} placeholder={t('crm.rule.placeholders.values')} />
          </div>
        </>
      );
    case 'last_order':
      return (
        <>
          {opSelect(['within', 'not_within', 'never'] as const)}
          {cond.op !== 'never' && count('days', cond.days, t('crm.rule.days'), 1)}
        </>
      );
    case 'registered':
      return (
        <>
          {opSelect(['within', 'not_within'] as const)}
          {count('days', cond.days, t('crm.rule.days'), 1)}
        </>
      );
    case 'orders':
      return (
        <>
          {windowSelect(cond.window)}
          {measured(cond.op, cond.value, cond.max, t('crm.rule.orders'))}
        </>
      );
    case 'referrals':
      return measured(cond.op, cond.value, cond.max, t('crm.rule.people'));
    case 'spend':
      return (
        <>
          {windowSelect(cond.window)}
          {opSelect(['gte', 'lte', 'eq', 'between'] as const)}
          <YuanInput value={cond.value} onChange={(value) => set({ value })} status={status('value')} disabled={disabled} testId="rule-value" />
          {cond.op === 'between' && (
            <>
              <span className="rule-word">{t('crm.rule.to')}</span>
              <YuanInput value={cond.max} onChange={(max) => set({ max })} status={status('max')} disabled={disabled} testId="rule-max" />
            </>
          )}
        </>
      );
    case 'event':
      return (
        <>
          <Select<'yes' | 'no'>
            value={cond.did ? 'yes' : 'no'}
            onChange={(v) => set({ did: v === 'yes' })}
            options={[
              { value: 'yes', label: t('crm.rule.did.yes') },
              { value: 'no', label: t('crm.rule.did.no') },
            ]}
            style={{ width: fitWidth([t('crm.rule.did.yes'), t('crm.rule.did.no')]) }}
            disabled={disabled}
            data-testid="rule-did"
          />
          <AutoComplete
            value={cond.eventType}
            onChange={(eventType: string) => set({ eventType })}
            options={SOCIAL_EVENT_TYPES.map((e) => ({ value: e, label: `${t(`crm.eventTypes.${e}`)} · ${e}` }))}
            placeholder={t('crm.rule.placeholders.eventType')}
            style={{ width: 200 }}
            disabled={disabled}
            status={status('eventType') || undefined}
            data-testid="rule-event-type"
          />
          <span className="rule-word">{t('crm.rule.inLast')}</span>
          {count('days', cond.days, t('crm.rule.days'), 1)}
          <span className="rule-word">{t('crm.rule.atLeast')}</span>
          {count('atLeast', cond.atLeast, t('crm.rule.times'), 1)}
        </>
      );
  }
}

/** An amount typed in yuan ("199.9"); the rule sends it as fen. */
function YuanInput({ value, onChange, status, disabled, testId }: { value: string; onChange: (v: string) => void; status: Status; disabled?: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <Input
      value={value}
      onChange={(e) => onChange(e.target.value)}
      prefix="¥"
      suffix={t('crm.rule.yuan')}
      inputMode="decimal"
      style={{ width: 132 }}
      disabled={disabled}
      status={status || undefined}
      data-testid={testId}
    />
  );
}
