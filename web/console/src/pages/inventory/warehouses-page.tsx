import { useCallback, useMemo, useState } from 'react';
import { App, Button, Card, Empty, Form, Input, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { Warehouse } from '../../api/types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useOrgUnits } from '../../components/reference-data';
import { FormModal } from '../../components/form-modal';
import { OrgUnitSelect } from '../../components/org-unit-select';
import { formatDateTime } from '../../components/format';

interface WarehouseForm {
  name: string;
  code: string;
  address?: string;
  orgUnitId?: string | null;
}

export function WarehousesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const canWrite = can('inventory.write');
  const orgUnits = useOrgUnits();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<WarehouseForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<Warehouse>>('/warehouses', { cursor, limit }),
    [],
  );
  const page = useCursorPage(fetchPage, 'warehouses');
  const unitNames = useMemo(() => new Map((orgUnits.data ?? []).map((u) => [u.id, u.name])), [orgUnits.data]);

  const columns: TableColumnsType<Warehouse> = [
    { title: t('warehouses.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('warehouses.code'), dataIndex: 'code', render: (v: string) => <span className="mono">{v}</span> },
    { title: t('warehouses.address'), dataIndex: 'address', render: (v: string | null) => v || '—' },
    {
      title: t('warehouses.orgUnit'),
      dataIndex: 'orgUnitId',
      render: (v: string | null) => (v ? (unitNames.get(v) ?? v) : '—'),
    },
    { title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, w) => <Link to={`/stock?warehouseId=${encodeURIComponent(w.id)}`}>{t('menu.stock')}</Link>,
    },
  ];

  return (
    <PageContainer
      title={t('warehouses.title')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('warehouses.new')}
          </Button>
        )
      }
    >
      <Card variant="borderless">
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<Warehouse>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{
            emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warehouses.empty')} />,
          }}
        />
        <CursorPager page={page} />
      </Card>
      <FormModal<WarehouseForm>
        title={t('warehouses.new')}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['name', 'code', 'address', 'orgUnitId']}
        submit={async (values) => {
          await api.post<Warehouse>('/warehouses', {
            name: values.name.trim(),
            code: values.code.trim(),
            address: values.address?.trim() || undefined,
            orgUnitId: values.orgUnitId || undefined,
          });
          message.success(t('warehouses.created'));
          page.reset();
        }}
      >
        <Form.Item name="name" label={t('warehouses.name')} rules={[{ required: true, whitespace: true, message: t('warehouses.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('warehouses.code')}
          rules={[
            { required: true, whitespace: true, message: t('warehouses.codeRequired') },
            { pattern: /^\s*[A-Za-z0-9._-]+\s*$/, message: t('warehouses.codeInvalid') },
          ]}
        >
          <Input maxLength={40} className="mono" placeholder="WH-SH-01" />
        </Form.Item>
        <Form.Item name="address" label={t('warehouses.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('warehouses.orgUnit')}>
          <OrgUnitSelect units={orgUnits.data} loading={orgUnits.loading} placeholder={t('warehouses.orgUnitPlaceholder')} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
