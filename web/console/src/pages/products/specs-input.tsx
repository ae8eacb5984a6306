import { Button, Input } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SpecPair } from './product-form-model';

/** Edits a SKU's attributes as name/value pairs (规格: 500g, 颜色: 红). Used as one form field. */
export function SpecsInput(props: {
  value?: SpecPair[];
  onChange?: (value: SpecPair[]) => void;
  disabled?: boolean;
  id?: string;
  status?: 'error' | 'warning' | '';
}) {
  const { t } = useTranslation();
  const pairs = props.value ?? [];
  const update = (index: number, patch: Partial<SpecPair>) =>
    props.onChange?.(pairs.map((p, i) => (i === index ? { ...p, ...patch } : p)));

  return (
    <div id={props.id} style={{ display: 'flex', flexDirection: 'column', gap: 8, minWidth: 240 }}>
      {pairs.map((pair, i) => (
        <div key={i} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <Input
            value={pair.key}
            disabled={props.disabled}
            placeholder={t('products.skus.specNamePlaceholder')}
            aria-label={t('products.skus.specName')}
            style={{ width: 96 }}
            onChange={(e) => update(i, { key: e.target.value })}
          />
          <Input
            value={pair.value}
            disabled={props.disabled}
            placeholder={t('products.skus.specValuePlaceholder')}
            aria-label={t('products.skus.specValue')}
            style={{ flex: 1, minWidth: 80 }}
            onChange={(e) => update(i, { value: e.target.value })}
          />
          {!props.disabled && (
            <Button
              type="text"
              icon={<CloseOutlined />}
              aria-label={t('common.remove')}
              onClick={() => props.onChange?.(pairs.filter((_, j) => j !== i))}
            />
          )}
        </div>
      ))}
      {!props.disabled && (
        <Button
          size="small"
          type="link"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'flex-start', paddingInline: 0 }}
          onClick={() => props.onChange?.([...pairs, { key: '', value: '' }])}
        >
          {t('products.skus.addSpec')}
        </Button>
      )}
    </div>
  );
}

/** Form rule: every attribute needs a name and a value, and names are unique. */
export function validateSpecs(t: (key: 'products.skus.specIncomplete' | 'products.skus.specDuplicate') => string) {
  return async (_: unknown, value: SpecPair[] | undefined) => {
    const pairs = (value ?? []).filter((p) => p.key?.trim() || p.value?.trim());
    if (pairs.some((p) => !p.key?.trim() || !p.value?.trim())) throw new Error(t('products.skus.specIncomplete'));
    const keys = pairs.map((p) => p.key.trim());
    if (new Set(keys).size !== keys.length) throw new Error(t('products.skus.specDuplicate'));
  };
}
