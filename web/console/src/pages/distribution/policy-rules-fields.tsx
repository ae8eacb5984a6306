import { Alert, Form, Input, Radio, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuanToFen } from '../../../../shared/money';
import { COMMISSION_SLOTS, type CommissionSlot } from '../../api/distribution-types';
import type { NamePath } from '../../components/form-errors';
import { formatBps, formToRule, percentToBps, type RulesFormValue } from './distribution-model';

/** A form that holds the three slots under `rules`. */
export interface WithRules {
  rules: RulesFormValue;
}

/**
 * Where a server field error about rules belongs in the form: `rules.leader.rateBps` → the percent
 * input, `rules.leader.fixedFen` → the amount input, `rules.leader` → the method; anything else
 * (a third level, the rates' total) is shown above the form.
 */
export function rulesErrorPath(path: NamePath): NamePath | null {
  if (path[0] !== 'rules') return path[0] === 'note' ? path : null;
  const slot = path[1];
  if (typeof slot !== 'string' || !(COMMISSION_SLOTS as readonly string[]).includes(slot)) return null;
  if (path[2] === 'rateBps') return ['rules', slot, 'percent'];
  if (path[2] === 'fixedFen') return ['rules', slot, 'yuan'];
  return ['rules', slot, 'method'];
}

function SlotRow(props: { slot: CommissionSlot; form: FormInstance; disabled: boolean; level2Off: boolean }) {
  const { t } = useTranslation();
  const { slot, form, disabled } = props;
  const method = Form.useWatch(['rules', slot, 'method'], form) as RulesFormValue[CommissionSlot]['method'] | undefined;

  return (
    <div className="rule-row" data-testid={`rule-${slot}`}>
      <div className="rule-slot">
        <Typography.Text strong>{t(`distribution.slots.${slot}`)}</Typography.Text>
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`distribution.slotHelp.${slot}`)}
          </Typography.Text>
        </div>
      </div>
      <Form.Item name={['rules', slot, 'method']} style={{ marginBottom: 0 }}>
        <Radio.Group
          optionType="button"
          disabled={disabled}
          options={(['none', 'rate', 'fixed'] as const).map((m) => ({ value: m, label: t(`distribution.rule.methods.${m}`) }))}
        />
      </Form.Item>
      <div className="rule-amount">
        {method === 'rate' && (
          <Form.Item
            name={['rules', slot, 'percent']}
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (percentToBps(v ?? '') === null) throw new Error(t('distribution.rule.percentInvalid'));
                },
              },
            ]}
          >
            <Input suffix="%" inputMode="decimal" placeholder="5.00" disabled={disabled} style={{ width: 150 }} data-testid={`rule-${slot}-percent`} />
          </Form.Item>
        )}
        {method === 'fixed' && (
          <Form.Item
            name={['rules', slot, 'yuan']}
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (yuanToFen(v ?? '') === null) throw new Error(t('distribution.rule.yuanInvalid'));
                },
              },
            ]}
          >
            <Input
              prefix="¥"
              suffix={t('distribution.rule.perUnitSuffix')}
              inputMode="decimal"
              placeholder="1.00"
              disabled={disabled}
              style={{ width: 180 }}
              data-testid={`rule-${slot}-yuan`}
            />
          </Form.Item>
        )}
        {slot === 'level2' && props.level2Off && method && method !== 'none' && (
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('distribution.rule.level2Off')}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

/** The rates of the slots as typed, added up; invalid slots count as nothing until fixed. */
function RateTotal({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const rules = Form.useWatch('rules', form) as RulesFormValue | undefined;
  if (!rules) return null;
  let total = 0;
  let rates = 0;
  for (const slot of COMMISSION_SLOTS) {
    const rule = formToRule(rules[slot]);
    if (rule?.method === 'rate') {
      total += rule.rateBps;
      rates += 1;
    }
  }
  if (total > 10_000) {
    return <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('distribution.rule.rateTotalOver', { total: formatBps(total) })} />;
  }
  return rates > 1 ? (
    <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
      {t('distribution.rule.rateTotal', { total: formatBps(total) })}
    </Typography.Text>
  ) : null;
}

/** The leader / level 1 / level 2 slots of a commission policy, inside a form that has `rules`. */
export function PolicyRulesFields(props: { form: FormInstance; disabled?: boolean; level2Enabled?: boolean }) {
  return (
    <div className="rule-rows">
      {COMMISSION_SLOTS.map((slot) => (
        <SlotRow key={slot} slot={slot} form={props.form} disabled={Boolean(props.disabled)} level2Off={props.level2Enabled === false} />
      ))}
      <RateTotal form={props.form} />
    </div>
  );
}
