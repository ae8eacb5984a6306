import { Button, Form, Input, Select, Table, Tag, Typography, type FormListFieldData, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { MemberTier } from '../../api/types';
import { yuanToFen } from '../../../../shared/money';
import { emptySkuRow, type ProductFormValues, type SkuRow } from './product-form-model';
import { SpecsInput, validateSpecs } from './specs-input';

function MoneyInput(props: { value?: string; onChange?: (v: string) => void; disabled?: boolean; placeholder?: string; id?: string }) {
  return (
    <Input
      id={props.id}
      prefix="¥"
      inputMode="decimal"
      value={props.value}
      disabled={props.disabled}
      placeholder={props.placeholder}
      style={{ width: 118 }}
      onChange={(e) => props.onChange?.(e.target.value)}
    />
  );
}

function Required({ children }: { children: React.ReactNode }) {
  return (
    <span>
      <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>
      {children}
    </span>
  );
}

/**
 * The editable SKU table of the product form: code, attributes, base price and one price column per
 * member tier. Rows that exist on the server can be deactivated but not removed.
 */
export function SkuTable({ tiers, readOnly, editing }: { tiers: MemberTier[]; readOnly: boolean; editing: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<ProductFormValues>();
  // `preserve` includes each row's `id`, which no field renders.
  const rows = (Form.useWatch('skus', { form, preserve: true }) ?? []) as SkuRow[];

  const moneyRule = (required: boolean) => ({
    validator: async (_: unknown, value: string | undefined) => {
      const text = (value ?? '').trim();
      if (!text) {
        if (required) throw new Error(t('products.skus.priceRequired'));
        return;
      }
      if (yuanToFen(text) === null) throw new Error(t('products.skus.priceInvalid'));
    },
  });

  return (
    <Form.List name="skus">
      {(fields, { add, remove }) => {
        const columns: TableColumnsType<FormListFieldData> = [
          {
            title: '#',
            key: 'index',
            width: 56,
            render: (_, field, index) =>
              <span className="sku-cell-text">
                {rows[field.name]?.id ? (
                  <Typography.Text type="secondary">{index + 1}</Typography.Text>
                ) : (
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {t('products.skus.new')}
                  </Tag>
                )}
              </span>,
          },
          {
            title: <Required>{t('products.skus.code')}</Required>,
            key: 'code',
            width: 170,
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'code']}
                rules={[
                  { required: true, whitespace: true, message: t('products.skus.codeRequired') },
                  { pattern: /^\s*[A-Za-z0-9._-]+\s*$/, message: t('products.skus.codeInvalid') },
                ]}
              >
                <Input placeholder={t('products.skus.codePlaceholder')} disabled={readOnly} className="mono" />
              </Form.Item>
            ),
          },
          {
            title: t('products.skus.specs'),
            key: 'specs',
            render: (_, field) => (
              <Form.Item name={[field.name, 'specs']} rules={[{ validator: validateSpecs(t) }]}>
                <SpecsInput disabled={readOnly} />
              </Form.Item>
            ),
          },
          {
            title: <Required>{t('products.skus.basePrice')}</Required>,
            key: 'basePrice',
            width: 140,
            render: (_, field) => (
              <Form.Item name={[field.name, 'basePrice']} rules={[moneyRule(true)]}>
                <MoneyInput disabled={readOnly} placeholder="0.00" />
              </Form.Item>
            ),
          },
          ...tiers.map((tier) => ({
            title: t('products.skus.tierPrice', { tier: tier.name }),
            key: `tier-${tier.id}`,
            width: 140,
            render: (_: unknown, field: FormListFieldData) => (
              <Form.Item name={[field.name, 'tierPrices', tier.id]} rules={[moneyRule(false)]}>
                <MoneyInput disabled={readOnly} placeholder={t('products.skus.tierPricePlaceholder')} />
              </Form.Item>
            ),
          })),
          ...(editing
            ? [
                {
                  title: t('products.skus.status'),
                  key: 'status',
                  width: 110,
                  render: (_: unknown, field: FormListFieldData) =>
                    rows[field.name]?.id ? (
                      <Form.Item name={[field.name, 'status']}>
                        <Select
                          disabled={readOnly}
                          style={{ width: 92 }}
                          options={[
                            { value: 'active', label: t('products.skus.active') },
                            { value: 'inactive', label: t('products.skus.inactive') },
                          ]}
                        />
                      </Form.Item>
                    ) : (
                      <span className="sku-cell-text">
                        <Typography.Text type="secondary">{t('products.skus.active')}</Typography.Text>
                      </span>
                    ),
                },
              ]
            : []),
          ...(readOnly
            ? []
            : [
                {
                  title: '',
                  key: 'actions',
                  width: 56,
                  render: (_: unknown, field: FormListFieldData) =>
                    rows[field.name]?.id ? null : (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('products.skus.removeNew')}
                        onClick={() => remove(field.name)}
                      />
                    ),
                },
              ]),
        ];

        return (
          <>
            <Table<FormListFieldData>
              className="sku-table"
              rowKey="key"
              size="middle"
              columns={columns}
              dataSource={fields}
              pagination={false}
              scroll={{ x: 700 + tiers.length * 140 }}
              locale={{ emptyText: t('products.skus.empty') }}
              data-testid="sku-table"
            />
            {!readOnly && (
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                style={{ marginTop: 12 }}
                onClick={() => add(emptySkuRow())}
                data-testid="sku-add"
              >
                {t('products.skus.add')}
              </Button>
            )}
          </>
        );
      }}
    </Form.List>
  );
}
