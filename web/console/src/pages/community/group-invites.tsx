import { useCallback, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Popconfirm, Popover, Radio, Row, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { Group, GroupInvite } from '../../api/community-types';
import { useMe } from '../../session';
import { CursorPager } from '../../components/cursor-pager';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime } from '../../components/format';
import { copyText } from '../../../../shared/clipboard';
import { defaultInviteSource, inviteQrPath, inviteRequestBody, inviteState, STAFF_INVITE_SOURCES, type InviteFormValues } from './community-model';
import { EmptyHint, InviteStateTag, ReferrerText, SourceTag } from './community-ui';

/** The QR code of an invite: a small preview that opens larger, with PNG and SVG downloads. */
function InviteQr({ invite }: { invite: GroupInvite }) {
  const { t } = useTranslation();
  const big = (
    <div style={{ textAlign: 'center' }}>
      <img src={inviteQrPath(invite.id, 'png', 512)} alt={t('community.invites.qrAlt', { code: invite.code })} width={240} height={240} />
      <div className="mono" style={{ fontSize: 12, marginTop: 4 }}>
        {invite.code}
      </div>
    </div>
  );
  return (
    <div className="invite-qr-cell">
      <Popover content={big} trigger={['hover', 'click']} placement="left">
        <img
          className="invite-qr"
          src={inviteQrPath(invite.id, 'png', 256)}
          alt={t('community.invites.qrAlt', { code: invite.code })}
          width={64}
          height={64}
          loading="lazy"
          data-testid="invite-qr"
        />
      </Popover>
      <Space size={2} orientation="vertical" style={{ whiteSpace: 'nowrap' }}>
        <a href={inviteQrPath(invite.id, 'png', 1024)} download={`invite-${invite.code}.png`} data-testid="invite-png">
          <DownloadOutlined /> PNG
        </a>
        <a href={inviteQrPath(invite.id, 'svg')} download={`invite-${invite.code}.svg`} data-testid="invite-svg">
          <DownloadOutlined /> SVG
        </a>
      </Space>
    </div>
  );
}

/**
 * A group's invite links, newest first: source, referrer, uses, expiry, the link with a copy button
 * and its QR code; staff create links per channel and revoke them.
 */
