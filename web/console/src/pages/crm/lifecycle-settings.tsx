import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, InputNumber } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { LifecycleSettings } from '../../api/crm-types';
import { applyFieldErrors } from '../../components/form-errors';
import { ProblemAlert } from '../../components/problem-alert';
import { crm } from './crm-data';
import { isThresholdOrderMessage } from './crm-model';

const FIELDS: Array<{ key: keyof LifecycleSettings; min: number; max: number; unit: 'days' | 'orders' }> = [
  { key: 'newDays', min: 1, max: 365, unit: 'days' },
  { key: 'activeDays', min: 1, max: 3650, unit: 'days' },
  { key: 'repeatOrders', min: 2, max: 100, unit: 'orders' },
  { key: 'dormantDays', min: 2, max: 3650, unit: 'days' },
  { key: 'churnedDays', min: 3, max: 3650, unit: 'days' },
];

/**
 * 阶段阈值: the days and order count that decide each stage. The owner saves them (every profile is
 * then recomputed in the background); operators read them. The server checks that active < dormant
 * < churned days, and its message shows at the field it names.
 */
export function LifecycleSettingsCard({ settings, canEdit, onSaved }: { settings: LifecycleSettings; canEdit: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<LifecycleSettings>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);

  useEffect(() => form.setFieldsValue(settings), [settings, form]);

  const save = async () => {
    let values: LifecycleSettings;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      await crm.setLifecycleSettings(values);
      message.success(t('crm.lifecycle.settings.saved'));
      onSaved();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The order rule comes back in English: show it in the UI language.
      const localized = new ApiError({ ...err.problem, errors: err.fieldErrors.map((e) => (isThresholdOrderMessage(e.message) ? { ...e, message: t('crm.lifecycle.settings.orderError') } : e)) });
      const applied = applyFieldErrors(form, localized, (p) => (FIELDS.some((f) => f.key === p[0]) ? p : null));
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card variant="borderless" title={t('crm.lifecycle.settings.title')} data-testid="lifecycle-settings">
      {!canEdit && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('crm.lifecycle.settings.readOnly')} />}
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<LifecycleSettings> form={form} layout="horizontal" labelCol={{ flex: '120px' }} labelWrap disabled={!canEdit} initialValues={settings}>
        {FIELDS.map((f) => (
          <Form.Item
            key={f.key}
            name={f.key}
            label={t(`crm.lifecycle.settings.fields.${f.key}`)}
            extra={t(`crm.lifecycle.settings.help.${f.key}`)}
            rules={[{ required: true, type: 'integer', min: f.min, max: f.max, message: t('crm.lifecycle.settings.range', { min: f.min, max: f.max }) }]}
          >
            <InputNumber min={f.min} max={f.max} precision={0} suffix={t(`crm.lifecycle.settings.units.${f.unit}`)} style={{ width: 140 }} data-testid={`settings-${f.key}`} />
          </Form.Item>
        ))}
        {canEdit && (
          <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="lifecycle-settings-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
