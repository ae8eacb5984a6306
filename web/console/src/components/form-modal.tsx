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
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const { form, open } = props;

  // Each opening starts from the current initial values (they may differ per opening, e.g. the
  // kinds allowed under the chosen parent), not from what the last opening left in the form.
  useEffect(() => {
    if (open) form.resetFields();
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
      const applied = applyFieldErrors(props.form, err, onlyFields(...props.fields));
      setProblem({ error: err, extra: applied.unmatched });
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
        {props.children}
        {/* Lets Enter submit the form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
