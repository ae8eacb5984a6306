import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Segment } from '../../api/crm-types';
import { ProblemAlert } from '../../components/problem-alert';
import { crm, useRuleOptions } from './crm-data';
import { RuleBuilder } from './rule-builder';
import { emptyRule, fromRule, sameRule, type GroupDraft } from './rule-model';
import { RulePreviewPanel, saveProblemOf, useRulePreview, withSaveProblems, type SaveProblem } from './rule-preview';

interface SegmentForm {
  name: string;
  description: string;
}

/**
 * A segment's name, description and rule, with the live count beside the rule. Saving creates the
 * segment (or changes it); the server's errors show on the name and at the conditions they name.
 */
export function SegmentEditor({ segment, onSaved }: { segment?: Segment; onSaved: (saved: Segment, created: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SegmentForm>();
  const options = useRuleOptions();
  const [draft, setDraft] = useState<GroupDraft>(() => (segment ? fromRule(segment.rule) : emptyRule()));
  const preview = useRulePreview(draft);
  const [saving, setSaving] = useState(false);
  const [saveProblem, setSaveProblem] = useState<SaveProblem | null>(null);
  const ruleChanged = segment ? !sameRule(preview.built.rule, segment.rule) : false;
  const problems = useMemo(() => withSaveProblems(preview.problems, saveProblem, draft), [preview.problems, saveProblem, draft]);

  const save = async () => {
    let values: SegmentForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const rule = preview.built.rule;
    if (!rule) {
      message.warning(t('crm.segment.finishRule'));
      return;
    }
    setSaving(true);
    setSaveProblem(null);
    try {
      const body = { name: values.name.trim(), description: (values.description ?? '').trim(), rule };
      const saved = segment ? await crm.updateSegment(segment.id, body) : await crm.createSegment(body);
      onSaved(saved, !segment);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setSaveProblem(saveProblemOf(err, form, ['name', 'description'], preview.built.paths, draft));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="segment-editor">
      {saveProblem && <ProblemAlert error={saveProblem.error} extra={saveProblem.extra} />}
      {preview.unmatched.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={preview.unmatched[0]} description={preview.unmatched.slice(1).join('；') || undefined} data-testid="rule-unmatched" />}
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Form<SegmentForm> form={form} layout="vertical" initialValues={{ name: segment?.name ?? '', description: segment?.description ?? '' }} className="segment-form">
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="name" label={t('crm.segment.name')} rules={[{ required: true, whitespace: true, message: t('crm.segment.nameRequired') }, { max: 40 }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('crm.segment.namePlaceholder')} maxLength={40} data-testid="segment-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item name="description" label={t('crm.segment.description')} rules={[{ max: 200 }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('crm.segment.descriptionPlaceholder')} maxLength={200} data-testid="segment-description" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Row gutter={16} align="top">
        <Col xs={24} xl={17}>
          <Card variant="borderless" title={t('crm.rule.title')} style={{ marginBottom: 16 }} extra={ruleChanged ? <span className="rule-changed">{t('crm.segment.ruleChanged')}</span> : undefined}>
            <RuleBuilder value={draft} onChange={setDraft} options={options} problems={problems} issues={preview.built.issues} />
          </Card>
        </Col>
        <Col xs={24} xl={7} className="rule-preview-col">
          <RulePreviewPanel preview={preview} />
        </Col>
      </Row>
      <div className="form-footer">
        <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="segment-save">
          {t('crm.segment.save')}
        </Button>
      </div>
    </div>
  );
}
