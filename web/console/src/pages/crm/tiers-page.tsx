import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, AutoComplete, Button, Card, Form, Input, InputNumber, Radio, Select, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useMe } from '../../session';
import { crmExtraClient, type TierList, type TierRow } from '../../../../shared/crm-extra-types';
import { knownEventType } from './crm-model';
import { EmptyState } from './crm-ui';
import { useCrmxT } from './crm-extra-i18n-hook';
import { byRank, formFieldOf, formToRules, RULE_LIMITS, rulesToForm, SUGGESTED_POINT_EVENTS, tierMessageCode, type TierRulesForm } from './tiers-model';
import { TierCreateModal } from './tier-create-modal';
import { ThresholdText } from './tiers-ui';

const crmx = crmExtraClient(api);

/**
 * 会员等级: the tiers with their thresholds, perks and how many hold each now, and the tier rules
 * (by spend or points over a rolling window, with a grace period), which the owner edits here. The
 * owner also creates tiers here; a new one is offered at once in the rules' levels.
 */
export function TiersPage() {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const isOwner = me.actor.role === 'owner';
  const [version, setVersion] = useState(0);
  const [creating, setCreating] = useState(false);
  const list = useApiData(() => crmx.tiers(), `crm-tiers:${version}`);
  const data = list.data;

  return (
    <PageContainer
      title={tx('tiers.title')}
      intro={tx('tiers.intro')}
      extra={
        isOwner && (
          <Button type="primary" icon={<PlusOutlined />} disabled={!data} onClick={() => setCreating(true)} data-testid="tier-new">
            {t('crm.tierCreate.button')}
          </Button>
        )
      }
    >
      {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
      {!data ? (
        !list.error && (
          <Card variant="borderless">
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        )
      ) : data.tiers.length === 0 ? (
        <Card variant="borderless">
          <EmptyState text={tx('tiers.noTiers')} hint={t(isOwner ? 'crm.tierCreate.emptyHintOwner' : 'crm.tierCreate.emptyHint')} />
        </Card>
      ) : (
        <>
          <TiersCard data={data} />
          <TierRulesCard data={data} canEdit={isOwner} onSaved={() => setVersion((v) => v + 1)} />
        </>
      )}
      {isOwner && (
        <TierCreateModal
          open={creating}
          tiers={data?.tiers ?? []}
          onClose={() => setCreating(false)}
          onCreated={(tier) => {
            message.success(t(data?.rules ? 'crm.tierCreate.createdWithRules' : 'crm.tierCreate.created', { name: tier.name }));
            setVersion((v) => v + 1);
          }}
        />
      )}
    </PageContainer>
  );
}

function TiersCard({ data }: { data: TierList }) {
  const tx = useCrmxT();
  const rules = data.rules;
  const columns: TableColumnsType<TierRow> = [
    {
      title: tx('tiers.columns.tier'),
      key: 'name',
      width: 160,
      render: (_, r) => (
        <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="tier-name">
          {r.name}
        </Tag>
      ),
    },
    { title: tx('tiers.columns.rank'), dataIndex: 'rank', width: 90, render: (v: number) => tx('tiers.rankN', { rank: v }) },
    { title: tx('tiers.columns.threshold'), key: 'threshold', width: 150, render: (_, r) => <ThresholdText basis={rules?.basis} threshold={r.threshold} tx={tx} /> },
    { title: tx('tiers.columns.perks'), dataIndex: 'perks', render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: tx('tiers.columns.members'),
      dataIndex: 'profiles',
      width: 100,
      align: 'right',
      render: (v: number) => (
        <Typography.Text strong data-testid="tier-members">
          {v.toLocaleString('zh-CN')}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Card
      variant="borderless"
      title={tx('tiers.title')}
      style={{ marginBottom: 16 }}
      extra={
        rules && (
          <Typography.Text type="secondary" data-testid="tier-rules-summary">
            {tx('tiers.summary', { basis: rules.basis === 'spend' ? tx('tiers.rules.basisSpend') : tx('tiers.rules.basisPoints'), window: rules.windowDays, grace: rules.graceDays })}
          </Typography.Text>
        )
      }
      data-testid="tiers"
    >
      {!rules && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={tx('tiers.manual')} />}
      <Table<TierRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={byRank(data.tiers)}
        pagination={false}
        scroll={{ x: 640 }}
        footer={() => (
          <Typography.Text type="secondary" data-testid="tier-without">
            {tx('tiers.withoutTier', { count: data.withoutTier.toLocaleString('zh-CN') })}
          </Typography.Text>
        )}
        data-testid="tiers-table"
      />
    </Card>
  );
}

/**
 * The owner's rules form. Thresholds are typed in yuan for spend (sent as fen) or points; the form
 * checks what it can (thresholds rising with rank, event names) and shows the server's field errors
 * at the field they name (`levels.1.threshold`).
 */
function TierRulesCard({ data, canEdit, onSaved }: { data: TierList; canEdit: boolean; onSaved: () => void }) {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<TierRulesForm>();
  const initial = useMemo(() => rulesToForm(data), [data]);
  const basis = Form.useWatch('basis', form) ?? initial.basis;
  const levels = Form.useWatch('levels', form) ?? initial.levels;
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError | null; extra: string[] } | null>(null);
  const ranks = useMemo(() => new Map(data.tiers.map((x) => [x.id, x.rank])), [data.tiers]);
  const tiers = useMemo(() => byRank(data.tiers), [data.tiers]);

  // New data resets the form (after a save), except when only the tiers changed (one was just
  // created) while the owner has unsaved edits: those stay, and the new tier joins the choices.
  const rulesKey = useMemo(() => JSON.stringify(data.rules), [data.rules]);
  const shownRules = useRef(rulesKey);
  useEffect(() => {
    const rulesChanged = shownRules.current !== rulesKey;
    shownRules.current = rulesKey;
    if (!rulesChanged && form.isFieldsTouched()) return;
    form.resetFields();
    setProblem(null);
  }, [initial, rulesKey, form]);

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    const values = form.getFieldsValue(true) as TierRulesForm;
    setProblem(null);
    const checked = formToRules(values, ranks);
    if (!checked.ok) {
      const general = checked.issues.filter((i) => i.name.length === 1 && i.name[0] === 'levels');
      form.setFields(checked.issues.filter((i) => !general.includes(i)).map((i) => ({ name: i.name as never, errors: [tx(`tiers.errors.${i.code}`)] })));
      if (general.length) setProblem({ error: null, extra: general.map((i) => tx(`tiers.errors.${i.code}`)) });
      return;
    }
    setSaving(true);
    try {
      await crmx.setTierRules(checked.rules);
      message.success(tx('tiers.rules.saved'));
      onSaved();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const localized = new ApiError({
        ...err.problem,
        errors: err.fieldErrors.map((e) => {
          const code = tierMessageCode(e.message);
          return code ? { ...e, message: tx(`tiers.errors.${code}`) } : e;
        }),
      });
      const applied = applyFieldErrors(form, localized, (p) => formFieldOf(p, values));
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSaving(false);
    }
  };

  const used = new Set((levels ?? []).map((l) => l?.tierId).filter(Boolean));
  const nextUnused = tiers.find((x) => !used.has(x.id));
  const eventOptions = SUGGESTED_POINT_EVENTS.map((e) => {
    const known = knownEventType(e);
    return { value: e, label: known ? `${t(`crm.eventTypes.${known}`)} · ${e}` : e };
  });

  return (
    <Card variant="borderless" title={tx('tiers.rules.title')} data-testid="tier-rules">
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={tx('tiers.rules.readOnly')} />}
      {problem && (problem.error ? <ProblemAlert error={problem.error} extra={problem.extra} /> : <Alert type="error" showIcon style={{ marginBottom: 16 }} title={problem.extra.join('；')} />)}
      <Form<TierRulesForm>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '128px' }}
        labelWrap
        disabled={!canEdit}
        initialValues={initial}
        style={{ maxWidth: 880 }}
        onValuesChange={(changed: Partial<TierRulesForm>) => {
          // A threshold's problem was about the old basis (yuan or points): check again on save.
          if (changed.basis) form.setFields((form.getFieldValue('levels') as unknown[] | undefined ?? []).map((_, i) => ({ name: ['levels', i, 'threshold'] as never, errors: [] })));
        }}
      >
        <Form.Item name="basis" label={tx('tiers.rules.basis')} extra={tx(`tiers.rules.basisHelp.${basis}`)}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'spend', label: tx('tiers.rules.basisSpend') },
              { value: 'points', label: tx('tiers.rules.basisPoints') },
            ]}
            data-testid="tier-basis"
          />
        </Form.Item>
        {data.rules && basis !== data.rules.basis && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={tx('tiers.rules.basisChanged')} />}
        <Form.Item
          name="windowDays"
          label={tx('tiers.rules.windowDays')}
          extra={tx('tiers.rules.windowHelp')}
          rules={[{ required: true, type: 'integer', min: RULE_LIMITS.windowDays[0], max: RULE_LIMITS.windowDays[1], message: tx('tiers.rules.windowHelp') }]}
        >
          <InputNumber min={RULE_LIMITS.windowDays[0]} max={RULE_LIMITS.windowDays[1]} precision={0} suffix={tx('tiers.rules.days')} style={{ width: 150 }} data-testid="tier-window" />
        </Form.Item>
        <Form.Item
          name="graceDays"
          label={tx('tiers.rules.graceDays')}
          extra={tx('tiers.rules.graceHelp')}
          rules={[{ required: true, type: 'integer', min: RULE_LIMITS.graceDays[0], max: RULE_LIMITS.graceDays[1], message: tx('tiers.rules.graceHelp') }]}
        >
          <InputNumber min={RULE_LIMITS.graceDays[0]} max={RULE_LIMITS.graceDays[1]} precision={0} suffix={tx('tiers.rules.days')} style={{ width: 150 }} data-testid="tier-grace" />
        </Form.Item>
        {basis === 'points' && (
          <>
            <Form.Item name="perYuan" label={tx('tiers.rules.perYuan')} rules={[{ required: true, type: 'integer', min: RULE_LIMITS.perYuan[0], max: RULE_LIMITS.perYuan[1] }]}>
              <InputNumber min={RULE_LIMITS.perYuan[0]} max={RULE_LIMITS.perYuan[1]} precision={0} suffix={tx('tiers.rules.pointsUnit')} style={{ width: 150 }} data-testid="tier-per-yuan" />
            </Form.Item>
            <Form.Item label={tx('tiers.rules.events')} extra={tx('tiers.rules.eventsHelp')}>
              <Form.List name="events">
                {(fields, { add, remove }) => (
                  <div data-testid="tier-events">
                    {fields.map(({ key, name }) => (
                      <div key={key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                        <Form.Item name={[name, 'type']} style={{ width: 240, marginBottom: 8 }}>
                          <AutoComplete options={eventOptions} placeholder={tx('tiers.rules.eventTypePlaceholder')} aria-label={tx('tiers.rules.eventType')} />
                        </Form.Item>
                        <Form.Item name={[name, 'points']} style={{ width: 140, marginBottom: 8 }}>
                          <InputNumber min={RULE_LIMITS.eventPoints[0]} max={RULE_LIMITS.eventPoints[1]} precision={0} suffix={tx('tiers.rules.pointsUnit')} aria-label={tx('tiers.rules.eventPoints')} style={{ width: '100%' }} />
                        </Form.Item>
                        {canEdit && <Button type="text" icon={<MinusCircleOutlined />} aria-label={tx('tiers.rules.removeLevel')} onClick={() => remove(name)} />}
                      </div>
                    ))}
                    {canEdit && (
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: '', points: 5 })}>
                        {tx('tiers.rules.addEvent')}
                      </Button>
                    )}
                  </div>
                )}
              </Form.List>
            </Form.Item>
          </>
        )}
        <Form.Item label={tx('tiers.rules.levels')} extra={tx('tiers.rules.levelsHelp')} required>
          <Form.List name="levels">
            {(fields, { add, remove }) => (
              <div data-testid="tier-levels">
                {fields.length > 0 && (
                  <div style={{ display: 'flex', gap: 8, marginBottom: 4, color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
                    <span style={{ width: 150 }}>{tx('tiers.rules.tier')}</span>
                    <span style={{ width: 160 }}>{basis === 'spend' ? tx('tiers.rules.thresholdSpend') : tx('tiers.rules.thresholdPoints')}</span>
                    <span style={{ flex: 1 }}>{tx('tiers.rules.perks')}</span>
                    {canEdit && <span style={{ width: 32 }} />}
                  </div>
                )}
                {fields.map(({ key, name }) => (
                  <div key={key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }} data-testid="tier-level">
                    <Form.Item name={[name, 'tierId']} style={{ width: 150, marginBottom: 8 }}>
                      <Select placeholder={tx('tiers.rules.tierPlaceholder')} options={tiers.map((x) => ({ value: x.id, label: x.name }))} aria-label={tx('tiers.rules.tier')} data-testid="tier-level-tier" />
                    </Form.Item>
                    <Form.Item name={[name, 'threshold']} style={{ width: 160, marginBottom: 8 }}>
                      <Input
                        inputMode={basis === 'spend' ? 'decimal' : 'numeric'}
                        prefix={basis === 'spend' ? '¥' : undefined}
                        suffix={basis === 'points' ? tx('tiers.rules.pointsUnit') : undefined}
                        aria-label={basis === 'spend' ? tx('tiers.rules.thresholdSpend') : tx('tiers.rules.thresholdPoints')}
                        data-testid="tier-level-threshold"
                      />
                    </Form.Item>
                    <Form.Item name={[name, 'perks']} style={{ flex: 1, minWidth: 0, marginBottom: 8 }}>
                      <Input maxLength={500} placeholder={tx('tiers.rules.perksPlaceholder')} aria-label={tx('tiers.rules.perks')} data-testid="tier-level-perks" />
                    </Form.Item>
                    {canEdit && <Button type="text" icon={<MinusCircleOutlined />} aria-label={tx('tiers.rules.removeLevel')} onClick={() => remove(name)} />}
                  </div>
                ))}
                {canEdit && (
                  <Button type="dashed" icon={<PlusOutlined />} disabled={!nextUnused} onClick={() => add({ tierId: nextUnused?.id, threshold: null, perks: '' })} data-testid="tier-add-level">
                    {tx('tiers.rules.addLevel')}
                  </Button>
                )}
              </div>
            )}
          </Form.List>
        </Form.Item>
        {canEdit && (
          <Form.Item label=" " colon={false} extra={tx('tiers.rules.saveHint')}>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="tier-rules-save">
              {tx('tiers.rules.save')}
            </Button>
          </Form.Item>
        )}
      </Form>
    </Card>
  );
}
