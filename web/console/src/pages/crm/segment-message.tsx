import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Result } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { applyFieldErrors, onlyFields } from '../../components/form-errors';
import { ProblemAlert } from '../../components/problem-alert';
import { crmExtraClient, type MarketingResult } from '../../../../shared/crm-extra-types';
import { useCrmxT } from './crm-extra-i18n-hook';
import { marketingResultKey } from './privacy-model';

const crmx = crmExtraClient(api);

interface MessageValues {
  title: string;
  body: string;
}

/**
 * 发送营销消息 to a saved segment: a title and a message, sent as a notice to the members whose
 * latest marketing consent is a grant; the result says how many were messaged and how many were
 * left out for want of consent.
 */
export function SegmentMessageButton({ segmentId, segmentName, disabled }: { segmentId: string; segmentName?: string; disabled?: boolean }) {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<MessageValues>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const [result, setResult] = useState<MarketingResult | null>(null);

  const send = async () => {
    let values: MessageValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSending(true);
    setError(null);
    try {
      setResult(await crmx.sendSegmentMessage(segmentId, { title: values.title.trim(), body: values.body.trim() }));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const applied = applyFieldErrors(form, err, onlyFields('title', 'body'));
      setError({ error: err, extra: applied.unmatched });
    } finally {
      setSending(false);
    }
  };

  const close = () => setOpen(false);

  return (
    <>
      <Button icon={<SendOutlined />} disabled={disabled} onClick={() => setOpen(true)} data-testid="segment-message">
        {tx('message.button')}
      </Button>
      <Modal
        open={open}
        title={segmentName ? tx('message.titleTo', { name: segmentName }) : tx('message.title')}
        onCancel={close}
        destroyOnHidden
        afterOpenChange={(o) => {
          if (!o) {
            setResult(null);
            setError(null);
            form.resetFields();
          }
        }}
        footer={
          result
            ? [
                <Button key="close" type="primary" onClick={close}>
                  {tx('message.close')}
                </Button>,
              ]
            : [
                <Button key="cancel" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="send" type="primary" icon={<SendOutlined />} loading={sending} onClick={() => void send()} data-testid="segment-message-send">
                  {tx('message.send')}
                </Button>,
              ]
        }
        data-testid="segment-message-modal"
      >
        {result ? (
          <Result
            status={result.sent > 0 ? 'success' : 'warning'}
            title={result.sent > 0 ? tx('message.resultTitle') : undefined}
            subTitle={<span data-testid="segment-message-result">{tx(marketingResultKey(result), { sent: result.sent.toLocaleString('zh-CN'), without: result.withoutConsent.toLocaleString('zh-CN') })}</span>}
          />
        ) : (
          <>
            {error && <ProblemAlert error={error.error} extra={error.extra} />}
            <Alert type="info" showIcon style={{ margin: '12px 0 16px' }} title={tx('message.hint')} />
            <Form<MessageValues> form={form} layout="vertical" preserve={false}>
              <Form.Item name="title" label={tx('message.titleLabel')} rules={[{ required: true, whitespace: true, message: tx('message.titleRequired') }]}>
                <Input maxLength={60} showCount placeholder={tx('message.titlePlaceholder')} data-testid="segment-message-title" />
              </Form.Item>
              <Form.Item name="body" label={tx('message.bodyLabel')} rules={[{ required: true, whitespace: true, message: tx('message.bodyRequired') }]}>
                <Input.TextArea rows={4} maxLength={1000} showCount placeholder={tx('message.bodyPlaceholder')} data-testid="segment-message-body" />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}
