import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Form, Input, Modal, Radio, Select, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { CampaignSummary, Product, ProductSummary } from '../../api/types';
import type { CommissionPolicy, PolicyScopeKind, PolicyView } from '../../api/distribution-types';
import { ProblemAlert } from '../../components/problem-alert';
import { applyFieldErrors } from '../../components/form-errors';
import { formatSpecs } from '../../components/format';
import { formToRules, rulesSummary, rulesToForm, totalRateBps } from './distribution-model';
import { PolicyRulesFields, rulesErrorPath, type WithRules } from './policy-rules-fields';

type OverrideKind = Exclude<PolicyScopeKind, 'tenant'>;

interface OverrideForm extends WithRules {
  kind: OverrideKind;
  productId?: string;
  targetId?: string;
  note: string;
}

interface Option {
  value: string;
  label: string;
}

/** Campaigns or products found as you type (a short pause between keystrokes). */
function useSearch(kind: 'campaigns' | 'products', enabled: boolean) {
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    const mine = ++seq.current;
    setLoading(true);
    const timer = setTimeout(() => {
      const load =
        kind === 'campaigns'
          ? api.get<Page<CampaignSummary>>('/campaigns', { q, limit: 20 }).then((p) => p.items.map((c) => ({ value: c.id, label: c.title })))
          : api.get<Page<ProductSummary>>('/products', { q, limit: 20 }).then((p) => p.items.map((c) => ({ value: c.id, label: c.title })));
      load.then(
        (items) => {
          if (mine !== seq.current) return;
          setOptions(items);
          setLoading(false);
        },
        () => mine === seq.current && setLoading(false),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [kind, q, enabled]);
  return { options, loading, setQ };
}

/**
 * Adds or edits an exception to the default policy for one campaign, product or SKU. Once the target
 * is chosen it shows what applies there now (and from which level), and starts from the exception
 * already set there, if any.
 */
export function PolicyOverrideModal(props: {
  open: boolean;
  /** The exception being edited; null to add one. */
  editing: CommissionPolicy | null;
  level2Enabled?: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { open, editing } = props;
  const [form] = Form.useForm<OverrideForm>();
  const kind = (Form.useWatch('kind', form) as OverrideKind | undefined) ?? editing?.scope.kind ?? 'campaign';
  const productId = Form.useWatch('productId', form) as string | undefined;
  const targetId = (Form.useWatch('targetId', form) as string | undefined) ?? editing?.scope.id;
  const campaigns = useSearch('campaigns', open && !editing && kind === 'campaign');
  const products = useSearch('products', open && !editing && kind !== 'campaign');
  const [product, setProduct] = useState<Product | null>(null);
  const [view, setView] = useState<PolicyView | null>(null);
  const [viewLoading, setViewLoading] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (!open) return;
    setProblem(null);
    setView(null);
    setProduct(null);
    form.resetFields();
    form.setFieldsValue(
      editing
        ? { kind: editing.scope.kind as OverrideKind, targetId: editing.scope.id, rules: rulesToForm(editing.rules), note: editing.note }
        : { kind: 'campaign', rules: rulesToForm(undefined), note: '' },
    );
  }, [open, editing, form]);

  // SKUs of the chosen product.
  useEffect(() => {
    if (!open || editing || kind !== 'sku' || !productId) {
      setProduct(null);
      return;
    }
    let cancelled = false;
    api.get<Product>(`/products/${productId}`).then(
      (p) => !cancelled && setProduct(p),
      () => !cancelled && setProduct(null),
    );
    return () => {
      cancelled = true;
    };
  }, [open, editing, kind, productId]);

  // What applies at the chosen target now; a new exception starts from the one already there.
  useEffect(() => {
    if (!open || !targetId) {
      setView(null);
      return;
    }
    let cancelled = false;
    setViewLoading(true);
    api.get<PolicyView>('/distribution/policy', { scope: kind, id: targetId }).then(
      (v) => {
        if (cancelled) return;
        setView(v);
        setViewLoading(false);
        if (!editing && v.policy) form.setFieldsValue({ rules: rulesToForm(v.policy.rules), note: v.policy.note });
      },
      () => {
        if (cancelled) return;
        setView(null);
        setViewLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [open, editing, kind, targetId, form]);

  const skuOptions = useMemo<Option[]>(
    () => (product?.skus ?? []).map((s) => ({ value: s.id, label: `${s.code} · ${formatSpecs(s.specs)}` })),
    [product],
  );
  const kindLabel = t(`distribution.policies.scopeKinds.${kind}`);

  const submit = async () => {
    let values: OverrideForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const rules = formToRules(values.rules);
    const id = editing?.scope.id ?? values.targetId;
    // Rates over 100% in total are already flagged under the slots; the server would refuse them too.
    if (!rules || !id || totalRateBps(rules) > 10_000) return;
    setSubmitting(true);
    setProblem(null);
    try {
      await api.put<CommissionPolicy>('/distribution/policy', {
        scope: { kind: editing?.scope.kind ?? values.kind, id },
        rules,
        note: (values.note ?? '').trim(),
      });
      props.onSaved();
      props.onClose();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, rulesErrorPath);
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={editing ? t('distribution.policies.editOverride') : t('distribution.policies.addOverride')}
      open={open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...{ 'data-testid': 'override-save' } }}
      confirmLoading={submitting}
      width={760}
      destroyOnHidden
    >
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<OverrideForm> form={form} layout="vertical" style={{ marginTop: 16 }} data-testid="override-form">
        {editing ? (
          <Form.Item label={t('distribution.policies.scopeKind')}>
            <Typography.Text strong>
              {t(`distribution.policies.scopeKinds.${editing.scope.kind}`)} · {editing.scope.label}
            </Typography.Text>
          </Form.Item>
        ) : (
          <>
            <Form.Item name="kind" label={t('distribution.policies.scopeKind')}>
              <Radio.Group
                optionType="button"
                options={(['campaign', 'product', 'sku'] as const).map((k) => ({ value: k, label: t(`distribution.policies.scopeKinds.${k}`) }))}
                onChange={() => form.setFieldsValue({ targetId: undefined, productId: undefined })}
              />
            </Form.Item>
            {kind === 'campaign' && (
              <Form.Item
                name="targetId"
                label={t('distribution.policies.target', { kind: kindLabel })}
                rules={[{ required: true, message: t('distribution.policies.targetRequired', { kind: kindLabel }) }]}
              >
                <Select
                  showSearch={{ filterOption: false, onSearch: campaigns.setQ }}
                  options={campaigns.options}
                  loading={campaigns.loading}
                  placeholder={t('distribution.policies.searchCampaign')}
                  data-testid="override-target"
                />
              </Form.Item>
            )}
            {kind === 'product' && (
              <Form.Item
                name="targetId"
                label={t('distribution.policies.target', { kind: kindLabel })}
                rules={[{ required: true, message: t('distribution.policies.targetRequired', { kind: kindLabel }) }]}
              >
                <Select
                  showSearch={{ filterOption: false, onSearch: products.setQ }}
                  options={products.options}
                  loading={products.loading}
                  placeholder={t('distribution.policies.searchProduct')}
                  data-testid="override-target"
                />
              </Form.Item>
            )}
            {kind === 'sku' && (
              <div style={{ display: 'flex', gap: 12 }}>
                <Form.Item
                  name="productId"
                  label={t('distribution.policies.product')}
                  style={{ flex: 1 }}
                  rules={[{ required: true, message: t('distribution.policies.targetRequired', { kind: t('distribution.policies.product') }) }]}
                >
                  <Select
                    showSearch={{ filterOption: false, onSearch: products.setQ }}
                    options={products.options}
                    loading={products.loading}
                    placeholder={t('distribution.policies.searchProduct')}
                    onChange={() => form.setFieldsValue({ targetId: undefined })}
                  />
                </Form.Item>
                <Form.Item
                  name="targetId"
                  label={t('distribution.policies.sku')}
                  style={{ flex: 1 }}
                  rules={[{ required: true, message: t('distribution.policies.targetRequired', { kind: 'SKU' }) }]}
                >
                  <Select options={skuOptions} disabled={!productId} placeholder={t('distribution.policies.skuPickProductFirst')} />
                </Form.Item>
              </div>
            )}
          </>
        )}

        {targetId && (
          <div style={{ marginBottom: 16 }} data-testid="override-effective">
            {viewLoading && !view ? (
              <Skeleton active title={false} paragraph={{ rows: 1 }} />
            ) : view ? (
              <Alert
                type="info"
                showIcon
                title={
                  <span>
                    {t('distribution.policies.effective')}
                    {view.effective.from === 'none' ? (
                      t('distribution.policies.effectiveNone')
                    ) : (
                      <>
                        <Typography.Text strong>{rulesSummary(t, view.effective.rules)}</Typography.Text>
                        <Typography.Text type="secondary">
                          {t('distribution.policies.effectiveFrom', { from: t(`distribution.policies.scopeKinds.${view.effective.from}`) })}
                        </Typography.Text>
                      </>
                    )}
                  </span>
                }
              />
            ) : null}
          </div>
        )}

        <Form.Item label={t('distribution.policies.rules')} required extra={t('distribution.policies.overrideHelp')} style={{ marginBottom: 12 }}>
          <PolicyRulesFields form={form} level2Enabled={props.level2Enabled} />
        </Form.Item>
        <Form.Item name="note" label={t('distribution.policies.note')}>
          <Input maxLength={200} placeholder={t('distribution.policies.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
