import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Skeleton, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { CommissionPolicy, DistributionSettings, PolicyScopeKind, PolicyView } from '../../api/distribution-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { applyFieldErrors } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { formToRules, rulesSummary, rulesToForm, totalRateBps } from './distribution-model';
import { PolicyRulesFields, rulesErrorPath, type WithRules } from './policy-rules-fields';
import { PolicyOverrideModal } from './policy-override-modal';
import { EmptyHint } from './distribution-ui';

interface DefaultForm extends WithRules {
  note: string;
}

const SCOPE_COLORS: Record<PolicyScopeKind, string> = { tenant: 'default', campaign: 'orange', product: 'blue', sku: 'purple' };

/** The tenant's default policy (one form), and the exceptions per campaign / product / SKU. */
function DefaultPolicyCard(props: { view: PolicyView; canEdit: boolean; level2Enabled?: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<DefaultForm>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const policy = props.view.policy;

  useEffect(() => {
    form.setFieldsValue({ rules: rulesToForm(policy?.rules), note: policy?.note ?? '' });
  }, [policy, form]);

  const save = async () => {
    let values: DefaultForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const rules = formToRules(values.rules);
    // Rates over 100% in total are already flagged under the slots; the server would refuse them too.
    if (!rules || totalRateBps(rules) > 10_000) return;
    setSaving(true);
    setProblem(null);
    try {
      await api.put<CommissionPolicy>('/distribution/policy', { scope: { kind: 'tenant' }, rules, note: (values.note ?? '').trim() });
      message.success(t('distribution.policies.saved'));
      props.onSaved();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, rulesErrorPath);
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      variant="borderless"
      title={t('distribution.policies.tenantDefault')}
      extra={
        policy ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {policy.updatedByName || policy.updatedBy === me.actor.id
              ? t('distribution.policies.updated', { time: formatDateTime(policy.updatedAt), by: policy.updatedByName || me.actor.name })
              : t('distribution.policies.updatedAt', { time: formatDateTime(policy.updatedAt) })}
          </Typography.Text>
        ) : null
      }
      style={{ marginBottom: 16 }}
      data-testid="default-policy"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('distribution.policies.tenantDefaultHelp')}
      </Typography.Paragraph>
      {!policy && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('distribution.policies.notSet')} />}
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<DefaultForm> form={form} layout="vertical" disabled={!props.canEdit} initialValues={{ rules: rulesToForm(policy?.rules), note: policy?.note ?? '' }}>
        <PolicyRulesFields form={form} disabled={!props.canEdit} level2Enabled={props.level2Enabled} />
        <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', marginTop: 16 }}>
          <Form.Item name="note" style={{ flex: 1, maxWidth: 480, marginBottom: 0 }}>
            <Input
              maxLength={200}
              prefix={<Typography.Text type="secondary">{t('distribution.policies.note')}</Typography.Text>}
              placeholder={t('distribution.policies.notePlaceholder')}
            />
          </Form.Item>
          {props.canEdit && (
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="default-policy-save">
              {t('common.save')}
            </Button>
          )}
        </div>
      </Form>
    </Card>
  );
}

/** 佣金规则: the two-level limit stated up front, the default policy, then the exceptions. */
export function PoliciesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const canEdit = can('distribution.manage');
  const tenantView = useApiData(() => api.get<PolicyView>('/distribution/policy', { scope: 'tenant' }), 'tenant-policy');
  const list = useApiData(() => api.get<{ items: CommissionPolicy[] }>('/distribution/policies'), 'policies');
  const settings = useApiData(() => api.get<DistributionSettings>('/distribution/settings'), 'distribution-settings');
  const [modalState, setModalState] = useState<{ open: boolean; editing: CommissionPolicy | null }>({ open: false, editing: null });
  const overrides = (list.data?.items ?? []).filter((p) => p.scope.kind !== 'tenant');
  const level2Enabled = settings.data?.level2Enabled;

  const reloadAll = () => {
    tenantView.reload();
    list.reload();
  };

  const confirmDelete = (p: CommissionPolicy) =>
    modal.confirm({
      title: t('distribution.policies.deleteConfirm', { label: p.scope.label }),
      content: t('distribution.policies.deleteConfirmHelp'),
      okText: t('common.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.delete('/distribution/policy', { scope: p.scope.kind, id: p.scope.id });
          message.success(t('distribution.policies.deleted'));
          list.reload();
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const columns: TableColumnsType<CommissionPolicy> = [
    {
      title: t('distribution.policies.columns.scope'),
      key: 'scope',
      width: 360,
      render: (_, p) => (
        <Space size={8}>
          <Tag color={SCOPE_COLORS[p.scope.kind]} style={{ marginInlineEnd: 0 }}>
            {t(`distribution.policies.scopeKinds.${p.scope.kind}`)}
          </Tag>
          <Typography.Text strong ellipsis={{ tooltip: p.scope.label }} style={{ maxWidth: 280 }}>
            {p.scope.label}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('distribution.policies.columns.rules'),
      key: 'rules',
      render: (_, p) => rulesSummary(t, p.rules),
    },
    {
      title: t('distribution.policies.columns.note'),
      dataIndex: 'note',
      width: 180,
      ellipsis: true,
      render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('distribution.policies.columns.updatedAt'),
      dataIndex: 'updatedAt',
      width: 150,
      render: (v: string) => formatDateTime(v),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, p: CommissionPolicy) => (
              <Space size={12}>
                <a onClick={() => setModalState({ open: true, editing: p })}>{t('common.edit')}</a>
                <a className="link-danger" onClick={() => confirmDelete(p)}>
                  {t('common.remove')}
                </a>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <PageContainer title={t('distribution.policies.title')} intro={t('distribution.policies.intro')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('distribution.twoLevels')} data-testid="two-levels" />
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('distribution.policies.readOnly')} />}
      {tenantView.error && <ProblemAlert error={tenantView.error} onRetry={tenantView.reload} />}
      {tenantView.data ? (
        <DefaultPolicyCard view={tenantView.data} canEdit={canEdit} level2Enabled={level2Enabled} onSaved={reloadAll} />
      ) : (
        !tenantView.error && (
          <Card variant="borderless" style={{ marginBottom: 16 }}>
            <Skeleton active paragraph={{ rows: 4 }} />
          </Card>
        )
      )}
      <Card
        variant="borderless"
        title={t('distribution.policies.overrides')}
        extra={
          canEdit && (
            <Button icon={<PlusOutlined />} onClick={() => setModalState({ open: true, editing: null })} data-testid="override-add">
              {t('distribution.policies.addOverride')}
            </Button>
          )
        }
      >
        {list.error && <ProblemAlert error={list.error} onRetry={list.reload} />}
        <Table<CommissionPolicy>
          rowKey="id"
          columns={columns}
          dataSource={overrides}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{
            emptyText: list.loading ? (
              ' '
            ) : (
              <EmptyHint text={t('distribution.policies.empty')} hint={t('distribution.policies.emptyHint')} />
            ),
          }}
          data-testid="override-table"
        />
      </Card>
      <PolicyOverrideModal
        open={modalState.open}
        editing={modalState.editing}
        level2Enabled={level2Enabled}
        onClose={() => setModalState((s) => ({ ...s, open: false }))}
        onSaved={() => {
          message.success(t('distribution.policies.saved'));
          list.reload();
        }}
      />
    </PageContainer>
  );
}
