import { useEffect, useMemo, useState } from 'react';
import { App, Descriptions, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { Product, ProductSummary, StockAdjustment, Warehouse } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { formatSpecs } from '../../components/format';

/** A known stock row to adjust; without one the modal asks for warehouse, product and SKU. */
export interface AdjustTarget {
  warehouseId: string;
  warehouseName: string;
  skuId: string;
  skuCode: string;
  productTitle: string;
  specs: Record<string, string>;
  onHand: number;
}

interface AdjustForm {
  warehouseId?: string;
  productId?: string;
  skuId?: string;
  delta: number | null;
  reason: string;
}

function ProductPicker(props: { value?: string; onChange?: (id: string) => void; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<ProductSummary[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    const timer = setTimeout(() => {
      api
        .get<Page<ProductSummary>>('/products', { q, limit: 20 })
        .then((page) => !cancelled && setOptions(page.items))
        .catch(() => !cancelled && setOptions([]))
        .finally(() => !cancelled && setLoading(false));
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [q]);
  return (
    <Select
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={loading}
      placeholder={t('stock.selectProductPlaceholder')}
      options={options.map((p) => ({ value: p.id, label: p.title }))}
    />
  );
}

function SkuPicker(props: { productId?: string; value?: string; onChange?: (id: string) => void; id?: string }) {
  const [product, setProduct] = useState<Product | null>(null);
  useEffect(() => {
    let cancelled = false;
    setProduct(null);
    if (props.productId) {
      api
        .get<Product>(`/products/${props.productId}`)
        .then((p) => !cancelled && setProduct(p))
        .catch(() => undefined);
    }
    return () => {
      cancelled = true;
    };
  }, [props.productId]);
  return (
    <Select
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      disabled={!props.productId}
      loading={Boolean(props.productId) && !product}
      options={(product?.skus ?? []).map((s) => ({
        value: s.id,
        label: (
          <span>
            <span className="mono">{s.code}</span>
            <Typography.Text type="secondary"> · {formatSpecs(s.specs)}</Typography.Text>
          </span>
        ),
      }))}
    />
  );
}

/** Records a stock adjustment (delta + reason) for one SKU in one warehouse. */
export function AdjustStockModal(props: {
  open: boolean;
  target: AdjustTarget | null;
  warehouses: Warehouse[];
  defaultWarehouseId?: string;
  onClose: () => void;
  onDone: (adjustment: StockAdjustment) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustForm>();
  const delta = Form.useWatch('delta', form);
  const productId = Form.useWatch('productId', form);
  const target = props.target;

  const preview = useMemo(() => {
    if (!target || typeof delta !== 'number' || !Number.isInteger(delta)) return null;
    return target.onHand + delta;
  }, [target, delta]);

  return (
    <FormModal<AdjustForm>
      title={t('stock.adjustTitle')}
      open={props.open}
      onClose={props.onClose}
      form={form}
      fields={['warehouseId', 'skuId', 'delta', 'reason']}
      okText={t('common.confirm')}
      initialValues={{ warehouseId: props.defaultWarehouseId, delta: null, reason: '' }}
      submit={async (values) => {
        const adjustment = await api.post<StockAdjustment>('/stock-adjustments', {
          warehouseId: target?.warehouseId ?? values.warehouseId,
          skuId: target?.skuId ?? values.skuId,
          delta: values.delta,
          reason: values.reason.trim(),
        });
        message.success(t('stock.adjusted', { before: adjustment.quantityBefore, after: adjustment.quantityAfter }));
        props.onDone(adjustment);
      }}
    >
      {target ? (
        <Descriptions
          size="small"
          column={1}
          bordered
          style={{ marginBottom: 16 }}
          items={[
            { key: 'p', label: t('stock.product'), children: target.productTitle },
            {
              key: 's',
              label: t('stock.sku'),
              children: (
                <span>
                  <span className="mono">{target.skuCode}</span>
                  <Typography.Text type="secondary"> · {formatSpecs(target.specs)}</Typography.Text>
                </span>
              ),
            },
            { key: 'w', label: t('stock.warehouse'), children: target.warehouseName },
            { key: 'c', label: t('stock.current'), children: <Typography.Text strong>{target.onHand}</Typography.Text> },
          ]}
        />
      ) : (
        <>
          <Form.Item name="warehouseId" label={t('stock.warehouse')} rules={[{ required: true, message: t('stock.warehouse') }]}>
            <Select options={props.warehouses.map((w) => ({ value: w.id, label: `${w.name} (${w.code})` }))} />
          </Form.Item>
          <Form.Item name="productId" label={t('stock.selectProduct')} rules={[{ required: true, message: t('stock.selectProduct') }]}>
            <ProductPicker onChange={() => form.setFieldValue('skuId', undefined)} />
          </Form.Item>
          <Form.Item name="skuId" label={t('stock.selectSku')} rules={[{ required: true, message: t('stock.selectSku') }]}>
            <SkuPicker productId={productId} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="delta"
        label={t('stock.delta')}
        extra={
          preview !== null ? (
            <span>
              {t('stock.after')}: <Typography.Text strong type={preview < 0 ? 'danger' : undefined}>{preview}</Typography.Text>
            </span>
          ) : (
            t('stock.deltaHelp')
          )
        }
        rules={[
          {
            validator: async (_, value: number | null) => {
              if (typeof value !== 'number' || !Number.isInteger(value) || value === 0) throw new Error(t('stock.deltaRequired'));
              if (target && target.onHand + value < 0) throw new Error(t('stock.belowZero', { onHand: target.onHand }));
            },
          },
        ]}
      >
        <InputNumber precision={0} style={{ width: 200 }} placeholder="+100 / -3" autoFocus />
      </Form.Item>
      <Form.Item name="reason" label={t('stock.reason')} rules={[{ required: true, whitespace: true, message: t('stock.reasonRequired') }]}>
        <Input.TextArea rows={2} maxLength={200} placeholder={t('stock.reasonPlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}
