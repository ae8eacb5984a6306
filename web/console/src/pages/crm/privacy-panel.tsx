import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, DownloadOutlined, FileExcelOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { formatDateTime } from '../../components/format';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useMe } from '../../session';
import { crmExtraClient, type ConsentEntry } from '../../../../shared/crm-extra-types';
import { useCrmxT } from './crm-extra-i18n-hook';
import { canErase, CONSENT_PURPOSES, currentConsents, eraseConfirmed, knownConsentSource, recorderOf, type ConsentPurpose } from './privacy-model';

const crmx = crmExtraClient(api);

type ProfileStatus = 'active' | 'merged' | 'erased';
interface RecordValues {
  purpose: ConsentPurpose;
  source: string;
  note: string;
}

/**
 * 授权与个人数据, for the profile page: the person's consents now and every grant and withdrawal
 * (who recorded it, where it came from), recording a consent given or withdrawn outside Tuan, the
 * export of everything held about them (JSON, XLSX) and, for owners, erasing them.
 */
export function PrivacyPanel({ profileId, status, onChanged }: { profileId: string; status: ProfileStatus; onChanged?: () => void }) {
  const tx = useCrmxT();
  const { message } = App.useApp();
  const me = useMe();
  const [version, setVersion] = useState(0);
  const history = useApiData(() => crmx.consents(profileId), `crm-consents:${profileId}:${version}`);
  const [recording, setRecording] = useState<{ granted: boolean; purpose: ConsentPurpose } | null>(null);
  const [erasing, setErasing] = useState(false);
  const [form] = Form.useForm<RecordValues>();
  const items = history.data?.items ?? [];
  const now = currentConsents(items);
  const active = status === 'active';

  const record = async (values: RecordValues) => {
    if (!recording) return;
    const body = { purpose: values.purpose, source: values.source.trim(), note: (values.note ?? '').trim() };
    await (recording.granted ? crmx.grantConsent(profileId, body) : crmx.withdrawConsent(profileId, body));
    message.success(tx(recording.granted ? 'privacy.recordedGrant' : 'privacy.recordedWithdraw', { purpose: tx(`purposes.${values.purpose}`) }));
    setVersion((v) => v + 1);
    onChanged?.();
  };

  return (
    <Card
      variant="borderless"
      title={tx('privacy.title')}
      style={{ marginBottom: 16 }}
      extra={
        <Space size={4}>
          <Button size="small" icon={<DownloadOutlined />} href={crmx.exportUrl(profileId, 'json')} download data-testid="privacy-export-json">
            {tx('privacy.exportJson')}
          </Button>
          <Button size="small" icon={<FileExcelOutlined />} href={crmx.exportUrl(profileId, 'xlsx')} download data-testid="privacy-export-xlsx">
            {tx('privacy.exportXlsx')}
          </Button>
        </Space>
      }
      data-testid="privacy-panel"
    >
      {history.error && <ProblemAlert error={history.error} onRetry={history.reload} />}
      {!active && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={tx('privacy.inactive', { status: tx(`privacy.statuses.${status === 'merged' ? 'merged' : 'erased'}`) })} />}

      <Descriptions column={1} size="small" title={<span style={{ fontSize: 14 }}>{tx('privacy.current')}</span>} data-testid="privacy-current">
        {CONSENT_PURPOSES.map((purpose) => {
          const latest = now[purpose];
          const granted = latest?.granted === true;
          return (
            <Descriptions.Item key={purpose} label={tx(`purposes.${purpose}`)}>
              <span data-testid={`privacy-now-${purpose}`} data-granted={granted}>
                <Tag color={granted ? 'success' : 'default'} icon={granted ? <CheckCircleOutlined /> : <StopOutlined />} style={{ marginInlineEnd: 8 }}>
                  {granted ? tx('privacy.granted') : tx('privacy.notGranted')}
                </Tag>
                {latest && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(latest.at)} · <SourceText source={latest.source} />
                  </Typography.Text>
                )}
              </span>
            </Descriptions.Item>
          );
        })}
      </Descriptions>

      {active && (
        <Space wrap style={{ margin: '4px 0 16px' }}>
          <Button size="small" icon={<CheckCircleOutlined />} onClick={() => setRecording({ granted: true, purpose: 'marketing' })} data-testid="privacy-record-grant">
            {tx('privacy.recordGrant')}
          </Button>
          <Button size="small" icon={<StopOutlined />} onClick={() => setRecording({ granted: false, purpose: now.marketing?.granted ? 'marketing' : now.share_contact?.granted ? 'share_contact' : 'marketing' })} data-testid="privacy-record-withdraw">
            {tx('privacy.recordWithdraw')}
          </Button>
        </Space>
      )}

      <Typography.Text strong style={{ display: 'block', margin: active ? '4px 0 8px' : '16px 0 8px' }}>
        {tx('privacy.history')}
      </Typography.Text>
      <ConsentHistoryTable items={items} loading={history.loading && !history.data} />

      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
        {tx('privacy.exportHint')}
      </Typography.Paragraph>

      {canErase(me.actor.role, status) && (
        <div style={{ marginTop: 12, paddingTop: 12, borderTop: '1px solid rgba(5,5,5,0.06)' }}>
          <Button danger icon={<DeleteOutlined />} onClick={() => setErasing(true)} data-testid="privacy-erase">
            {tx('privacy.erase.button')}
          </Button>
        </div>
      )}

      <FormModal<RecordValues>
        title={recording?.granted ? tx('privacy.grantTitle') : tx('privacy.withdrawTitle')}
        open={recording !== null}
        onClose={() => setRecording(null)}
        form={form}
        fields={['purpose', 'source', 'note']}
        submit={record}
        okText={recording?.granted ? tx('privacy.recordGrant') : tx('privacy.recordWithdraw')}
        initialValues={{ purpose: recording?.purpose ?? 'marketing', source: '', note: '' }}
      >
        <Alert type={recording?.granted ? 'info' : 'warning'} showIcon style={{ marginBottom: 16 }} title={recording?.granted ? tx('privacy.grantHint') : tx('privacy.withdrawHint')} />
        <Form.Item name="purpose" label={tx('privacy.purpose')} rules={[{ required: true }]}>
          <Select options={CONSENT_PURPOSES.map((p) => ({ value: p, label: tx(`purposes.${p}`) }))} data-testid="privacy-purpose" />
        </Form.Item>
        <Form.Item name="source" label={tx('privacy.source')} rules={[{ required: true, whitespace: true, message: tx('privacy.sourceRequired') }]}>
          <Input maxLength={40} showCount placeholder={tx('privacy.sourcePlaceholder')} data-testid="privacy-source" />
        </Form.Item>
        <Form.Item name="note" label={tx('privacy.note')}>
          <Input.TextArea rows={2} maxLength={200} showCount placeholder={tx('privacy.notePlaceholder')} data-testid="privacy-note" />
        </Form.Item>
      </FormModal>

      <EraseModal
        open={erasing}
        profileId={profileId}
        onClose={() => setErasing(false)}
        onErased={() => {
          setVersion((v) => v + 1);
          onChanged?.();
        }}
      />
    </Card>
  );
}

