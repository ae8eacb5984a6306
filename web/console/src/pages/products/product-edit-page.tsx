import { useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Result, Row, Skeleton, Space, Switch, Typography } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { MemberTier, Product, ProductStatus, Sku } from '../../api/types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { ProductStatusTag } from '../../components/tags';
import { useApiData } from '../../components/use-api-data';
import { useMemberTiers } from '../../components/reference-data';
import { applyFieldErrors, type NamePath } from '../../components/form-errors';
import { ImagesInput } from './images-input';
import { SkuTable } from './sku-table';
import {
  emptyProduct,
  productErrorPath,
  productInput,
  productToForm,
  skuErrorPath,
  skuInput,
  skuRowChanged,
  type ProductFormValues,
  type SkuRow,
} from './product-form-model';

const STATUSES: ProductStatus[] = ['draft', 'active', 'archived'];

interface SaveProblem {
  error: ApiError;
  extra: string[];
  summary?: string;
}

/** Create (`/products/new`) or edit (`/products/:id`) a product and its SKUs; read-only without write access. */
export function ProductEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const readOnly = !can('products.write');
  const product = useApiData(async () => (id ? api.get<Product>(`/products/${id}`) : undefined), id ?? 'new');
  const tiers = useMemberTiers();

  const listCrumb = { title: t('products.title'), to: '/products' };

  if (id && product.error) {
    return (
      <PageContainer title={t('products.viewTitle')} breadcrumb={[listCrumb]}>
        {product.error.status === 404 ? (
          <Result status="404" title={t('products.notFound')} />
        ) : (
          <ProblemAlert error={product.error} onRetry={product.reload} />
        )}
      </PageContainer>
    );
  }
  if ((id && !product.data) || (!tiers.data && tiers.loading)) {
    return (
      <PageContainer title={id ? t('products.editTitle') : t('products.new')} breadcrumb={[listCrumb]}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }

  return (
    <ProductForm
      // A fresh form after each save, seeded from what the server returned.
      key={product.data ? `${product.data.id}:${product.data.updatedAt}:${product.data.skus.length}` : 'new'}
      product={product.data}
      tiers={tiers.data ?? []}
      tiersError={tiers.error}
      readOnly={readOnly}
      onSaved={product.reload}
    />
  );
}

