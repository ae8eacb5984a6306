import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Descriptions, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ROSTER_STATUSES, type Group } from '../../api/community-types';
import { useMe, useSession } from '../../session';
import { PageContainer } from '../../components/page-container';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { GroupStatusTag, GroupTypeTag, SourceBreakdown } from './community-ui';
import { GroupFormModal } from './group-form-modal';
import { GroupRoster } from './group-roster';
import { GroupInvites } from './group-invites';
import { ModerationLog, ModerationRules } from './moderation-panels';
import { GroupPlaybooks, MutedGroupBanner } from './group-playbooks';

const TABS = ['roster', 'invites', 'moderation', 'playbooks', 'sources'] as const;
type TabKey = (typeof TABS)[number];

/**
 * One group: its details (editable by owners and operators; `?edit=1` opens the form), a banner
 * while it is muted, and tabs for roster, invites, moderation, playbooks and sources.
 */
export function GroupDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const { can } = useSession();
  const canManage = can('community.manage');
  const [params, setUrl] = useUrlParams();
  const tab: TabKey = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'roster';
  const group = useApiData(() => api.get<Group>(`/groups/${encodeURIComponent(id)}`), id);
  const [editing, setEditing] = useState(false);
  // Runs change the group (a mute) and the group's runs: both reload after a run or an undo.
  const [runsVersion, setRunsVersion] = useState(0);
  const reloadGroup = group.reload;
  const onPlaybookChanged = useCallback(() => {
    setRunsVersion((v) => v + 1);
    reloadGroup();
  }, [reloadGroup]);
  const wantsEdit = params.get('edit') === '1';
  useEffect(() => {
    if (wantsEdit && canManage && group.data) {
      setEditing(true);
      setUrl({ edit: '' });
    }
  }, [wantsEdit, canManage, group.data, setUrl]);
  const g = group.data;
  const listTitle = me.actor.role === 'leader' ? t('community.groups.myTitle') : t('community.groups.title');
  const crumbs = [{ title: listTitle, to: '/groups' }];

  if (group.error && !g) {
    return (
      <PageContainer title={t('community.detail.title')} breadcrumb={crumbs}>
        {group.error.status === 404 ? <Result status="404" title={t('community.detail.notFound')} /> : <ProblemAlert error={group.error} onRetry={group.reload} />}
      </PageContainer>
    );
  }
  if (!g) {
    return (
      <PageContainer title={t('community.detail.title')} breadcrumb={crumbs}>
        <Card variant="borderless">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageContainer>
    );
  }

  return (
    <PageContainer
      title={
        <Space size={8} wrap>
          <span data-testid="group-title">{g.name}</span>
          <GroupTypeTag type={g.type} />
          <GroupStatusTag status={g.status} />
        </Space>
      }
      documentTitle={g.name}
      breadcrumb={[...crumbs, { title: g.name }]}
      extra={
        canManage && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="group-edit">
            {t('common.edit')}
          </Button>
        )
      }
    >
      {group.error && <ProblemAlert error={group.error} onRetry={group.reload} />}
      <MutedGroupBanner group={g} version={runsVersion} onChanged={onPlaybookChanged} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" data-testid="group-info">
          <Descriptions.Item label={t('community.detail.orgUnit')}>{g.orgUnitName || <span className="mono">{g.orgUnitId}</span>}</Descriptions.Item>
          <Descriptions.Item label={t('community.detail.leaders')}>
            {g.leaders.length ? g.leaders.map((l) => l.name).join('、') : <Typography.Text type="secondary">{t('community.groups.noLeaders')}</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('community.detail.members')}>
            <span data-testid="group-member-count">
              <Typography.Text strong>{g.counts.active + g.counts.muted}</Typography.Text> / {g.capacity}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.detail.roster')} span={{ xs: 1, md: 2, xl: 2 }}>
            <span className="roster-counts" data-testid="group-counts">
              {ROSTER_STATUSES.map((s) => (
                <span key={s}>
                  {t(`community.rosterStatuses.${s}`)} <Typography.Text strong>{g.counts[s]}</Typography.Text>
                </span>
              ))}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('community.detail.warnLimit')}>{t('community.detail.warnLimitValue', { count: g.warnLimit })}</Descriptions.Item>
          <Descriptions.Item label={t('community.detail.externalId')}>{g.externalId ? <span className="mono">{g.externalId}</span> : <Typography.Text type="secondary">—</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>{formatDateTime(g.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatDateTime(g.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('community.detail.purpose')} span="filled">
            {g.purpose || <Typography.Text type="secondary">—</Typography.Text>}
          </Descriptions.Item>
          <Descriptions.Item label={t('community.detail.rules')} span="filled">
            {g.rules ? <div className="group-rules">{g.rules}</div> : <Typography.Text type="secondary">{t('community.detail.noRules')}</Typography.Text>}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card variant="borderless" styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setUrl({ tab: key === 'roster' ? '' : key })}
          destroyOnHidden
          items={[
            { key: 'roster', label: t('community.detail.tabs.roster'), children: <GroupRoster group={g} onChanged={group.reload} /> },
            { key: 'invites', label: t('community.detail.tabs.invites'), children: <GroupInvites group={g} /> },
            {
              key: 'moderation',
              label: t('community.detail.tabs.moderation'),
              children: (
                <div>
                  <Typography.Title level={5} style={{ marginTop: 0 }}>
                    {t('community.log.title')}
                  </Typography.Title>
                  <ModerationLog groupId={g.id} />
                  <Typography.Title level={5} style={{ marginTop: 24 }}>
                    {t('community.rules.title')}
                  </Typography.Title>
                  <ModerationRules groupId={g.id} groupName={g.name} />
                </div>
              ),
            },
            {
              key: 'playbooks',
              label: t('community.detail.tabs.playbooks'),
              children: <GroupPlaybooks group={g} version={runsVersion} onChanged={onPlaybookChanged} />,
            },
            { key: 'sources', label: t('community.detail.tabs.sources'), children: <SourceBreakdown sources={g.sources} /> },
          ]}
          data-testid="group-tabs"
        />
      </Card>
      {canManage && (
        <GroupFormModal
          open={editing}
          group={g}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            message.success(t('community.detail.saved', { name: saved.name }));
            group.reload();
          }}
        />
      )}
    </PageContainer>
  );
}
