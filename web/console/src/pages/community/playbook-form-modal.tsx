import { App, Button, Form, Input, Select, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { PLAYBOOK_STEP_KINDS, type Playbook } from '../../api/community-types';
import { FormModal } from '../../components/form-modal';
import { withLocalizedFieldErrors } from './community-model';
import { addStep, MAX_PLAYBOOK_STEPS, MAX_STEP_TEXT, moveStep, removeStep, stepHasText, stepsRequest, stepTextRequired, type StepDraft } from './playbook-model';

interface PlaybookForm {
  name: string;
  description?: string;
  steps: StepDraft[];
}

/**
 * A new playbook (owners and operators): a name, a description and an ordered list of steps, each a
 * kind and, for announcements and operator notes, a text. Steps are added, moved up or down and
 * removed; the server's field errors (e.g. `steps.0.text`) land on the step they name.
 */
export function PlaybookFormModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (playbook: Playbook) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlaybookForm>();
  const steps = (Form.useWatch('steps', form) ?? []) as StepDraft[];
  const current = (): StepDraft[] => (form.getFieldValue('steps') as StepDraft[] | undefined) ?? [];
  const setSteps = (next: StepDraft[]) => {
    form.setFieldValue('steps', next);
    // Errors belong to positions; after a move or a removal they would point at the wrong step.
    void form.validateFields([['steps']]).catch(() => undefined);
    form.setFields(next.map((_, i) => ({ name: ['steps', i, 'text'], errors: [] })));
  };

  return (
    <FormModal<PlaybookForm>
      title={t('community.playbooks.form.title')}
      open={open}
      onClose={onClose}
      form={form}
      fields={['name', 'description', 'steps']}
      width={680}
      initialValues={{ steps: [{ kind: 'mute_group', text: '' }] }}
      submit={async (values) => {
        const created = await api
          .post<Playbook>('/playbooks', { name: values.name.trim(), description: (values.description ?? '').trim(), steps: stepsRequest(values.steps ?? []) })
          .catch((err: unknown) => {
            throw withLocalizedFieldErrors(err);
          });
        message.success(t('community.playbooks.form.created', { name: created.name }));
        onCreated(created);
      }}
    >
      <div data-testid="playbook-form">
        <Form.Item name="name" label={t('community.playbooks.form.name')} rules={[{ required: true, whitespace: true, message: t('community.playbooks.form.nameRequired') }]}>
          <Input maxLength={60} autoFocus placeholder={t('community.playbooks.form.namePlaceholder')} data-testid="playbook-name" />
        </Form.Item>
        <Form.Item name="description" label={t('community.playbooks.form.description')}>
          <Input.TextArea rows={2} maxLength={500} placeholder={t('community.playbooks.form.descriptionPlaceholder')} data-testid="playbook-description" />
        </Form.Item>
        <Form.Item label={t('community.playbooks.form.steps')} required extra={t('community.playbooks.form.stepsHelp', { max: MAX_PLAYBOOK_STEPS })} style={{ marginBottom: 8 }}>
          <Form.List
            name="steps"
            rules={[
              {
                validator: async (_, value: StepDraft[] | undefined) => {
                  if (!value || value.length === 0) throw new Error(t('community.playbooks.form.stepsRequired'));
                },
              },
            ]}
          >
            {(fields, _ops, { errors }) => (
              <div className="step-editor" data-testid="step-editor">
                {fields.map((field, index) => {
                  const kind = steps[index]?.kind ?? 'mute_group';
                  return (
                    <div key={field.key} className="step-editor-row" data-testid="step-row">
                      <span className="step-index">{index + 1}</span>
                      <div className="step-editor-fields">
                        <Form.Item name={[field.name, 'kind']} style={{ marginBottom: stepHasText(kind) ? 8 : 0 }}>
                          <Select
                            style={{ width: '100%' }}
                            options={PLAYBOOK_STEP_KINDS.map((k) => ({ value: k, label: t(`community.playbooks.stepKinds.${k}`) }))}
                            optionRender={(o) => (
                              <div>
                                <div>{o.label}</div>
                                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                                  {t(`community.playbooks.stepHelp.${o.value as (typeof PLAYBOOK_STEP_KINDS)[number]}`)}
                                </Typography.Text>
                              </div>
                            )}
                            data-testid="step-kind"
                          />
                        </Form.Item>
                        {stepHasText(kind) && (
                          <Form.Item
                            name={[field.name, 'text']}
                            style={{ marginBottom: 0 }}
                            rules={stepTextRequired(kind) ? [{ required: true, whitespace: true, message: t('community.playbooks.form.textRequired') }] : []}
                          >
                            <Input.TextArea
                              rows={2}
                              maxLength={MAX_STEP_TEXT}
                              placeholder={kind === 'post_announcement' ? t('community.playbooks.form.announcementPlaceholder') : t('community.playbooks.form.notePlaceholder')}
                              data-testid="step-text"
                            />
                          </Form.Item>
                        )}
                      </div>
                      <div className="step-editor-actions">
                        <Tooltip title={t('community.playbooks.form.moveUp')}>
                          <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={t('community.playbooks.form.moveUp')} disabled={index === 0} onClick={() => setSteps(moveStep(current(), index, -1))} data-testid="step-up" />
                        </Tooltip>
                        <Tooltip title={t('community.playbooks.form.moveDown')}>
                          <Button
                            size="small"
                            type="text"
                            icon={<ArrowDownOutlined />}
                            aria-label={t('community.playbooks.form.moveDown')}
                            disabled={index === fields.length - 1}
                            onClick={() => setSteps(moveStep(current(), index, 1))}
                            data-testid="step-down"
                          />
                        </Tooltip>
                        <Tooltip title={t('community.playbooks.form.removeStep')}>
                          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('community.playbooks.form.removeStep')} onClick={() => setSteps(removeStep(current(), index))} data-testid="step-remove" />
                        </Tooltip>
                      </div>
                    </div>
                  );
                })}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  disabled={fields.length >= MAX_PLAYBOOK_STEPS}
                  onClick={() => setSteps(addStep(current(), fields.length === 0 ? 'mute_group' : 'post_announcement'))}
                  data-testid="step-add"
                >
                  {t('community.playbooks.form.addStep')}
                </Button>
              </div>
            )}
          </Form.List>
        </Form.Item>
      </div>
    </FormModal>
  );
}
