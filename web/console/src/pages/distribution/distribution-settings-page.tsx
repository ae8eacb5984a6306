import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Skeleton, Switch, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { BindingMode, DistributionSettings } from '../../api/distribution-types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { applyFieldErrors } from '../../components/form-errors';
import { fenToYuan, yuanToFen } from '../../../../shared/money';

interface SettingsForm {
  bindingMode: BindingMode;
  protectionDays: number;
  afterSaleDays: number;
  level2Enabled: boolean;
  membersEarn: boolean;
  payoutMinimum: string;
}

function toForm(s: DistributionSettings): SettingsForm {
  return {
    bindingMode: s.bindingMode,
    protectionDays: s.protectionDays,
    afterSaleDays: s.afterSaleDays,
    level2Enabled: s.level2Enabled,
    membersEarn: s.membersEarn,
    payoutMinimum: fenToYuan(s.payoutMinimumFen),
  };
}

/** 分销设置: binding, after-sale window, who earns, payout minimum. The owner edits; others read. */
export function DistributionSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canEdit = can('distribution.manage');
  const settings = useApiData(() => api.get<DistributionSettings>('/distribution/settings'), 'distribution-settings');
  const [form] = Form.useForm<SettingsForm>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const bindingMode = Form.useWatch('bindingMode', form) as BindingMode | undefined;

  useEffect(() => {
    if (settings.data) form.setFieldsValue(toForm(settings.data));
  }, [settings.data, form]);

  const save = async () => {
    let v: SettingsForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await api.patch<DistributionSettings>('/distribution/settings', {
        bindingMode: v.bindingMode,
        protectionDays: v.protectionDays,
        afterSaleDays: v.afterSaleDays,
        level2Enabled: v.level2Enabled,
        membersEarn: v.membersEarn,
        payoutMinimumFen: yuanToFen(v.payoutMinimum) ?? 0,
      });
      message.success(t('distribution.settings.saved'));
      settings.reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, (p) => (p[0] === 'payoutMinimumFen' ? ['payoutMinimum'] : p));
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSaving(false);
    }
  };

  const days = (max: number) => [
    { required: true, type: 'integer' as const, min: 0, max, message: t('distribution.settings.numberInvalid', { max }) },
  ];

  return (
    <PageContainer title={t('distribution.settings.title')} intro={t('distribution.settings.intro')}>
      {settings.error && <ProblemAlert error={settings.error} onRetry={settings.reload} />}
      {!settings.data ? (
        !settings.error && (
          <Card variant="borderless">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )
      ) : (
        <Form<SettingsForm>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '160px' }}
          labelWrap
          disabled={!canEdit}
          initialValues={toForm(settings.data)}
          data-testid="distribution-settings"
        >
          <div style={{ maxWidth: 880 }}>
            {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('distribution.settings.readOnly')} />}
            {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
            <Card variant="borderless" title={t('distribution.settings.binding')} style={{ marginBottom: 16 }}>
              <Form.Item
                name="bindingMode"
                label={t('distribution.settings.bindingMode')}
                extra={bindingMode ? t(`distribution.settings.bindingHelp.${bindingMode}`) : undefined}
              >
                <Radio.Group
                  optionType="button"
                  options={(['first_touch', 'last_touch'] as const).map((m) => ({ value: m, label: t(`distribution.settings.bindingModes.${m}`) }))}
                />
              </Form.Item>
              {bindingMode === 'first_touch' && (
                <Form.Item name="protectionDays" label={t('distribution.settings.protectionDays')} rules={days(3650)}>
                  <InputNumber min={0} max={3650} precision={0} suffix={t('distribution.settings.days')} style={{ width: 160 }} />
                </Form.Item>
              )}
              <Form.Item
                name="afterSaleDays"
                label={t('distribution.settings.afterSaleDays')}
                extra={t('distribution.settings.afterSaleHelp')}
                rules={days(365)}
              >
                <InputNumber min={0} max={365} precision={0} suffix={t('distribution.settings.days')} style={{ width: 160 }} />
              </Form.Item>
            </Card>
            <Card variant="borderless" title={t('distribution.settings.rewards')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
                {t('distribution.twoLevels')}
              </Typography.Paragraph>
              <Form.Item name="level2Enabled" label={t('distribution.settings.level2Enabled')} valuePropName="checked" extra={t('distribution.settings.level2Help')}>
                <Switch data-testid="settings-level2" />
              </Form.Item>
              <Form.Item name="membersEarn" label={t('distribution.settings.membersEarn')} valuePropName="checked" extra={t('distribution.settings.membersEarnHelp')}>
                <Switch data-testid="settings-members-earn" />
              </Form.Item>
            </Card>
            <Card variant="borderless" title={t('distribution.settings.payout')} style={{ marginBottom: 16 }}>
              <Form.Item
                name="payoutMinimum"
                label={t('distribution.settings.payoutMinimum')}
                extra={t('distribution.settings.payoutMinimumHelp')}
                rules={[
                  {
                    validator: async (_, v: string | undefined) => {
                      if (yuanToFen(v ?? '') === null) throw new Error(t('distribution.rule.yuanInvalid'));
                    },
                  },
                ]}
              >
                <Input prefix="¥" inputMode="decimal" style={{ width: 160 }} data-testid="settings-payout-minimum" />
              </Form.Item>
            </Card>
          </div>
          {canEdit && (
            <div className="form-footer">
              <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="settings-save">
                {t('common.save')}
              </Button>
            </div>
          )}
        </Form>
      )}
    </PageContainer>
  );
}
