import { useCallback, useState } from 'react';
import { Alert, App, Badge, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Table, Typography, type TableColumnsType } from 'antd';
import { CopyOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { ApiToken, CreatedApiToken, User } from '../../api/types';
import { useApiData } from '../../components/use-api-data';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { RoleTag } from '../../components/tags';
import { useCursorPage } from '../../components/use-cursor-page';
import { FormModal } from '../../components/form-modal';
import { formatDateTime } from '../../components/format';

interface TokenForm {
  name: string;
  role: 'owner' | 'operator';
}

export function ApiTokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [form] = Form.useForm<TokenForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<ApiToken>>('/api-tokens', { cursor, limit }),
    [],
  );
  const page = useCursorPage(fetchPage, 'api-tokens');
  // Tokens name their creator by user id; this page is owner-only, so the user list is readable.
  const users = useApiData(async () => (await api.get<Page<User>>('/users', { limit: 200 })).items, 'users');
  const userNames = new Map((users.data ?? []).map((u) => [u.id, u.name]));

  const revoke = async (token: ApiToken) => {
    try {
      await api.post(`/api-tokens/${token.id}/revoke`);
      message.success(t('apiTokens.revokedMessage'));
      page.reload();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('common.copied'));
    } catch {
      // Clipboard blocked (e.g. not a secure context): the token is selectable text as a fallback.
    }
  };

  const columns: TableColumnsType<ApiToken> = [
    {
      title: t('apiTokens.name'),
      dataIndex: 'name',
      render: (name: string) => (
        <span>
          <KeyOutlined style={{ color: '#8c8c8c', marginInlineEnd: 6 }} />
          <Typography.Text strong>{name}</Typography.Text>
        </span>
      ),
    },
    { title: t('apiTokens.role'), dataIndex: 'role', width: 110, render: (r: ApiToken['role']) => <RoleTag role={r} /> },
    { title: t('apiTokens.prefix'), dataIndex: 'prefix', width: 170, render: (p: string) => <span className="mono">{p}</span> },
    {
      title: t('apiTokens.createdBy'),
      dataIndex: 'createdBy',
      width: 120,
      render: (id: string) => userNames.get(id) ?? <span className="mono">{id}</span>,
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
    {
      title: t('apiTokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('apiTokens.neverUsed')}</Typography.Text>),
    },
    {
      title: t('apiTokens.status'),
      dataIndex: 'revokedAt',
      width: 150,
      render: (v: string | null) =>
        v ? (
          <Badge status="default" text={`${t('apiTokens.revoked')} ${formatDateTime(v)}`} />
        ) : (
          <Badge status="success" text={t('apiTokens.active')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('apiTokens.revoke')}
            description={<div style={{ maxWidth: 280 }}>{t('apiTokens.revokeConfirm', { name: token.name })}</div>}
            okText={t('apiTokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(token)}
          >
            <Button type="link" danger size="small">
              {t('apiTokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <PageContainer
      title={t('apiTokens.title')}
      intro={t('apiTokens.intro')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('apiTokens.new')}
        </Button>
      }
    >
      <Card variant="borderless">
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<ApiToken>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apiTokens.empty')} /> }}
        />
        <CursorPager page={page} />
      </Card>
      <FormModal<TokenForm>
        title={t('apiTokens.new')}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['name', 'role']}
        initialValues={{ role: 'operator' }}
        submit={async (values) => {
          const token = await api.post<CreatedApiToken>('/api-tokens', { name: values.name.trim(), role: values.role });
          setCreated(token);
          page.reset();
        }}
      >
        <Form.Item name="name" label={t('apiTokens.name')} rules={[{ required: true, whitespace: true, message: t('apiTokens.nameRequired') }]}>
          <Input maxLength={80} placeholder={t('apiTokens.namePlaceholder')} autoFocus />
        </Form.Item>
        <Form.Item name="role" label={t('apiTokens.role')} rules={[{ required: true }]}>
          <Select
            options={(['operator', 'owner'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          />
        </Form.Item>
      </FormModal>
      <Modal
        title={t('apiTokens.createdTitle')}
        open={created !== null}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        onOk={() => setCreated(null)}
        okText={t('apiTokens.done')}
        cancelButtonProps={{ style: { display: 'none' } }}
        width={560}
      >
        {created && (
          <>
            <Alert type="warning" showIcon title={t('apiTokens.createdWarning')} style={{ marginBottom: 16 }} />
            <Typography.Text type="secondary">{created.name}</Typography.Text>
            <div
              style={{
                display: 'flex',
                gap: 8,
                alignItems: 'center',
                marginTop: 6,
                padding: '10px 12px',
                background: '#fafafa',
                border: '1px solid #f0f0f0',
                borderRadius: 6,
              }}
            >
              <Typography.Text className="mono" style={{ flex: 1, wordBreak: 'break-all' }} data-testid="created-token">
                {created.token}
              </Typography.Text>
              <Button icon={<CopyOutlined />} onClick={() => void copy(created.token)}>
                {t('apiTokens.copyToken')}
              </Button>
            </div>
          </>
        )}
      </Modal>
    </PageContainer>
  );
}
