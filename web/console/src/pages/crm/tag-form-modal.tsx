import { useEffect, useMemo, useState } from 'react';
import { Col, Form, Input, Modal, Radio, Row, Select, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { TAG_COLORS, type CrmTag, type TagColor, type TagGroup } from '../../api/crm-types';
import { ProblemAlert } from '../../components/problem-alert';
import { crm, useRuleOptions } from './crm-data';
import { tagHex } from './crm-model';
import { RuleBuilder } from './rule-builder';
import { emptyRule, fromRule, ruleWith, type GroupDraft } from './rule-model';
import { RulePreviewPanel, saveProblemOf, useRulePreview, withSaveProblems, type SaveProblem } from './rule-preview';

/** What the live count looks at while the tag is manual: nothing to count. */
const NO_RULE = emptyRule();

interface TagForm {
  name: string;
  groupId: string | null;
  color: TagColor;
  kind: 'manual' | 'rule';
}

/** Picks one of the tag colours as a row of swatches. */
function ColorPicker({ value, onChange }: { value?: TagColor; onChange?: (c: TagColor) => void }) {
  const { t } = useTranslation();
  return (
    <div className="color-swatches" role="radiogroup">
      {TAG_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          aria-label={t(`crm.tagColors.${c}`)}
          title={t(`crm.tagColors.${c}`)}
          className={`color-swatch${value === c ? ' color-swatch-on' : ''}`}
          style={{ background: tagHex(c) }}
          onClick={() => onChange?.(c)}
          data-testid={`tag-color-${c}`}
        >
          {value === c && <CheckOutlined />}
        </button>
      ))}
    </div>
  );
}

/**
 * Creates a tag (manual, or a rule tag whose members follow its rule, edited with the segment rule
 * builder and counted live), or edits one: rename, regroup, recolour, and a rule tag's rule.
 */
export function TagFormModal({ open, tag, groups, onClose, onSaved }: { open: boolean; tag: CrmTag | null; groups: TagGroup[]; onClose: () => void; onSaved: (tag: CrmTag, created: boolean) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TagForm>();
  const kind = (Form.useWatch('kind', form) as TagForm['kind'] | undefined) ?? tag?.kind ?? 'manual';
  const options = useRuleOptions(open ? 1 : 0);
  const [draft, setDraft] = useState<GroupDraft>(() => emptyRule());
  const preview = useRulePreview(kind === 'rule' && open ? draft : NO_RULE, 0);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<SaveProblem | null>(null);

  // Each opening starts from the tag's rule, or from one condition for a new rule tag.
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setProblem(null);
    setDraft(tag?.rule ? fromRule(tag.rule) : ruleWith());
  }, [open, tag, form]);

  const problems = useMemo(() => withSaveProblems(preview.problems, problem, draft), [preview.problems, problem, draft]);

  const submit = async () => {
    let v: TagForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const rule = v.kind === 'rule' ? preview.built.rule : undefined;
    if (v.kind === 'rule' && !rule) return;
    setSaving(true);
    setProblem(null);
    try {
      const body = { name: v.name.trim(), groupId: v.groupId ?? null, color: v.color, ...(rule ? { rule } : {}) };
      const saved = tag ? await crm.updateTag(tag.id, body) : await crm.createTag({ ...body, kind: v.kind });
      onSaved(saved, !tag);
      onClose();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setProblem(saveProblemOf(err, form, ['name', 'groupId', 'color'], preview.built.paths, draft));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={tag ? t('crm.tags.form.editTitle', { name: tag.name }) : t('crm.tags.form.createTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={tag ? t('common.save') : t('common.create')}
      okButtonProps={{ disabled: kind === 'rule' && !preview.built.rule }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      destroyOnHidden
      width={kind === 'rule' ? 1040 : 560}
      data-testid="tag-form"
    >
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<TagForm>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ name: tag?.name ?? '', groupId: tag?.groupId ?? null, color: (tag?.color as TagColor | undefined) ?? 'blue', kind: tag?.kind ?? 'manual' }}
        style={{ marginTop: 16 }}
        onFinish={() => void submit()}
      >
        <Row gutter={16}>
          <Col xs={24} md={kind === 'rule' ? 8 : 24}>
            <Form.Item name="name" label={t('crm.tags.form.name')} rules={[{ required: true, whitespace: true, message: t('crm.tags.form.nameRequired') }, { max: 40 }]}>
              <Input maxLength={40} placeholder={t('crm.tags.form.namePlaceholder')} data-testid="tag-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={kind === 'rule' ? 8 : 24}>
            <Form.Item name="groupId" label={t('crm.tags.form.group')}>
              <Select allowClear placeholder={t('crm.tags.form.noGroup')} options={groups.map((g) => ({ value: g.id, label: g.name }))} data-testid="tag-group" />
            </Form.Item>
          </Col>
          <Col xs={24} md={kind === 'rule' ? 8 : 24}>
            <Form.Item name="color" label={t('crm.tags.form.color')}>
              <ColorPicker />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="kind" label={t('crm.tags.form.kind')} extra={t(`crm.tags.form.kindHelp.${kind}`)}>
          <Radio.Group optionType="button" disabled={Boolean(tag)} options={(['manual', 'rule'] as const).map((k) => ({ value: k, label: t(`crm.tagKinds.${k}`) }))} data-testid="tag-kind" />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
      {kind === 'rule' && (
        <Row gutter={16} align="top">
          <Col xs={24} lg={17}>
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              {t('crm.tags.form.ruleHint')}
            </Typography.Paragraph>
            <RuleBuilder value={draft} onChange={setDraft} options={options} problems={problems} issues={preview.built.issues} manualTagsOnly />
          </Col>
          <Col xs={24} lg={7}>
            <RulePreviewPanel preview={preview} compact />
          </Col>
        </Row>
      )}
    </Modal>
  );
}
