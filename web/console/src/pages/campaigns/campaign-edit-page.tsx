import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Campaign, CampaignFulfilment, OrgUnit, Product, ThresholdKind, Warehouse } from '../../api/types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { CampaignStatusTag } from '../../components/tags';
import { useApiData } from '../../components/use-api-data';
import { fetchAllWarehouses } from '../../components/reference-data';
import { OrgUnitSelect } from '../../components/org-unit-select';
import { applyFieldErrors } from '../../components/form-errors';
import { MarkdownView } from '../../components/markdown-view';
import { ImagesInput } from '../products/images-input';
import { CampaignItemsTable } from './campaign-items-table';
import { campaignErrorPath, campaignToForm, createBody, emptyCampaign, updateBody, type CampaignFormValues } from './campaign-form-model';
import { editableFields, type EditableField } from './campaign-model';

const FULFILMENTS: CampaignFulfilment[] = ['pickup', 'delivery', 'both'];
const THRESHOLDS: ThresholdKind[] = ['none', 'participants', 'units'];

/** Base prices of the campaign's SKUs, for reference beside the campaign price (best effort). */
async function loadBasePrices(campaign: Campaign): Promise<Map<string, number>> {
  const prices = new Map<string, number>();
  const productIds = [...new Set(campaign.items.map((i) => i.productId))];
  const products = await Promise.allSettled(productIds.map((id) => api.get<Product>(`/products/${id}`)));
  for (const p of products) if (p.status === 'fulfilled') for (const s of p.value.skus) prices.set(s.id, s.basePriceFen);
  return prices;
}

/** Create (`/campaigns/new`) or edit (`/campaigns/:id/edit`) a group-buy, within what its state allows. */
export function CampaignEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const loaded = useApiData(async () => {
    if (!id) return undefined;
    const campaign = await api.get<Campaign>(`/campaigns/${id}`);
    return { campaign, basePrices: await loadBasePrices(campaign) };
  }, id ?? 'new');
  const listCrumb = { title: t('campaigns.title'), to: '/campaigns' };

  if (id && loaded.error) {
    return (
      <PageContainer title={t('campaigns.editTitle')} breadcrumb={[listCrumb]}>
        {loaded.error.status === 404 ? (
          <Result status="404" title={t('campaigns.notFound')} />
        ) : (
          <ProblemAlert error={loaded.error} onRetry={loaded.reload} />
        )}
      </PageContainer>
    );
  }
  if (id && !loaded.data) {
    return (
      <PageContainer title={t('campaigns.editTitle')} breadcrumb={[listCrumb]}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </PageContainer>
    );
  }
  return (
    <CampaignForm
      key={loaded.data ? `${loaded.data.campaign.id}:${loaded.data.campaign.updatedAt}` : 'new'}
      campaign={loaded.data?.campaign}
      basePrices={loaded.data?.basePrices ?? new Map()}
    />
  );
}

