import { useCallback, useState } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { PickupPoint, PickupPointStatus } from '../../api/community-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { useApprovedLeaders } from './community-data';
import { EmptyHint, PickupStatusTag } from './community-ui';
import { withLocalizedFieldErrors } from './community-model';

interface PointForm {
  leaderId?: string;
  name: string;
  address: string;
  openingHours?: string;
  contactName?: string;
  contactPhone?: string;
  capacity: number;
}

const STATUSES: PickupPointStatus[] = ['active', 'closed'];
const FIELDS = ['leaderId', 'name', 'address', 'openingHours', 'contactName', 'contactPhone', 'capacity'];

/**
 * 自提点: leaders see and add their own; owners and operators see every point in their scope and add
 * one for an approved leader. Edit, close and reopen.
 */
export function PickupPointsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const isLeader = me.actor.role === 'leader';
  const canManage = can('community.manage');
  const [params, setUrl] = useUrlParams();
  const status = (STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as PickupPointStatus) : '';
  const leaderId = canManage ? (params.get('leaderId') ?? '') : '';
  const filtered = Boolean(status || leaderId);
  const leaders = useApprovedLeaders(canManage);
  // null: closed; 'new': creating; a point: editing it.
  const [editing, setEditing] = useState<PickupPoint | 'new' | null>(null);
  const [form] = Form.useForm<PointForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<PickupPoint>>('/pickup-points', { status, leaderId, limit, cursor }),
    [status, leaderId],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ status, leaderId }));

  const setStatus = async (p: PickupPoint, next: PickupPointStatus) => {
    try {
      await api.patch<PickupPoint>(`/pickup-points/${encodeURIComponent(p.id)}`, { status: next });
      message.success(t(next === 'closed' ? 'community.pickup.closedMessage' : 'community.pickup.reopenedMessage', { name: p.name }));
      page.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const columns: TableColumnsType<PickupPoint> = [
    {
      title: t('community.pickup.columns.point'),
      key: 'point',
      width: 240,
      render: (_, p) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{p.name}</Typography.Text>
          <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: p.address }} style={{ margin: 0, fontSize: 12 }}>
            {p.address}
          </Typography.Paragraph>
        </div>
      ),
    },
    ...(isLeader
      ? []
      : [
          {
            title: t('community.pickup.columns.leader'),
            dataIndex: 'leaderName',
            width: 110,
            render: (v: string, p: PickupPoint) => v || <span className="mono">{p.leaderId}</span>,
          },
        ]),
    {
      title: t('community.pickup.columns.openingHours'),
      dataIndex: 'openingHours',
      width: 150,
      render: (v: string) => (v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('community.pickup.columns.contact'),
      key: 'contact',
      width: 150,
      render: (_, p) =>
        p.contactName || p.contactPhone ? (
          <div style={{ fontSize: 13 }}>
            <div>{p.contactName || '—'}</div>
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {p.contactPhone}
            </Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('community.pickup.columns.capacity'),
      dataIndex: 'capacity',
      width: 110,
      align: 'right',
      render: (v: number) => t('community.pickup.capacityValue', { count: v }),
    },
    {
      title: t('community.pickup.columns.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: PickupPointStatus) => <PickupStatusTag status={s} />,
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, p) => (
        <Space size={12} wrap={false}>
          <a onClick={() => setEditing(p)} data-testid="pickup-edit">
            {t('common.edit')}
          </a>
          {p.status === 'active' ? (
            <Popconfirm
              title={t('community.pickup.closeTitle')}
              description={<div style={{ maxWidth: 280 }}>{t('community.pickup.closeConfirm', { name: p.name })}</div>}
              okText={t('community.pickup.close')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => setStatus(p, 'closed')}
            >
              <a className="link-danger" data-testid="pickup-close">
                {t('community.pickup.close')}
              </a>
            </Popconfirm>
          ) : (
            <a onClick={() => void setStatus(p, 'active')} data-testid="pickup-reopen">
              {t('community.pickup.reopen')}
            </a>
          )}
        </Space>
      ),
    },
  ];

  const point = editing && editing !== 'new' ? editing : null;
  const emptyText = filtered ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.pickup.emptyFiltered')} />
  ) : (
    <EmptyHint text={t('community.pickup.empty')} hint={isLeader ? t('community.pickup.emptyLeaderHint') : t('community.pickup.emptyHint')} />
  );

  return (
    <PageContainer
      title={t('community.pickup.title')}
      intro={isLeader ? t('community.pickup.leaderIntro') : t('community.pickup.intro')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="pickup-new">
          {t('community.pickup.new')}
        </Button>
      }
    >
      <Card variant="borderless">
        <div className="toolbar">
          <Select
            value={status}
            style={{ width: 150 }}
            onChange={(v: string) => setUrl({ status: v })}
            options={[{ value: '', label: `${t('community.pickup.statusFilter')}: ${t('common.all')}` }, ...STATUSES.map((s) => ({ value: s, label: t(`community.pickupStatuses.${s}`) }))]}
            data-testid="pickup-status-filter"
          />
          {canManage && (
            <Select
              value={leaderId}
              style={{ width: 200 }}
              loading={leaders.loading}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v: string) => setUrl({ leaderId: v })}
              options={[{ value: '', label: `${t('community.pickup.leaderFilter')}: ${t('common.all')}` }, ...leaders.options.map((o) => ({ value: o.value, label: o.label }))]}
              data-testid="pickup-leader-filter"
            />
          )}
          {filtered && (
            <Button type="link" onClick={() => setUrl({ status: '', leaderId: '' })}>
              {t('common.reset')}
            </Button>
          )}
        </div>
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<PickupPoint>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: isLeader ? 1000 : 1110 }}
          tableLayout="fixed"
          rowClassName={(p) => (p.status === 'closed' ? 'row-muted' : '')}
          locale={{ emptyText: page.loading ? ' ' : emptyText }}
          data-testid="pickup-table"
        />
        <CursorPager page={page} />
      </Card>

      <FormModal<PointForm>
        title={point ? t('community.pickup.editTitle', { name: point.name }) : t('community.pickup.new')}
        open={editing !== null}
        onClose={() => setEditing(null)}
        form={form}
        fields={FIELDS}
        width={600}
        okText={point ? t('common.save') : t('common.create')}
        initialValues={
          point
            ? { name: point.name, address: point.address, openingHours: point.openingHours, contactName: point.contactName, contactPhone: point.contactPhone, capacity: point.capacity }
            : { capacity: 100, ...(isLeader ? { contactName: me.actor.name } : {}) }
        }
        submit={async (values) => {
          const body = {
            name: values.name.trim(),
            address: values.address.trim(),
            openingHours: (values.openingHours ?? '').trim(),
            contactName: (values.contactName ?? '').trim(),
            contactPhone: (values.contactPhone ?? '').trim(),
            capacity: values.capacity,
          };
          if (point) {
            const saved = await api.patch<PickupPoint>(`/pickup-points/${encodeURIComponent(point.id)}`, body);
            message.success(t('community.pickup.saved', { name: saved.name }));
            page.reload();
          } else {
            const created = await api.post<PickupPoint>('/pickup-points', { ...body, ...(isLeader ? {} : { leaderId: values.leaderId }) }).catch((err: unknown) => {
              throw withLocalizedFieldErrors(err);
            });
            message.success(t('community.pickup.created', { name: created.name }));
            page.reset();
          }
        }}
      >
        {!point && !isLeader && (
          <Form.Item name="leaderId" label={t('community.pickup.leader')} extra={t('community.pickup.leaderHelp')} rules={[{ required: true, message: t('community.pickup.leaderRequired') }]}>
            <Select
              loading={leaders.loading}
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('community.pickup.leaderPlaceholder')}
              options={leaders.options.map((o) => ({ value: o.value, label: o.label, title: o.hint }))}
              optionRender={(o) => (
                <span>
                  {o.label}
                  {o.data.title && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {' '}
                      · {o.data.title}
                    </Typography.Text>
                  )}
                </span>
              )}
              notFoundContent={leaders.error ? leaders.error.message : undefined}
              data-testid="pickup-leader"
            />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('community.pickup.name')} rules={[{ required: true, whitespace: true, message: t('community.pickup.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('community.pickup.namePlaceholder')} data-testid="pickup-name" />
        </Form.Item>
        <Form.Item name="address" label={t('community.pickup.address')} rules={[{ required: true, whitespace: true, message: t('community.pickup.addressRequired') }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('community.pickup.addressPlaceholder')} data-testid="pickup-address" />
        </Form.Item>
        <Form.Item name="openingHours" label={t('community.pickup.openingHours')}>
          <Input maxLength={100} placeholder={t('community.pickup.openingHoursPlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('community.pickup.contactName')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactPhone" label={t('community.pickup.contactPhone')}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="capacity" label={t('community.pickup.capacity')} extra={t('community.pickup.capacityHelp')} rules={[{ required: true, message: t('community.pickup.capacityRequired') }]}>
          <InputNumber min={1} max={100_000} precision={0} style={{ width: 200 }} suffix={t('community.pickup.ordersSuffix')} />
        </Form.Item>
      </FormModal>
    </PageContainer>
  );
}
