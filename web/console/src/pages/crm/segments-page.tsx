import { useState } from 'react';
import { App, Button, Card, Table, Typography, type TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { Segment } from '../../api/crm-types';
import { formatDateTime } from '../../components/format';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { crm, useSegments } from './crm-data';
import { EmptyState } from './crm-ui';

/** 细分: the saved segments with their member counts; a new one opens the builder. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [version, setVersion] = useState(0);
  const segments = useSegments(version);

  const remove = (s: Segment) =>
    modal.confirm({
      title: t('crm.segments.deleteConfirm', { name: s.name }),
      content: t('crm.segments.deleteHint'),
      okText: t('crm.segments.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await crm.deleteSegment(s.id);
          message.success(t('crm.segments.deleted', { name: s.name }));
          setVersion((v) => v + 1);
        } catch (err) {
          message.error(err instanceof ApiError ? err.message : String(err));
        }
      },
    });

  const columns: TableColumnsType<Segment> = [
    {
      title: t('crm.segments.columns.name'),
      key: 'name',
      width: 220,
      render: (_, s) => (
        <Link to={`/crm/segments/${encodeURIComponent(s.id)}`} data-testid="segment-link">
          <Typography.Text strong ellipsis={{ tooltip: s.name }} style={{ color: 'inherit', maxWidth: '100%' }}>
            {s.name}
          </Typography.Text>
        </Link>
      ),
    },
    {
      title: t('crm.segments.columns.description'),
      dataIndex: 'description',
      render: (v: string) => (v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('crm.segments.columns.members'),
      dataIndex: 'memberCount',
      width: 110,
      align: 'right',
      render: (v: number, s) => (
        <Link to={`/crm/profiles?segmentId=${encodeURIComponent(s.id)}`} data-testid="segment-count">
          {v}
        </Link>
      ),
    },
    { title: t('crm.segments.columns.refreshed'), dataIndex: 'refreshedAt', width: 160, render: (v: string | null) => <span className="nowrap">{formatDateTime(v)}</span> },
    { title: t('crm.segments.columns.updated'), dataIndex: 'updatedAt', width: 160, render: (v: string) => <span className="nowrap">{formatDateTime(v)}</span> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, s) => (
        <span className="nowrap">
          <Button type="link" size="small" onClick={() => navigate(`/crm/segments/${encodeURIComponent(s.id)}?tab=rule`)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(s)} data-testid="segment-delete">
            {t('crm.segments.delete')}
          </Button>
        </span>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('crm.segments.title')}
      intro={t('crm.segments.intro')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/crm/segments/new')} data-testid="segment-new">
          {t('crm.segments.new')}
        </Button>
      }
    >
      <Card variant="borderless">
        {segments.error && <ProblemAlert error={segments.error} onRetry={segments.reload} />}
        <Table<Segment>
          rowKey="id"
          columns={columns}
          dataSource={segments.data ?? []}
          loading={segments.loading}
          pagination={false}
          scroll={{ x: 960 }}
          tableLayout="fixed"
          locale={{ emptyText: segments.loading ? ' ' : <EmptyState text={t('crm.segments.empty')} hint={t('crm.segments.emptyHint')} /> }}
          data-testid="segments-table"
        />
      </Card>
    </PageContainer>
  );
}
