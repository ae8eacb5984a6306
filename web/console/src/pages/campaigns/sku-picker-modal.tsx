import { useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { Product, ProductSummary, Sku } from '../../api/types';
import { ProblemAlert } from '../../components/problem-alert';
import { formatSpecs } from '../../components/format';
import { formatFen, formatFenRange } from '../../../../shared/money';

/** A SKU chosen in the picker, with what the items table shows about it. */
export interface PickedSku {
  skuId: string;
  skuCode: string;
  productId: string;
  productTitle: string;
  specs: Record<string, string>;
  basePriceFen: number;
}

function useProductSearch(open: boolean) {
  const [q, setQ] = useState('');
  const [products, setProducts] = useState<ProductSummary[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!open) return;
    const mine = ++seq.current;
    setLoading(true);
    // A short pause so typing does not send one request per keystroke.
    const timer = setTimeout(() => {
      api.get<Page<ProductSummary>>('/products', { q, status: 'active', limit: 30 }).then(
        (page) => {
          if (mine !== seq.current) return;
          setProducts(page.items);
          setError(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
          setLoading(false);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q, open]);

  return { q, setQ, products, loading, error };
}

/**
 * Picks SKUs for a campaign: search the products this person may sell (for leaders GET /products
 * returns the selection library only), choose one, tick its SKUs; picks from several products add up.
 */
export function SkuPickerModal(props: {
  open: boolean;
  onClose: () => void;
  onPick: (skus: PickedSku[]) => void;
  /** SKUs already in the campaign: shown, not selectable. */
  existing: string[];
}) {
  const { t } = useTranslation();
  const search = useProductSearch(props.open);
  const [productId, setProductId] = useState<string | null>(null);
  const [product, setProduct] = useState<Product | null>(null);
  const [productError, setProductError] = useState<ApiError | null>(null);
  const [loadingProduct, setLoadingProduct] = useState(false);
  const [picked, setPicked] = useState<Map<string, PickedSku>>(new Map());

  useEffect(() => {
    if (!props.open) {
      setProductId(null);
      setProduct(null);
      setPicked(new Map());
      search.setQ('');
    }
    // Reset only when the modal closes.
  }, [props.open]);

  useEffect(() => {
    if (!productId) return;
    let cancelled = false;
    setLoadingProduct(true);
    api.get<Product>(`/products/${productId}`).then(
      (p) => {
        if (cancelled) return;
        setProduct(p);
        setProductError(null);
        setLoadingProduct(false);
      },
      (err: unknown) => {
        if (cancelled) return;
        setProduct(null);
        setProductError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
        setLoadingProduct(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [productId]);

  const existing = useMemo(() => new Set(props.existing), [props.existing]);

  const toPicked = (p: Product, sku: Sku): PickedSku => ({
    skuId: sku.id,
    skuCode: sku.code,
    productId: p.id,
    productTitle: p.title,
    specs: sku.specs,
    basePriceFen: sku.basePriceFen,
  });

  const columns: TableColumnsType<Sku> = [
    { title: t('products.skus.code'), dataIndex: 'code', render: (v: string) => <span className="mono">{v}</span> },
    { title: t('products.skus.specs'), dataIndex: 'specs', render: (s: Record<string, string>) => formatSpecs(s) },
    {
      title: t('campaigns.items.basePrice'),
      dataIndex: 'basePriceFen',
      align: 'right',
      render: (v: number) => formatFen(v),
    },
    {
      title: '',
      key: 'note',
      width: 90,
      render: (_, sku) =>
        existing.has(sku.id) ? (
          <Tag>{t('campaigns.picker.added')}</Tag>
        ) : sku.status !== 'active' ? (
          <Tag>{t('products.skus.inactive')}</Tag>
        ) : null,
    },
  ];

  const pickedList = [...picked.values()];

  return (
    <Modal
      title={t('campaigns.picker.title')}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => {
        props.onPick(pickedList);
        props.onClose();
      }}
      okText={pickedList.length ? t('campaigns.picker.addN', { count: pickedList.length }) : t('campaigns.picker.add')}
      okButtonProps={{ disabled: pickedList.length === 0, ...{ 'data-testid': 'picker-ok' } }}
      cancelText={t('common.cancel')}
      width={760}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('campaigns.picker.help')}
      </Typography.Paragraph>
      {search.error && <ProblemAlert error={search.error} />}
      <Select
        showSearch={{ filterOption: false, onSearch: search.setQ }}
        value={productId ?? undefined}
        onChange={(v: string) => setProductId(v)}
        loading={search.loading}
        placeholder={t('campaigns.picker.searchPlaceholder')}
        style={{ width: '100%', marginBottom: 12 }}
        notFoundContent={search.loading ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.picker.noProducts')} />}
        options={search.products.map((p) => ({
          value: p.id,
          label: (
            <span style={{ display: 'flex', justifyContent: 'space-between', gap: 12 }}>
              <span>{p.title}</span>
              <Typography.Text type="secondary">{formatFenRange(p.minPriceFen, p.maxPriceFen)}</Typography.Text>
            </span>
          ),
        }))}
        data-testid="picker-product"
      />
      {productError && <ProblemAlert error={productError} />}
      {productId && (
        <Table<Sku>
          rowKey="id"
          size="small"
          columns={columns}
          loading={loadingProduct}
          dataSource={product?.skus ?? []}
          pagination={false}
          rowSelection={{
            selectedRowKeys: pickedList.filter((p) => p.productId === productId).map((p) => p.skuId),
            getCheckboxProps: (sku) => ({ disabled: existing.has(sku.id) || sku.status !== 'active' }),
            onChange: (keys) => {
              if (!product) return;
              setPicked((prev) => {
                const next = new Map([...prev].filter(([, v]) => v.productId !== product.id));
                for (const sku of product.skus) if (keys.includes(sku.id)) next.set(sku.id, toPicked(product, sku));
                return next;
              });
            },
          }}
          data-testid="picker-skus"
        />
      )}
      {pickedList.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">{t('campaigns.picker.selected')}</Typography.Text>
          <Space size={[6, 6]} wrap style={{ marginTop: 6, display: 'flex' }}>
            {pickedList.map((p) => (
              <Tag
                key={p.skuId}
                closable
                onClose={() =>
                  setPicked((prev) => {
                    const next = new Map(prev);
                    next.delete(p.skuId);
                    return next;
                  })
                }
              >
                {p.productTitle} {Object.values(p.specs).join(' ')}
              </Tag>
            ))}
          </Space>
        </div>
      )}
    </Modal>
  );
}
