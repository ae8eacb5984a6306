import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined, KeyOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { ChatSecret, Group } from '../../api/community-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { copyText } from '../../../../shared/clipboard';
import { EmptyHint, GroupStatusTag, GroupTypeTag } from './community-ui';

const PLATFORMS = ['wecom', 'feishu', 'dingtalk', 'custom'] as const;
type Platform = (typeof PLATFORMS)[number];

const EVENTS_IN = ['member_joined', 'member_left', 'message_posted'] as const;
/** Events out (the outbox) an adapter acts on, with the key of their explanation. */
const EVENTS_OUT = [
  ['group.announcement', 'announcement'],
  ['group.status_changed', 'statusChanged'],
  ['group.member_status_changed', 'memberStatusChanged'],
  ['pickup.ready', 'pickupReady'],
  ['playbook.operator_notified', 'operatorNotified'],
] as const;

/** The page's own origin and the webhook's path: the address the adapter calls. */
function webhookUrl(path: string): string {
  return `${window.location.origin}${path}`;
}

function useCopy() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return async (text: string) => {
    if (await copyText(text)) message.success(t('common.copied'));
    else message.error(t('community.chat.copyFailed'));
  };
}

/** The new signing secret, shown once after a rotation (like a new leader's password). */
function SecretModal({ secret, onClose }: { secret: ChatSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  const copy = useCopy();
  const url = secret ? webhookUrl(secret.webhookPath) : '';
  return (
    <Modal
      title={t('community.chat.secretTitle')}
      open={Boolean(secret)}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      onOk={onClose}
      okText={t('community.chat.secretDone')}
      cancelButtonProps={{ style: { display: 'none' } }}
      width={620}
      // The secret must not stay in the page, even hidden, once the modal is closed.
      destroyOnHidden
    >
      {secret && (
        <div data-testid="chat-secret-modal">
          <Alert type="warning" showIcon title={t('community.chat.secretWarning')} style={{ marginBottom: 16 }} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('community.chat.platform')}>{t(`community.chat.platforms.${platformKey(secret.platform)}`)}</Descriptions.Item>
            <Descriptions.Item label={t('community.chat.secret')}>
              <Space size={8} wrap>
                <Typography.Text strong className="mono" style={{ fontSize: 14, wordBreak: 'break-all' }} data-testid="chat-secret">
                  {secret.secret}
                </Typography.Text>
                <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(secret.secret)} data-testid="chat-secret-copy">
                  {t('community.chat.copySecret')}
                </Button>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('community.chat.webhook')}>
              <Typography.Text className="mono" style={{ wordBreak: 'break-all' }} data-testid="chat-webhook-url">
                {url}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('community.chat.secretNext')}
          </Typography.Paragraph>
          <Button type="link" icon={<CopyOutlined />} style={{ paddingInline: 0 }} onClick={() => void copy(t('community.chat.settingsText', { url, secret: secret.secret }))}>
            {t('community.chat.copyBoth')}
          </Button>
        </div>
      )}
    </Modal>
  );
}

function platformKey(platform: string): Platform {
  return (PLATFORMS as readonly string[]).includes(platform) ? (platform as Platform) : 'custom';
}

/**
 * 聊天平台对接 (owners): how the chat platform's adapter talks to Tuan — the signed webhook and the
 * events out — the signing secret (generated or rotated, shown once), and which groups are linked
 * to a chat by their external id.
 */