function SourceText({ source }: { source: string }) {
  const tx = useCrmxT();
  const known = knownConsentSource(source);
  return <span data-source={source}>{known ? tx(`privacy.sources.${known}`) : source}</span>;
}

function ConsentHistoryTable({ items, loading }: { items: ConsentEntry[]; loading: boolean }) {
  const tx = useCrmxT();
  const columns: TableColumnsType<ConsentEntry> = [
    { title: tx('privacy.columns.at'), dataIndex: 'at', width: 136, render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
    { title: tx('privacy.columns.purpose'), dataIndex: 'purpose', width: 120, render: (v: ConsentPurpose) => tx(`purposes.${v}`) },
    {
      title: tx('privacy.columns.change'),
      dataIndex: 'granted',
      width: 66,
      render: (v: boolean) => (
        <Tag color={v ? 'success' : 'warning'} style={{ marginInlineEnd: 0 }}>
          {v ? tx('privacy.grant') : tx('privacy.withdraw')}
        </Tag>
      ),
    },
    { title: tx('privacy.columns.source'), dataIndex: 'source', width: 130, render: (v: string) => <SourceText source={v} /> },
    { title: tx('privacy.columns.note'), dataIndex: 'note', render: (v: string) => v || <Typography.Text type="secondary">—</Typography.Text> },
    {
      title: tx('privacy.columns.recordedBy'),
      dataIndex: 'recordedBy',
      width: 120,
      render: (v: string) => {
        const r = recorderOf(v);
        if (r.kind === 'member') return tx('privacy.recordedBy.member');
        if (r.kind === 'other') return <span className="mono">{v}</span>;
        return (
          <Tooltip title={<span className="mono">{r.id}</span>}>
            <span style={{ borderBottom: '1px dotted rgba(0,0,0,0.35)' }} data-recorder={v}>
              {tx(`privacy.recordedBy.${r.kind}`)}
            </span>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Table<ConsentEntry>
      rowKey={(r) => `${r.at}:${r.purpose}:${r.granted}:${r.recordedBy}`}
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      locale={{ emptyText: tx('privacy.noHistory') }}
      data-testid="privacy-history"
    />
  );
}

/** Erasure (owners): says what goes and what stays, wants a reason and "erase" typed. */
function EraseModal({ open, profileId, onClose, onErased }: { open: boolean; profileId: string; onClose: () => void; onErased: () => void }) {
  const tx = useCrmxT();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmed = eraseConfirmed(typed);
  const ready = confirmed && reason.trim().length > 0;

  const erase = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      const res = await crmx.erase(profileId, { reason: reason.trim(), confirm: 'erase' });
      message.success(tx('privacy.erase.done', { members: res.members, cells: res.cellsScrubbed }));
      onClose();
      onErased();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={tx('privacy.erase.title')}
      onCancel={onClose}
      onOk={() => void erase()}
      okText={tx('privacy.erase.ok')}
      okButtonProps={{ danger: true, disabled: !ready, 'data-testid': 'privacy-erase-ok' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) {
          setReason('');
          setTyped('');
          setError(null);
        }
      }}
      data-testid="privacy-erase-modal"
    >
      {error && <ProblemAlert error={error} />}
      <Alert
        type="error"
        showIcon
        style={{ margin: '12px 0 16px' }}
        title={tx('privacy.erase.irreversible')}
        description={
          <div>
            <p style={{ margin: '4px 0 8px' }}>{tx('privacy.erase.goes')}</p>
            <p style={{ margin: 0 }}>
              <b>{tx('privacy.erase.kept')}</b>
            </p>
          </div>
        }
      />
      <Form layout="vertical">
        <Form.Item label={tx('privacy.erase.reason')} required>
          <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={200} showCount placeholder={tx('privacy.erase.reasonPlaceholder')} data-testid="privacy-erase-reason" />
        </Form.Item>
        <Form.Item label={tx('privacy.erase.typeToConfirm')} required validateStatus={typed && !confirmed ? 'error' : undefined} help={typed && !confirmed ? tx('privacy.erase.typeMismatch') : undefined}>
          <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="erase" autoComplete="off" className="mono" data-testid="privacy-erase-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
