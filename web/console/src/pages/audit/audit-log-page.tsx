import { useCallback } from 'react';
import { Button, Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { AuditEntry } from '../../api/types';
import { PageContainer } from '../../components/page-container';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTimeSeconds } from '../../components/format';

const ACTOR_TYPES = ['user', 'member', 'token', 'system'] as const;

function hasData(data: unknown): boolean {
  if (data === null || data === undefined) return false;
  if (typeof data === 'object') return Object.keys(data as object).length > 0;
  return true;
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<AuditEntry>>('/audit-log', { cursor, limit }),
    [],
  );
  const page = useCursorPage(fetchPage, 'audit-log');

  const actorLabel = (type: string) =>
    (ACTOR_TYPES as readonly string[]).includes(type) ? t(`auditLog.actorTypes.${type as (typeof ACTOR_TYPES)[number]}`) : type;

  const columns: TableColumnsType<AuditEntry> = [
    {
      title: t('auditLog.time'),
      dataIndex: 'createdAt',
      width: 180,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTimeSeconds(v)}</span>,
    },
    {
      title: t('auditLog.actor'),
      key: 'actor',
      width: 180,
      render: (_, e) => (
        <span>
          {e.actor?.name ?? '—'}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {actorLabel(e.actor?.type ?? 'system')}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('auditLog.action'),
      dataIndex: 'action',
      width: 200,
      render: (a: string) => (
        <Tag className="mono" style={{ marginInlineEnd: 0 }}>
          {a}
        </Tag>
      ),
    },
    {
      title: t('auditLog.entity'),
      key: 'entity',
      render: (_, e) => (
        <span>
          {e.entityType}{' '}
          {e.entityId && (
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
              {e.entityId}
            </Typography.Text>
          )}
        </span>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('auditLog.title')}
      intro={t('auditLog.intro')}
      extra={
        <Button icon={<ReloadOutlined />} onClick={page.reset} loading={page.loading}>
          {t('common.refresh')}
        </Button>
      }
    >
      <Card variant="borderless">
        {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
        <Table<AuditEntry>
          rowKey="id"
          columns={columns}
          dataSource={page.items}
          loading={page.loading}
          pagination={false}
          scroll={{ x: 900 }}
          expandable={{
            rowExpandable: (e) => hasData(e.data),
            expandedRowRender: (e) => <pre className="json-cell mono">{JSON.stringify(e.data, null, 2)}</pre>,
          }}
          locale={{ emptyText: page.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('auditLog.empty')} /> }}
        />
        <CursorPager page={page} />
      </Card>
    </PageContainer>
  );
}