export function GroupInvites({ group }: { group: Group }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<InviteFormValues>();
  const source = Form.useWatch('source', form);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<GroupInvite>>(`/groups/${encodeURIComponent(group.id)}/invites`, { limit, cursor }),
    [group.id],
  );
  const page = useCursorPage(fetchPage, group.id);

  const copy = async (url: string) => {
    if (await copyText(url)) message.success(t('common.copied'));
    else message.error(t('community.invites.copyFailed'));
  };

  const revoke = async (invite: GroupInvite) => {
    try {
      await api.post<GroupInvite>(`/invites/${encodeURIComponent(invite.id)}/revoke`);
      message.success(t('community.invites.revoked'));
      page.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const columns: TableColumnsType<GroupInvite> = [
    {
      title: t('community.invites.columns.link'),
      key: 'link',
      width: 270,
      render: (_, inv) => (
        <div style={{ minWidth: 0 }}>
          <Space size={6} wrap>
            <Typography.Text strong className="mono" data-testid="invite-code">
              {inv.code}
            </Typography.Text>
            {inv.label && <Typography.Text type="secondary">{inv.label}</Typography.Text>}
          </Space>
          <div className="invite-url">
            <Typography.Text className="mono" ellipsis={{ tooltip: inv.url }} style={{ fontSize: 12, flex: 1, minWidth: 0 }} data-testid="invite-url">
              {inv.url}
            </Typography.Text>
            <Tooltip title={t('community.invites.copy')}>
              <Button size="small" type="text" icon={<CopyOutlined />} onClick={() => void copy(inv.url)} aria-label={t('community.invites.copy')} data-testid="invite-copy" />
            </Tooltip>
          </div>
        </div>
      ),
    },
    {
      title: t('community.invites.columns.source'),
      key: 'source',
      width: 140,
      render: (_, inv) => <SourceTag source={inv.source} eventName={inv.eventName} />,
    },
    {
      title: t('community.invites.columns.referrer'),
      key: 'referrer',
      width: 120,
      render: (_, inv) => <ReferrerText referrer={inv.referrer} />,
    },
    {
      title: t('community.invites.columns.uses'),
      key: 'uses',
      width: 100,
      align: 'right',
      render: (_, inv) => (
        <span style={{ whiteSpace: 'nowrap' }} data-testid="invite-uses">
          {inv.uses}
          <Typography.Text type="secondary"> / {inv.maxUses ?? '∞'}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('community.invites.columns.expiresAt'),
      dataIndex: 'expiresAt',
      width: 130,
      render: (v: string | null) => (v ? <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> : <Typography.Text type="secondary">{t('community.invites.never')}</Typography.Text>),
    },
    {
      title: t('community.invites.columns.state'),
      key: 'state',
      width: 80,
      render: (_, inv) => <InviteStateTag state={inviteState(inv, group.status)} />,
    },
    {
      title: t('community.invites.columns.qr'),
      key: 'qr',
      width: 170,
      render: (_, inv) => <InviteQr invite={inv} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, inv) =>
        inv.revokedAt ? null : (
          <Popconfirm
            title={t('community.invites.revokeTitle')}
            description={<div style={{ maxWidth: 280 }}>{t('community.invites.revokeConfirm', { code: inv.code })}</div>}
            okText={t('community.invites.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(inv)}
          >
            <a className="link-danger" data-testid="invite-revoke">
              {t('community.invites.revoke')}
            </a>
          </Popconfirm>
        ),
    },
  ];

  return (
    <div data-testid="group-invites">
      <div className="toolbar">
        <Typography.Text type="secondary" style={{ flex: 1, minWidth: 240 }}>
          {t('community.invites.intro')}
        </Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={group.status === 'archived'} data-testid="invite-new">
          {t('community.invites.new')}
        </Button>
      </div>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<GroupInvite>
        rowKey="id"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        scroll={{ x: 1100 }}
        tableLayout="fixed"
        rowClassName={(inv) => (inviteState(inv, group.status) === 'active' ? '' : 'row-muted')}
        locale={{ emptyText: page.loading ? ' ' : <EmptyHint text={t('community.invites.empty')} hint={t('community.invites.emptyHint')} /> }}
        data-testid="invite-table"
      />
      <CursorPager page={page} />

      <FormModal<InviteFormValues>
        title={t('community.invites.createTitle', { name: group.name })}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['source', 'eventName', 'label', 'maxUses', 'expiresInDays']}
        initialValues={{ source: defaultInviteSource(me.actor.role) as InviteFormValues['source'] }}
        submit={async (values) => {
          const inv = await api.post<GroupInvite>(`/groups/${encodeURIComponent(group.id)}/invites`, inviteRequestBody(values));
          message.success(t('community.invites.created', { code: inv.code }));
          page.reset();
        }}
      >
        <Form.Item name="source" label={t('community.invites.source')} rules={[{ required: true }]}>
          <Radio.Group data-testid="invite-source">
            <Space orientation="vertical" size={6}>
              {STAFF_INVITE_SOURCES.map((s) => (
                <Radio key={s} value={s} data-testid={`invite-source-${s}`}>
                  {t(`community.sources.${s}`)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    — {t(`community.invites.sourceHelp.${s}`)}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        {source === 'offline_event' && (
          <Form.Item name="eventName" label={t('community.invites.eventName')} rules={[{ required: true, whitespace: true, message: t('community.invites.eventNameRequired') }]}>
            <Input maxLength={80} placeholder={t('community.invites.eventNamePlaceholder')} data-testid="invite-event-name" />
          </Form.Item>
        )}
        <Form.Item name="label" label={t('community.invites.label')} extra={t('community.invites.labelHelp')}>
          <Input maxLength={60} placeholder={t('community.invites.labelPlaceholder')} data-testid="invite-label" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="maxUses" label={t('community.invites.maxUses')}>
              <InputNumber min={1} max={100_000} precision={0} style={{ width: '100%' }} placeholder={t('community.invites.unlimited')} suffix={t('community.invites.timesSuffix')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="expiresInDays" label={t('community.invites.expiresInDays')}>
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} placeholder={t('community.invites.never')} suffix={t('community.invites.daysSuffix')} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
    </div>
  );
}
