import { useCallback, useMemo, useState } from 'react';
import { useUrlParams } from '../../components/use-url-params';
import { App, Badge, Button, Card, Empty, Form, Input, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { StaffRole, User } from '../../api/types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { RoleTag } from '../../components/tags';
import { useCursorPage } from '../../components/use-cursor-page';
import { useOrgUnits } from '../../components/reference-data';
import { FormModal } from '../../components/form-modal';
import { OrgUnitSelect } from '../../components/org-unit-select';
import { formatDateTime } from '../../components/format';

const ROLES: StaffRole[] = ['owner', 'operator', 'leader', 'distributor'];

interface UserForm {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
  orgUnitIds: string[];
}

export function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params, setUrl] = useUrlParams();
  const role = params.get('role') ?? '';
  const q = params.get('q') ?? '';
  const orgUnits = useOrgUnits();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<UserForm>();

  const setParam = (key: string, value: string) => setUrl({ [key]: value });

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<User>>('/users', { role, q, cursor, limit }),
    [role, q],
  );
  const page = useCursorPage(fetchPage, `${role}|${q}`);
  const unitNames = useMemo(() => new Map((orgUnits.data ?? []).map((u) => [u.id, u.name])), [orgUnits.data]);

  const statusBadge = (status: User['status']) => (
    <Badge status={status === 'active' ? 'success' : 'default'} text={t(`users.statuses.${status}`)} />
  );

  const columns: TableColumnsType<User> = [
    {
      title: t('users.name'),
      dataIndex: 'name',
      render: (name: string, u) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.email}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('users.role'), dataIndex: 'role', width: 110, render: (r: StaffRole) => <RoleTag role={r} /> },
    {
      title: t('users.orgUnits'),
      dataIndex: 'orgUnitIds',
      render: (ids: string[]) =>
        ids?.length ? (
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
            {ids.map((id) => (
              <Tag key={id} style={{ marginInlineEnd: 0 }}>
                {unitNames.get(id) ?? id}
              </Tag>
            ))}
          </span>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: t('users.status'), dataIndex: 'status', width: 110, render: statusBadge },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 160,
      render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.neverLoggedIn')}</Typography.Text>),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <PageContainer
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('users.new')}
        </Button>
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Input.Search
            key={`q-${q}`}
            defaultValue={q}
            allowClear
            enterButton
            placeholder={t('users.searchPlaceholder')}
            style={{ width: 280 }}
            onSearch={(v) => setParam('q', v.trim())}
          />
          <Select
            value={role}
            style={{ width: 140 }}
            onChange={(v: string) => setParam('role', v)}
            options={[{ value: '', label: t('users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
          />
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<User>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
        />
        <CursorPager page={page} />
      </Card>
      <FormModal<UserForm>
        title={t('users.new')}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['email', 'name', 'role', 'password', 'orgUnitIds']}
        initialValues={{ role: 'operator', orgUnitIds: [] }}
        submit={async (values) => {
          await api.post<User>('/users', {
            email: values.email.trim(),
            name: values.name.trim(),
            role: values.role,
            password: values.password,
            orgUnitIds: values.orgUnitIds ?? [],
          });
          message.success(t('users.created'));
          page.reset();
        }}
      >
        <Form.Item name="name" label={t('users.name')} rules={[{ required: true, whitespace: true, message: t('users.nameRequired') }]}>
          <Input maxLength={60} autoFocus />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[
            { required: true, whitespace: true, message: t('users.emailRequired') },
            { type: 'email', message: t('login.emailInvalid') },
          ]}
        >
          <Input maxLength={200} autoComplete="off" placeholder="name@example.com" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="orgUnitIds"
          label={t('users.orgUnits')}
          dependencies={['role']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, ids: string[] | undefined) => {
                const role = getFieldValue('role') as StaffRole;
                if ((role === 'operator' || role === 'leader') && !(ids ?? []).length) throw new Error(t('users.orgUnitsRequired'));
              },
            }),
          ]}
        >
          <OrgUnitSelect multiple units={orgUnits.data} loading={orgUnits.loading} placeholder={t('users.orgUnitsPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={t('users.passwordHelp')}
          rules={[
            { required: true, message: t('users.passwordRequired') },
            { min: 8, message: t('users.passwordTooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
