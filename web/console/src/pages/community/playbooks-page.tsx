import { useState } from 'react';
import { Button, Card, Select, Table, Typography, type TableColumnsType } from 'antd';
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Playbook } from '../../api/community-types';
import { useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { useGroupOptions } from './community-data';
import { EmptyHint } from './community-ui';
import { PlaybookFormModal } from './playbook-form-modal';
import { PlaybookRunsTable, RunPlaybookModal, StepChips } from './playbook-ui';

/**
 * 突发预案: the playbooks with their steps, a form for a new one (owners and operators), running one
 * on a group (leaders too: on their groups) and the runs with their logs and undo.
 */
export function PlaybooksPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const canManage = can('playbooks.manage');
  const [params, setUrl] = useUrlParams();
  const groupFilter = params.get('group') ?? '';
  const playbooks = useApiData(() => api.get<{ items: Playbook[] }>('/playbooks'), 'playbooks');
  const groups = useGroupOptions();
  const [creating, setCreating] = useState(false);
  const [running, setRunning] = useState<Playbook | null>(null);
  const [runOpen, setRunOpen] = useState(false);
  const [runsVersion, setRunsVersion] = useState(0);

  const columns: TableColumnsType<Playbook> = [
    {
      title: t('community.playbooks.columns.name'),
      key: 'name',
      width: 220,
      render: (_, p) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong data-testid="playbook-title">
            {p.name}
          </Typography.Text>
          {p.description && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: p.description }} style={{ margin: '2px 0 0', fontSize: 13 }}>
              {p.description}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: t('community.playbooks.columns.steps'),
      key: 'steps',
      render: (_, p) => <StepChips steps={p.steps} />,
    },
    {
      title: t('community.playbooks.columns.createdBy'),
      key: 'createdBy',
      width: 150,
      render: (_, p) => (
        <div style={{ fontSize: 13 }}>
          <div>{p.createdByName || <span className="mono">{p.createdBy}</span>}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {formatDateTime(p.createdAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, p) => (
        <Button size="small" icon={<PlayCircleOutlined />} onClick={() => {
            setRunning(p);
            setRunOpen(true);
          }} data-testid="playbook-run">
          {t('community.playbooks.run')}
        </Button>
      ),
    },
  ];

  const items = playbooks.data?.items ?? [];

  return (
    <PageContainer
      title={t('community.playbooks.title')}
      intro={t('community.playbooks.intro')}
      extra={
        canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="playbook-new">
            {t('community.playbooks.new')}
          </Button>
        )
      }
    >
      <Card variant="borderless" title={t('community.playbooks.listTitle')} style={{ marginBottom: 16 }}>
        {playbooks.error && <ProblemAlert error={playbooks.error} onRetry={playbooks.reload} />}
        <Table<Playbook>
          rowKey="id"
          columns={columns}
          dataSource={items}
          loading={playbooks.loading}
          pagination={false}
          scroll={{ x: 860 }}
          tableLayout="fixed"
          locale={{
            emptyText: playbooks.loading ? ' ' : <EmptyHint text={t('community.playbooks.empty')} hint={canManage ? t('community.playbooks.emptyHint') : t('community.playbooks.emptyLeaderHint')} />,
          }}
          data-testid="playbook-table"
        />
      </Card>
      <Card variant="borderless" title={t('community.playbooks.runs.title')}>
        <PlaybookRunsTable
          groupId={groupFilter || undefined}
          refreshKey={runsVersion}
          toolbar={
            <div className="toolbar">
              <Select
                value={groupFilter}
                style={{ width: 260 }}
                loading={groups.loading}
                showSearch={{ optionFilterProp: 'label' }}
                onChange={(v: string) => setUrl({ group: v })}
                options={[{ value: '', label: `${t('community.playbooks.runs.groupFilter')}: ${t('common.all')}` }, ...groups.options]}
                data-testid="runs-group-filter"
              />
            </div>
          }
        />
      </Card>

      {canManage && <PlaybookFormModal open={creating} onClose={() => setCreating(false)} onCreated={() => playbooks.reload()} />}
      <RunPlaybookModal open={runOpen} playbook={running ?? undefined} onClose={() => setRunOpen(false)} onRan={() => setRunsVersion((v) => v + 1)} />
    </PageContainer>
  );
}