function ProductForm(props: {
  product: Product | undefined;
  tiers: MemberTier[];
  tiersError: ApiError | null;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { product, tiers, readOnly } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ProductFormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const initial = product ? productToForm(product) : emptyProduct();
  const originals = useRef<SkuRow[]>(initial.skus);
  const savedProduct = useRef(JSON.stringify(productInput(initial)));
  const editing = Boolean(product);

  const showProblem = (p: SaveProblem, first?: NamePath) => {
    setProblem(p);
    // After the alert has rendered, so the page does not shift under the scroll.
    setTimeout(() => {
      if (first) form.scrollToField(first, { block: 'center', behavior: 'smooth' });
      else window.scrollTo({ top: 0, behavior: 'smooth' });
    }, 50);
  };

  const create = async (values: ProductFormValues) => {
    const skus = (values.skus ?? []).map((row) => skuInput(row, tiers));
    const base = productInput(values);
    const body = {
      ...base,
      description: base.description || undefined,
      category: base.category || undefined,
      skus,
    };
    try {
      const created = await api.post<Product>('/products', body);
      message.success(t('products.created'));
      navigate(`/products/${created.id}`, { replace: true });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, (path) => {
        if (path[0] === 'skus' && typeof path[1] === 'number') {
          return skuErrorPath(path.slice(2), path[1], skus[path[1]] ?? { tierPrices: [] });
        }
        return productErrorPath(path);
      });
      showProblem({ error: err, extra: applied.unmatched }, applied.first);
    }
  };

  const update = async (productId: string, values: ProductFormValues) => {
    let firstError: SaveProblem | null = null;
    let firstField: NamePath | undefined;
    try {
      // Only send the product itself when it changed, so the audit log records real edits.
      const body = productInput(values);
      if (JSON.stringify(body) !== savedProduct.current) {
        await api.patch(`/products/${productId}`, body);
        savedProduct.current = JSON.stringify(body);
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, productErrorPath);
      firstError = { error: err, extra: applied.unmatched };
      firstField = applied.first;
    }
    const rows = values.skus ?? [];
    for (const [index, row] of rows.entries()) {
      const body = skuInput(row, tiers);
      try {
        if (row.id) {
          const original = originals.current.find((o) => o.id === row.id);
          if (original && !skuRowChanged(row, original, tiers)) continue;
          await api.patch<Sku>(`/skus/${row.id}`, { ...body, status: row.status });
          originals.current = originals.current.map((o) => (o.id === row.id ? row : o));
        } else {
          const created = await api.post<Sku>(`/products/${productId}/skus`, body);
          // Remember the new id at once, so saving again after another row failed does not add it twice.
          form.setFieldValue(['skus', index, 'id'], created.id);
          originals.current = [...originals.current, { ...row, id: created.id }];
        }
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        const applied = applyFieldErrors(form, err, (path) => skuErrorPath(path, index, body));
        if (!firstError) {
          firstError = { error: err, extra: applied.unmatched, summary: t('products.partialSaveFailed') };
          firstField = applied.first;
        }
      }
    }
    if (firstError) {
      showProblem(firstError, firstField);
      return;
    }
    message.success(t('products.saved'));
    props.onSaved();
  };

  const onFinish = async (values: ProductFormValues) => {
    setSaving(true);
    setProblem(null);
    try {
      if (product) await update(product.id, values);
      else await create(values);
    } finally {
      setSaving(false);
    }
  };

  const title = product ? (readOnly ? t('products.viewTitle') : t('products.editTitle')) : t('products.new');

  return (
    <PageContainer
      title={
        <Space size={8}>
          {product ? product.title : title}
          {product && <ProductStatusTag status={product.status} />}
        </Space>
      }
      breadcrumb={[{ title: t('products.title'), to: '/products' }, { title }]}
      documentTitle={product ? product.title : title}
      intro={product ? <span className="mono">{product.id}</span> : undefined}
    >
      {problem && (
        <>
          {problem.summary && <Alert type="warning" showIcon title={problem.summary} style={{ marginBottom: 12 }} />}
          <ProblemAlert error={problem.error} extra={problem.extra} />
        </>
      )}
      {props.tiersError && <ProblemAlert error={props.tiersError} />}
      <Form<ProductFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={readOnly}
        // The whole store, so each SKU row keeps its `id` (no field renders it).
        onFinish={() => void onFinish(form.getFieldsValue(true) as ProductFormValues)}
        onFinishFailed={({ errorFields }) => {
          if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center', behavior: 'smooth' });
        }}
        data-testid="product-form"
      >
        <Card title={t('products.basicInfo')} variant="borderless" style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} lg={16}>
              <Form.Item
                name="title"
                label={t('products.fields.title')}
                rules={[{ required: true, whitespace: true, message: t('common.requiredField', { field: t('products.fields.title') }) }]}
              >
                <Input placeholder={t('products.fields.titlePlaceholder')} maxLength={200} showCount />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="category" label={t('products.fields.category')}>
                <Input placeholder={t('products.fields.categoryPlaceholder')} maxLength={60} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={16}>
              <Form.Item name="status" label={t('products.fields.status')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                name="inSelectionLibrary"
                label={t('products.fields.inSelectionLibrary')}
                valuePropName="checked"
                extra={t('products.fields.inSelectionLibraryHelp')}
              >
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={24} lg={16}>
              <Form.Item name="description" label={t('products.fields.description')}>
                <Input.TextArea rows={4} placeholder={t('products.fields.descriptionPlaceholder')} maxLength={5000} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item
                name="images"
                label={t('products.fields.images')}
                rules={[
                  {
                    validator: async (_, urls: string[] | undefined) => {
                      const bad = (urls ?? []).some((u) => u.trim() && !/^https?:\/\/\S+$/i.test(u.trim()));
                      if (bad) throw new Error(t('products.fields.imageInvalid'));
                    },
                  },
                ]}
              >
                <ImagesInput />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          title={t('products.skus.title')}
          variant="borderless"
          style={{ marginBottom: 16 }}
          extra={<Typography.Text type="secondary">{t('products.skus.help')}</Typography.Text>}
        >
          <SkuTable tiers={tiers} readOnly={readOnly} editing={editing} />
        </Card>
        <div className="form-footer">
          <Space>
            <Button disabled={false} onClick={() => navigate('/products')}>
              {readOnly ? t('common.back') : t('common.cancel')}
            </Button>
            {!readOnly && (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="product-save">
                {product ? t('common.save') : t('common.create')}
              </Button>
            )}
          </Space>
        </div>
      </Form>
    </PageContainer>
  );
}