export function ChatIntegrationPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const copy = useCopy();
  const [platform, setPlatform] = useState<Platform>('wecom');
  const [rotating, setRotating] = useState(false);
  const [secret, setSecret] = useState<ChatSecret | null>(null);
  const groups = useApiData(() => api.get<Page<Group>>('/groups', { limit: 200 }), 'chat-groups');
  const path = `/api/v1/chat/webhook/${me.tenant.slug}`;

  const rotate = () => {
    modal.confirm({
      title: t('community.chat.rotateTitle'),
      width: 480,
      content: <div data-testid="chat-rotate-confirm">{t('community.chat.rotateConfirm', { platform: t(`community.chat.platforms.${platform}`) })}</div>,
      okText: t('community.chat.rotateOk'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setRotating(true);
        try {
          setSecret(await api.post<ChatSecret>('/chat/secret', { platform }));
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        } finally {
          setRotating(false);
        }
      },
    });
  };

  const all = groups.data?.items ?? [];
  const linked = all.filter((g) => g.externalId);
  const columns: TableColumnsType<Group> = [
    {
      title: t('community.chat.columns.group'),
      key: 'group',
      render: (_, g) => (
        <Space size={8} wrap>
          <Link to={`/groups/${encodeURIComponent(g.id)}`}>{g.name}</Link>
          <GroupTypeTag type={g.type} />
          {g.status !== 'active' && <GroupStatusTag status={g.status} />}
        </Space>
      ),
    },
    {
      title: t('community.chat.columns.externalId'),
      dataIndex: 'externalId',
      width: 260,
      render: (v: string | null) =>
        v ? (
          <Typography.Text className="mono" copyable={{ text: v }} ellipsis={{ tooltip: v }} data-testid="chat-external-id">
            {v}
          </Typography.Text>
        ) : (
          <Tag style={{ marginInlineEnd: 0 }} data-testid="chat-unlinked">
            {t('community.chat.unlinked')}
          </Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, g) =>
        can('community.manage') ? (
          <Link to={`/groups/${encodeURIComponent(g.id)}?edit=1`} data-testid="chat-set-external-id">
            {g.externalId ? t('community.chat.changeLink') : t('community.chat.setLink')}
          </Link>
        ) : null,
    },
  ];

  return (
    <PageContainer title={t('community.chat.title')} intro={t('community.chat.intro')}>
      <Card variant="borderless" title={t('community.chat.webhookTitle')} style={{ marginBottom: 16 }}>
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 160 } }} data-testid="chat-webhook">
          <Descriptions.Item label={t('community.chat.webhook')}>
            <Space size={8} wrap>
              <Typography.Text className="mono" data-testid="chat-webhook-path">
                POST {path}
              </Typography.Text>
              <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(webhookUrl(path))}>
                {t('community.chat.copyUrl')}
              </Button>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.chat.signature')}>
            <div className="mono chat-code">{'Tuan-Signature: t=<unix>,v1=<hex HMAC-SHA256("<t>.<body>", secret)>'}</div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('community.chat.signatureHelp')}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.chat.eventsIn')}>
            <div className="chat-events">
              {EVENTS_IN.map((e) => (
                <div key={e}>
                  <Typography.Text code>{e}</Typography.Text> <Typography.Text type="secondary">{t(`community.chat.in.${e}`)}</Typography.Text>
                </div>
              ))}
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.chat.eventsOut')}>
            <div className="chat-events">
              {EVENTS_OUT.map(([e, key]) => (
                <div key={e}>
                  <Typography.Text code>{e}</Typography.Text> <Typography.Text type="secondary">{t(`community.chat.out.${key}`)}</Typography.Text>
                </div>
              ))}
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.chat.docs')}>
            <Typography.Text>
              {t('community.chat.docsText')} <Typography.Text code>docs/chat-integration.md</Typography.Text>
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card variant="borderless" title={t('community.chat.secretCardTitle')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('community.chat.secretIntro')}
        </Typography.Paragraph>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('community.chat.rotateWarning')} />
        <Space size={12} wrap>
          <Select
            value={platform}
            style={{ width: 200 }}
            onChange={setPlatform}
            options={PLATFORMS.map((p) => ({ value: p, label: t(`community.chat.platforms.${p}`) }))}
            data-testid="chat-platform"
          />
          <Button type="primary" icon={<KeyOutlined />} loading={rotating} onClick={rotate} data-testid="chat-rotate">
            {t('community.chat.rotate')}
          </Button>
        </Space>
      </Card>

      <Card
        variant="borderless"
        title={t('community.chat.groupsTitle')}
        extra={
          groups.data && (
            <Typography.Text type="secondary" data-testid="chat-linked-count">
              {t('community.chat.linkedCount', { linked: linked.length, total: all.length })}
            </Typography.Text>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('community.chat.groupsIntro')}
        </Typography.Paragraph>
        {groups.error && <ProblemAlert error={groups.error} onRetry={groups.reload} />}
        <Table<Group>
          rowKey="id"
          columns={columns}
          // Linked groups first.
          dataSource={[...linked, ...all.filter((g) => !g.externalId)]}
          loading={groups.loading}
          pagination={false}
          tableLayout="fixed"
          scroll={{ x: 720 }}
          locale={{ emptyText: groups.loading ? ' ' : <EmptyHint text={t('community.chat.noGroups')} /> }}
          data-testid="chat-groups"
        />
      </Card>

      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </PageContainer>
  );
}
