import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { PickingList } from '../../api/fulfilment-types';
import { applyFieldErrors } from '../../components/form-errors';
import { ProblemAlert } from '../../components/problem-alert';
import { formatSpecs } from '../../components/format';
import { shortableLines, shortageBody, shortageSummary, validateShortages, withLocalizedFieldErrors, type PickingListAction, type ShortageEntry } from './fulfilment-model';

interface ShortageForm {
  shortages: ShortageEntry[];
  note?: string;
}

/**
 * Dispatch (the warehouse) or confirm arrival (the leader) of a list, naming any member's line that
 * is short and by how many units — at most what is left of it. Short units are refunded by the server.
 */
export function ShortageModal(props: { list: PickingList; action: PickingListAction | null; onClose: () => void; onDone: (list: PickingList) => void }) {
  const { list, action } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm<ShortageForm>();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<{ error: ApiError; extra: string[] } | null>(null);
  const lines = useMemo(() => shortableLines(list.byMember), [list.byMember]);
  const byId = useMemo(() => new Map(lines.map((l) => [l.lineId, l])), [lines]);
  const entries = Form.useWatch('shortages', form) ?? [];
  const summary = shortageSummary(entries, lines);
  const open = action !== null;

  useEffect(() => {
    if (open) {
      form.resetFields();
      setProblem(null);
    }
  }, [open, form]);

  const options = lines.map((l) => ({
    value: l.lineId,
    short: `${l.memberName || '—'} · ${l.title}`,
    label: t('fulfilment.shortageModal.lineOption', {
      member: l.memberName || '—',
      tail: l.phoneTail,
      item: Object.keys(l.specs).length ? `${l.title}（${formatSpecs(l.specs)}）` : l.title,
      left: l.left,
    }),
  }));

  // A changed row may be right now: its marks go until the next try.
  const clearMarks = () => {
    const rows = (form.getFieldValue('shortages') as ShortageEntry[] | undefined) ?? [];
    const marked = rows.flatMap((_, i) => (['orderLineId', 'quantity'] as const).map((f) => ['shortages', i, f] as ['shortages', number, typeof f])).filter((name) => form.getFieldError(name).length > 0);
    if (marked.length) form.setFields(marked.map((name) => ({ name, errors: [] })));
  };

  const submit = async () => {
    const values = form.getFieldsValue(true) as ShortageForm;
    const rows = values.shortages ?? [];
    const problems = validateShortages(rows, lines);
    // Clear the marks of the last try, then mark this one's.
    form.setFields(rows.flatMap((_, i) => [
      { name: ['shortages', i, 'orderLineId'], errors: [] },
      { name: ['shortages', i, 'quantity'], errors: [] },
    ]));
    if (problems.length) {
      form.setFields(
        problems.map((p) => ({
          name: ['shortages', p.index, p.field],
          errors: [
            p.field === 'orderLineId'
              ? t(p.kind === 'required' ? 'fulfilment.shortageModal.lineRequired' : 'fulfilment.shortageModal.lineUnknown')
              : p.kind === 'tooMany'
                ? t('fulfilment.shortageModal.quantityTooMany', { max: p.max })
                : t(p.kind === 'required' ? 'fulfilment.shortageModal.quantityRequired' : 'fulfilment.shortageModal.quantityMin'),
          ],
        })),
      );
      return;
    }
    setSubmitting(true);
    setProblem(null);
    try {
      const shortages = shortageBody(rows);
      const path = `/picking-lists/${encodeURIComponent(list.id)}/${action === 'dispatch' ? 'dispatch' : 'arrival'}`;
      const body = action === 'dispatch' ? { shortages, note: (values.note ?? '').trim() } : { shortages };
      const next = await api.post<PickingList>(path, body);
      props.onDone(next);
      props.onClose();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // A fulfilment refusal explains itself in the detail (in the UI language); the field entries say where.
      const localized = withLocalizedFieldErrors(err) as ApiError;
      const applied = applyFieldErrors(form, localized, (p) => (p[0] === 'shortages' || p[0] === 'note' ? p : null));
      setProblem({ error: err, extra: applied.unmatched });
    } finally {
      setSubmitting(false);
    }
  };

  const dispatch = action === 'dispatch';
  return (
    <Modal
      title={t(dispatch ? 'fulfilment.shortageModal.dispatchTitle' : 'fulfilment.shortageModal.arriveTitle', { point: list.pickupPointName })}
      open={open}
      onCancel={props.onClose}
      onOk={() => void submit()}
      okText={t(dispatch ? 'fulfilment.shortageModal.dispatchOk' : 'fulfilment.shortageModal.arriveOk')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      width={720}
      data-testid="shortage-modal"
    >
      <Typography.Paragraph type="secondary">{t(dispatch ? 'fulfilment.shortageModal.dispatchHelp' : 'fulfilment.shortageModal.arriveHelp')}</Typography.Paragraph>
      {problem && <ProblemAlert error={problem.error} extra={problem.extra} />}
      <Form<ShortageForm> form={form} layout="vertical" preserve={false} initialValues={{ shortages: [], note: list.note }} onValuesChange={clearMarks} onFinish={() => void submit()}>
        <Form.List name="shortages">
          {(fields, { add, remove }) => (
            <div data-testid="shortage-rows">
              {fields.length === 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }} data-testid="shortage-none">
                  {lines.length ? t('fulfilment.shortageModal.noShort') : t('fulfilment.shortageModal.noLines')}
                </Typography.Paragraph>
              )}
              {fields.map((field) => {
                const lineId = entries[field.name]?.orderLineId;
                const max = lineId ? byId.get(lineId)?.left : undefined;
                return (
                  <div key={field.key} className="shortage-row" data-testid="shortage-row">
                    <Form.Item name={[field.name, 'orderLineId']} label={field.name === 0 ? t('fulfilment.shortageModal.line') : undefined} style={{ flex: 1, minWidth: 0 }}>
                      <Select
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={t('fulfilment.shortageModal.linePlaceholder')}
                        options={options}
                        labelRender={(v) => options.find((o) => o.value === v.value)?.short ?? v.label}
                        popupMatchSelectWidth={false}
                        data-testid="shortage-line"
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'quantity']} label={field.name === 0 ? t('fulfilment.shortageModal.quantity') : undefined} style={{ width: 130 }}>
                      <InputNumber min={1} precision={0} placeholder={max ? `≤ ${max}` : undefined} style={{ width: '100%' }} data-testid="shortage-quantity" />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: field.name === 0 ? 30 : 0 }}
                    />
                  </div>
                );
              })}
              {lines.length > 0 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} style={{ marginBottom: 16 }} data-testid="shortage-add">
                  {t('fulfilment.shortageModal.addShort')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
        {summary.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('fulfilment.shortageModal.summary', { items: summary.map((s) => `${s.title}×${s.quantity}`).join('，') })}
            data-testid="shortage-summary"
          />
        )}
        {dispatch && (
          <Form.Item name="note" label={t('fulfilment.shortageModal.note')}>
            <Input maxLength={200} placeholder={t('fulfilment.shortageModal.notePlaceholder')} data-testid="dispatch-note" />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
