import { useState } from 'react';
import { Button, Form, Input, InputNumber, Table, Typography, type FormListFieldData, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatFen, yuanToFen } from '../../../../shared/money';
import { pickedToRow, type CampaignFormValues, type ItemRow } from './campaign-form-model';
import { SkuPickerModal } from './sku-picker-modal';

function Required({ children }: { children: React.ReactNode }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span style={{ color: '#ff4d4f', marginInlineEnd: 4 }}>*</span>
      {children}
    </span>
  );
}

/** Shows the item's title where its `skuId` field sits, so server errors about the SKU land here. */
function ItemTitle(props: { row: ItemRow | undefined; id?: string }) {
  const { row } = props;
  return (
    <div id={props.id} className="sku-cell-text" style={{ flexDirection: 'column', alignItems: 'flex-start', justifyContent: 'center' }}>
      <span style={{ fontWeight: 500 }}>{row?.title}</span>
      {row?.skuCode && (
        <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
          {row.skuCode}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * The campaign's items: SKU, base price for reference, campaign price (yuan, parsed to exact fen),
 * per-member limit and cap. `itemsEditable` (drafts) allows adding, removing and repricing;
 * `capsEditable` (scheduled and live) allows only caps, never below what is sold or held.
 */
export function CampaignItemsTable(props: { itemsEditable: boolean; capsEditable: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<CampaignFormValues>();
  const rows = (Form.useWatch('items', { form, preserve: true }) ?? []) as ItemRow[];
  const [picking, setPicking] = useState(false);
  const { itemsEditable, capsEditable } = props;
  // Sold and held units matter once the campaign is published (only caps can change then).
  const showTaken = !itemsEditable && rows.some((r) => r.itemId);

  return (
    <Form.List
      name="items"
      rules={[
        {
          validator: async (_, value: ItemRow[] | undefined) => {
            if (!value || value.length === 0) throw new Error(t('campaigns.items.required'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => {
        const columns: TableColumnsType<FormListFieldData> = [
          {
            title: t('campaigns.items.item'),
            key: 'item',
            minWidth: 220,
            render: (_, field) => (
              <Form.Item name={[field.name, 'skuId']}>
                <ItemTitle row={rows[field.name]} />
              </Form.Item>
            ),
          },
          {
            title: t('campaigns.items.basePrice'),
            key: 'base',
            width: 110,
            align: 'right',
            render: (_, field) => {
              const base = rows[field.name]?.basePriceFen;
              return <span className="sku-cell-text">{base == null ? '—' : formatFen(base)}</span>;
            },
          },
          {
            title: <Required>{t('campaigns.items.price')}</Required>,
            key: 'price',
            width: 150,
            render: (_, field) => (
              <Form.Item
                name={[field.name, 'price']}
                rules={[
                  {
                    validator: async (_r, value: string | undefined) => {
                      const text = (value ?? '').trim();
                      if (!text) throw new Error(t('campaigns.items.priceRequired'));
                      const fen = yuanToFen(text);
                      if (fen === null) throw new Error(t('products.skus.priceInvalid'));
                      if (fen < 1) throw new Error(t('campaigns.items.priceMin'));
                    },
                  },
                ]}
              >
                <Input prefix="¥" inputMode="decimal" placeholder="0.00" disabled={!itemsEditable} style={{ width: 124 }} />
              </Form.Item>
            ),
          },
          {
            title: t('campaigns.items.perMemberLimit'),
            key: 'limit',
            width: 130,
            render: (_, field) => (
              <Form.Item name={[field.name, 'perMemberLimit']}>
                <InputNumber
                  min={1}
                  max={10000}
                  precision={0}
                  placeholder={t('campaigns.items.unlimited')}
                  disabled={!itemsEditable}
                  style={{ width: 108 }}
                />
              </Form.Item>
            ),
          },
          {
            title: <Required>{t('campaigns.items.cap')}</Required>,
            key: 'cap',
            width: 150,
            render: (_, field) => {
              const row = rows[field.name];
              const taken = (row?.reserved ?? 0) + (row?.sold ?? 0);
              return (
                <Form.Item
                  name={[field.name, 'cap']}
                  rules={[
                    { required: true, message: t('campaigns.items.capRequired') },
                    {
                      validator: async (_r, value: number | null | undefined) => {
                        if (value != null && value < Math.max(1, taken)) {
                          throw new Error(t('campaigns.items.capBelowTaken', { taken }));
                        }
                      },
                    },
                  ]}
                >
                  <InputNumber min={1} max={10000000} precision={0} disabled={!capsEditable} style={{ width: 120 }} />
                </Form.Item>
              );
            },
          },
          ...(showTaken
            ? [
                {
                  title: t('campaigns.items.taken'),
                  key: 'taken',
                  width: 120,
                  render: (_: unknown, field: FormListFieldData) => {
                    const row = rows[field.name];
                    return (
                      <span className="sku-cell-text" style={{ fontSize: 13 }}>
                        {t('campaigns.items.soldReserved', { sold: row?.sold ?? 0, reserved: row?.reserved ?? 0 })}
                      </span>
                    );
                  },
                },
              ]
            : []),
          ...(itemsEditable
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 56,
                  render: (_: unknown, field: FormListFieldData) => (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      onClick={() => remove(field.name)}
                    />
                  ),
                },
              ]
            : []),
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
              scroll={{ x: 820 }}
              locale={{ emptyText: t('campaigns.items.empty') }}
              data-testid="campaign-items"
            />
            <Form.ErrorList errors={errors} />
            {itemsEditable && (
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                style={{ marginTop: 12 }}
                onClick={() => setPicking(true)}
                data-testid="campaign-add-items"
              >
                {t('campaigns.items.add')}
              </Button>
            )}
            <SkuPickerModal
              open={picking}
              onClose={() => setPicking(false)}
              existing={rows.map((r) => r.skuId)}
              onPick={(skus) => {
                for (const sku of skus) add(pickedToRow(sku));
              }}
            />
          </>
        );
      }}
    </Form.List>
  );
}
