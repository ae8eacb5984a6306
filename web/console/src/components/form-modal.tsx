import { useEffect, useState, type ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { applyFieldErrors, onlyFields } from './form-errors';
import { ProblemAlert } from './problem-alert';

/**
 * A modal with a form that submits to the API: validates, shows the server's field errors on the
 * fields and any other problem above the form, and resets each time it opens.
 */
export function FormModal<T extends object>(props: {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  form: FormInstance<T>;
  /** Field names the server may report errors for. */
  fields: string[];
  submit: (values: T) => Promise<void>;
  okText?: string;
  initialValues?: Partial<T>;
  width?: number;
  testId?: string;
  /**
   * For short forms (a name, a rank): a conflict (409) about a field shows the server's localized
   * detail under it ("已有名为“运营重点”的标签组"; the field error itself only says "taken"), and the
   * alert above the form only what found no field.
   */
  conflictOnField?: boolean;
  /**
   * Resets the form again once the modal's content has mounted, for initial values that change
   * between openings of a simple form (the next free tier rank, the group being renamed). Not for
   * forms with lists of fields (Form.List), whose rows a second reset empties.
   */
  resetAfterMount?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const { form, open } = props;

  // Each opening starts from the current initial values (they may differ per opening, e.g. the
  // kinds allowed under the chosen parent), not from what the last opening left in the form.
  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(null);
    }
  }, [open, form]);

  const onOk = async () => {
    let values: T;
    try {
      values = await props.form.validateFields();
    } catch {
      return;
    }
    setSubmitting(true);
    setProblem(null);
    try {
      await props.submit(values);
      props.onClose();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const onField = props.conflictOnField === true;
      const applied = applyFieldErrors(props.form, err, onlyFields(...props.fields), onField && err.status === 409 ? () => err.message : undefined);
      setProblem(onField && applied.first && applied.unmatched.length === 0 ? null : { error: err, extra: applied.unmatched });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={props.title}
      open={props.open}
      onCancel={props.onClose}
      onOk={() => void onOk()}
      okText={props.okText ?? t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      width={props.width ?? 520}
      data-testid={props.testId}
      afterOpenChange={(open) => {
        if (!open) setProblem(null);
      }}
    >
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<T>
        form={props.form}
        layout="vertical"
        preserve={false}
        initialValues={props.initialValues}
        style={{ marginTop: 16 }}
        onFinish={() => void onOk()}
      >
        {props.resetAfterMount && <ResetOnMount form={props.form} />}
        {props.children}
        {/* Lets Enter submit the form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}

/** Resets the form to its current initial values once the modal's content has mounted. */
function ResetOnMount({ form }: { form: FormInstance }) {
  useEffect(() => {
    form.resetFields();
  }, [form]);
  return null;
}