function CampaignForm(props: { campaign: Campaign | undefined; basePrices: Map<string, number> }) {
  const { campaign } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { can } = useSession();
  const [form] = Form.useForm<CampaignFormValues>();
  const description = Form.useWatch('description', form);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  // GET /warehouses is for owners and operators; leaders type the id the brand gave them.
  const canSeeWarehouses = can('inventory.read');
  const warehouses = useApiData(async () => (canSeeWarehouses ? fetchAllWarehouses() : []), canSeeWarehouses ? 'warehouses' : 'none');
  const canPickOrg = can('orgUnits.read') && !campaign;
  const orgUnits = useApiData(
    async () => (canPickOrg ? (await api.get<{ items: OrgUnit[] }>('/org-units')).items : []),
    canPickOrg ? 'org-units' : 'none',
  );
  const initial = useMemo(
    () => (campaign ? campaignToForm(campaign, props.basePrices) : emptyCampaign()),
    [campaign, props.basePrices],
  );
  const editable = editableFields(campaign?.status);
  const may = (f: EditableField) => editable.includes(f);
  const readOnly = editable.length === 0;
  const thresholdKind = Form.useWatch('thresholdKind', form) ?? initial.thresholdKind;
  const startsAt = Form.useWatch('startsAt', form);

  // The first warehouse is the default for a new campaign, once the list arrives.
  const warehouseList = warehouses.data ?? [];
  const warehouseBlocked = !canSeeWarehouses || warehouses.error?.status === 403;
  const firstWarehouse = warehouseList[0]?.id;
  useEffect(() => {
    if (!campaign && firstWarehouse && !form.getFieldValue('warehouseId')) form.setFieldValue('warehouseId', firstWarehouse);
  }, [campaign, firstWarehouse, form]);

  const save = async () => {
    let values: CampaignFormValues;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as CampaignFormValues;
    } catch (err) {
      const first = (err as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', behavior: 'smooth' });
      return;
    }
    setSaving(true);
    setProblem(null);
    const body = campaign ? updateBody(values, initial, editable) : createBody(values);
    try {
      if (campaign) {
        if (Object.keys(body).length > 0) await api.patch<Campaign>(`/campaigns/${campaign.id}`, body);
        message.success(t('campaigns.saved'));
        navigate(`/campaigns/${campaign.id}`);
      } else {
        const created = await api.post<Campaign>('/campaigns', body);
        message.success(t('campaigns.created'));
        navigate(`/campaigns/${created.id}`, { replace: true });
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, (path) => campaignErrorPath(path, body, values.items));
      setProblem({ error: err, extra: applied.unmatched });
      setTimeout(() => {
        if (applied.first) form.scrollToField(applied.first, { block: 'center', behavior: 'smooth' });
        else window.scrollTo({ top: 0, behavior: 'smooth' });
      }, 50);
    } finally {
      setSaving(false);
    }
  };

  const title = campaign ? t('campaigns.editTitle') : t('campaigns.new');
  const lockedHelp = (f: EditableField) => (campaign && !may(f) ? t('campaigns.form.lockedHelp') : undefined);

  return (
    <PageContainer
      title={
        <Space size={8}>
          {campaign ? campaign.title : title}
          {campaign && <CampaignStatusTag status={campaign.status} />}
        </Space>
      }
      documentTitle={campaign ? campaign.title : title}
      breadcrumb={[
        { title: t('campaigns.title'), to: '/campaigns' },
        ...(campaign ? [{ title: campaign.title, to: `/campaigns/${campaign.id}` }] : []),
        { title },
      ]}
    >
      {campaign && campaign.status !== 'draft' && (
        <Alert
          type={readOnly ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`campaigns.form.stateRules.${readOnly ? 'closed' : (campaign.status as 'scheduled' | 'live')}`)}
          data-testid="campaign-state-rules"
        />
      )}
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<CampaignFormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={readOnly}
        onFinish={() => void save()}
        data-testid="campaign-form"
      >
        <Card title={t('campaigns.form.basics')} variant="borderless" style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} lg={14}>
              <Form.Item
                name="title"
                label={t('campaigns.form.title')}
                rules={[{ required: true, whitespace: true, message: t('common.requiredField', { field: t('campaigns.form.title') }) }]}
              >
                <Input placeholder={t('campaigns.form.titlePlaceholder')} maxLength={120} showCount disabled={!may('title')} />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('campaigns.form.description')}
                extra={lockedHelp('description') ?? t('campaigns.form.descriptionHelp')}
              >
                <Input.TextArea
                  autoSize={{ minRows: 8, maxRows: 20 }}
                  placeholder={t('campaigns.form.descriptionPlaceholder')}
                  maxLength={20000}
                  disabled={!may('description')}
                  data-testid="campaign-description-input"
                />
              </Form.Item>
              <Form.Item label={t('campaigns.form.descriptionPreview')}>
                <DescriptionPreview source={description ?? ''} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={10}>
              <Form.Item
                name="coverImages"
                label={t('campaigns.form.coverImages')}
                extra={t('campaigns.form.coverImagesHelp')}
                rules={[
                  {
                    validator: async (_, urls: string[] | undefined) => {
                      const bad = (urls ?? []).some((u) => u.trim() && !/^https?:\/\/\S+$/i.test(u.trim()));
                      if (bad) throw new Error(t('products.fields.imageInvalid'));
                    },
                  },
                ]}
              >
                <ImagesInput disabled={readOnly || !may('coverImages')} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title={t('campaigns.form.rules')} variant="borderless" style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} md={12} lg={6}>
              <Form.Item
                name="startsAt"
                label={t('campaigns.form.startsAt')}
                extra={lockedHelp('startsAt')}
                rules={[{ required: true, message: t('campaigns.form.startsAtRequired') }]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabled={!may('startsAt')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item
                name="endsAt"
                label={t('campaigns.form.endsAt')}
                dependencies={['startsAt']}
                extra={campaign?.status === 'live' ? t('campaigns.form.extendOnly') : undefined}
                rules={[
                  { required: true, message: t('campaigns.form.endsAtRequired') },
                  ({ getFieldValue }) => ({
                    validator: async (_, value: dayjs.Dayjs | null) => {
                      const start = getFieldValue('startsAt') as dayjs.Dayjs | null;
                      if (!value || !may('endsAt')) return;
                      if (start && !value.isAfter(start)) throw new Error(t('campaigns.form.endsAfterStart'));
                      if (!value.isAfter(dayjs())) throw new Error(t('campaigns.form.endsInFuture'));
                      if (campaign?.status === 'live' && value.isBefore(dayjs(campaign.endsAt), 'minute')) {
                        throw new Error(t('campaigns.form.extendOnly'));
                      }
                    },
                  }),
                ]}
              >
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  style={{ width: '100%' }}
                  disabled={!may('endsAt')}
                  disabledDate={(d) =>
                    d.isBefore(dayjs(), 'day') ||
                    Boolean(startsAt && d.isBefore(startsAt, 'day')) ||
                    (campaign?.status === 'live' && d.isBefore(dayjs(campaign.endsAt), 'day'))
                  }
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={6}>
              <Form.Item
                name="warehouseId"
                label={t('campaigns.form.warehouse')}
                extra={lockedHelp('warehouseId') ?? (warehouseBlocked ? t('campaigns.form.warehouseBlocked') : undefined)}
                rules={[{ required: true, message: t('campaigns.form.warehouseRequired') }]}
              >
                {warehouseBlocked ? (
                  <Input className="mono" placeholder="wh_…" disabled={!may('warehouseId')} />
                ) : (
                  <Select
                    loading={warehouses.loading}
                    disabled={!may('warehouseId')}
                    placeholder={t('campaigns.form.warehousePlaceholder')}
                    options={warehouseOptions(warehouseList, initial.warehouseId)}
                  />
                )}
              </Form.Item>
            </Col>
            {canPickOrg && (
              <Col xs={24} md={12} lg={6}>
                <Form.Item name="orgUnitId" label={t('campaigns.form.orgUnit')} extra={t('campaigns.form.orgUnitHelp')}>
                  <OrgUnitSelect units={orgUnits.data} loading={orgUnits.loading} placeholder={t('campaigns.form.orgUnitPlaceholder')} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} lg={12}>
              <Form.Item label={t('campaigns.form.threshold')} extra={lockedHelp('threshold') ?? t('campaigns.form.thresholdHelp')} required>
                <Space wrap align="start">
                  <Form.Item name="thresholdKind" noStyle>
                    <Radio.Group
                      disabled={!may('threshold')}
                      options={THRESHOLDS.map((k) => ({ value: k, label: t(`campaigns.threshold.${k}`) }))}
                    />
                  </Form.Item>
                  {thresholdKind !== 'none' && (
                    <Form.Item
                      name="thresholdValue"
                      noStyle
                      rules={[{ required: true, message: t('campaigns.form.thresholdValueRequired') }]}
                    >
                      <InputNumber
                        min={1}
                        precision={0}
                        disabled={!may('threshold')}
                        style={{ width: 140 }}
                        suffix={thresholdKind === 'participants' ? t('campaigns.form.people') : t('campaigns.form.units')}
                        data-testid="threshold-value"
                      />
                    </Form.Item>
                  )}
                </Space>
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={12}>
              <Form.Item name="fulfilment" label={t('campaigns.form.fulfilment')} extra={lockedHelp('fulfilment')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  disabled={!may('fulfilment')}
                  options={FULFILMENTS.map((f) => ({ value: f, label: t(`campaigns.fulfilment.${f}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          title={t('campaigns.items.title')}
          variant="borderless"
          style={{ marginBottom: 16 }}
          extra={
            <Typography.Text type="secondary">
              {may('items') ? t('campaigns.items.help') : may('caps') ? t('campaigns.items.capsOnlyHelp') : null}
            </Typography.Text>
          }
        >
          <CampaignItemsTable itemsEditable={may('items')} capsEditable={may('items') || may('caps')} />
        </Card>

        <div className="form-footer">
          <Space>
            <Button disabled={false} onClick={() => navigate(campaign ? `/campaigns/${campaign.id}` : '/campaigns')}>
              {readOnly ? t('common.back') : t('common.cancel')}
            </Button>
            {!readOnly && (
              <Button type="primary" htmlType="submit" loading={saving} data-testid="campaign-save">
                {campaign ? t('common.save') : t('campaigns.form.createDraft')}
              </Button>
            )}
          </Space>
        </div>
      </Form>
    </PageContainer>
  );
}

function warehouseOptions(list: Warehouse[], current: string | undefined) {
  const options = list.map((w) => ({ value: w.id, label: `${w.name}（${w.code}）` }));
  if (current && !list.some((w) => w.id === current)) options.push({ value: current, label: current });
  return options;
}

/** The description as members will see it, updated as one types. */
function DescriptionPreview({ source }: { source: string }) {
  const { t } = useTranslation();
  return (
    <div className="markdown-preview" data-testid="campaign-description-preview">
      {source.trim() ? (
        <MarkdownView source={source} />
      ) : (
        <Typography.Text type="secondary">{t('campaigns.form.descriptionPreviewEmpty')}</Typography.Text>
      )}
    </div>
  );
}
