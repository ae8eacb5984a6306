import { useCallback, useState } from 'react';
import { App, Button, Empty, Form, Input, Select, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import { JOIN_SOURCES, ROSTER_STATUSES, type Group, type GroupMember, type JoinSource, type MemberAction, type RosterStatus } from '../../api/community-types';
import { useMe } from '../../session';
import { CursorPager } from '../../components/cursor-pager';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime } from '../../components/format';
import { isDangerAction, memberActionsFor, reasonRequired } from './community-model';
import { EmptyHint, ReferrerText, RosterStatusTag, SourceTag } from './community-ui';

interface ReasonForm {
  reason: string;
}

/** A person on the roster by name, or by (possibly masked) phone when they gave none. */
export function memberLabel(m: Pick<GroupMember, 'name' | 'phone'>): string {
  return m.name || m.phone;
}

/**
 * A group's roster: status and source filters and search in the URL, newest joiners first; row
 * actions (remove, ban, unban, mute, unmute) valid for each member's status, each with a reason.
 */
export function GroupRoster({ group, onChanged }: { group: Group; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const isLeader = me.actor.role === 'leader';
  const [params, setUrl] = useUrlParams();
  const status = (ROSTER_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as RosterStatus) : '';
  const source = (JOIN_SOURCES as readonly string[]).includes(params.get('source') ?? '') ? (params.get('source') as JoinSource) : '';
  const q = params.get('q') ?? '';
  const filtered = Boolean(status || source || q);
  const [acting, setActing] = useState<{ member: GroupMember; action: MemberAction } | null>(null);
  const [form] = Form.useForm<ReasonForm>();

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) =>
      api.get<Page<GroupMember>>(`/groups/${encodeURIComponent(group.id)}/members`, { status, source, q, limit, cursor }),
    [group.id, status, source, q],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ id: group.id, status, source, q }));

  const columns: TableColumnsType<GroupMember> = [
    {
      title: t('community.roster.columns.member'),
      key: 'member',
      width: 90,
      render: (_, m) => (
        <Typography.Text strong ellipsis={{ tooltip: memberLabel(m) }}>
          {m.name || <Typography.Text type="secondary">{t('community.roster.noName')}</Typography.Text>}
        </Typography.Text>
      ),
    },
    {
      title: t('community.roster.columns.phone'),
      dataIndex: 'phone',
      width: 132,
      render: (v: string) => (
        <span className="mono" style={{ whiteSpace: 'nowrap' }} data-testid="roster-phone">
          {v || '—'}
        </span>
      ),
    },
    {
      title: t('community.roster.columns.source'),
      key: 'source',
      width: 140,
      render: (_, m) => <SourceTag source={m.source} eventName={m.eventName} />,
    },
    {
      title: t('community.roster.columns.referrer'),
      key: 'referrer',
      width: 120,
      render: (_, m) => <ReferrerText referrer={m.referrer} />,
    },
    {
      title: t('community.roster.columns.joinedAt'),
      dataIndex: 'joinedAt',
      width: 140,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('community.roster.columns.rulesAccepted'),
      dataIndex: 'rulesAcceptedAt',
      width: 86,
      render: (v: string | null) =>
        v ? (
          <Tooltip title={t('community.roster.rulesAcceptedAt', { time: formatDateTime(v) })}>
            <Typography.Text type="success" style={{ whiteSpace: 'nowrap' }}>
              <CheckCircleOutlined /> {t('community.roster.rulesAccepted')}
            </Typography.Text>
          </Tooltip>
        ) : (
          <Typography.Text type="secondary">{t('community.roster.rulesNotAccepted')}</Typography.Text>
        ),
    },
    {
      title: (
        <Tooltip title={t('community.roster.warningsHelp', { limit: group.warnLimit })}>
          <span>{t('community.roster.columns.warnings')}</span>
        </Tooltip>
      ),
      dataIndex: 'warnings',
      width: 94,
      align: 'right',
      render: (v: number) => (
        <Typography.Text type={v > 0 ? 'warning' : 'secondary'} style={{ whiteSpace: 'nowrap' }} data-testid="roster-warnings">
          {v} / {group.warnLimit}
        </Typography.Text>
      ),
    },
    {
      title: t('community.roster.columns.status'),
      key: 'status',
      width: 130,
      render: (_, m) => (
        <div style={{ minWidth: 0 }}>
          <RosterStatusTag status={m.status} />
          {m.statusReason && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: m.statusReason }} style={{ margin: '2px 0 0', fontSize: 12 }} data-testid="roster-reason">
              {m.statusReason}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, m) => (
        <Space size={12} wrap={false}>
          {memberActionsFor(m.status).map((action) => (
            <a
              key={action}
              className={isDangerAction(action) ? 'link-danger' : undefined}
              onClick={() => setActing({ member: m, action })}
              data-testid={`roster-${action}`}
              style={{ whiteSpace: 'nowrap' }}
            >
              {t(`community.memberActions.${action}`)}
            </a>
          ))}
        </Space>
      ),
    },
  ];

  const emptyText = filtered ? (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.roster.emptyFiltered')} />
  ) : (
    <EmptyHint text={t('community.roster.empty')} hint={t('community.roster.emptyHint')} />
  );

  const action = acting?.action;
  const actionLabel = action ? t(`community.memberActions.${action}`) : '';

  return (
    <div data-testid="group-roster">
      <div className="toolbar">
        <Select
          value={status}
          style={{ width: 150 }}
          onChange={(v: string) => setUrl({ status: v })}
          options={[
            { value: '', label: `${t('community.roster.statusFilter')}: ${t('common.all')}` },
            ...ROSTER_STATUSES.map((s) => ({ value: s, label: t(`community.rosterStatuses.${s}`) })),
          ]}
          data-testid="roster-status-filter"
        />
        <Select
          value={source}
          style={{ width: 170 }}
          onChange={(v: string) => setUrl({ source: v })}
          options={[
            { value: '', label: `${t('community.roster.sourceFilter')}: ${t('common.all')}` },
            ...JOIN_SOURCES.map((s) => ({ value: s, label: t(`community.sources.${s}`) })),
          ]}
          data-testid="roster-source-filter"
        />
        <Input.Search
          key={`q-${q}`}
          defaultValue={q}
          placeholder={isLeader ? t('community.roster.searchNamePlaceholder') : t('community.roster.searchPlaceholder')}
          allowClear
          enterButton
          style={{ width: 260 }}
          onSearch={(v) => setUrl({ q: v.trim() })}
          data-testid="roster-search"
        />
        {filtered && (
          <Button type="link" onClick={() => setUrl({ status: '', source: '', q: '' })}>
            {t('common.reset')}
          </Button>
        )}
      </div>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<GroupMember>
        rowKey="memberId"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        scroll={{ x: 1120 }}
        tableLayout="fixed"
        locale={{ emptyText: page.loading ? ' ' : emptyText }}
        data-testid="roster-table"
      />
      <CursorPager page={page} />

      <FormModal<ReasonForm>
        title={acting ? t('community.roster.actionTitle', { action: actionLabel, name: memberLabel(acting.member) }) : ''}
        open={Boolean(acting)}
        onClose={() => setActing(null)}
        form={form}
        fields={['reason']}
        okText={actionLabel}
        submit={async (values) => {
          if (!acting) return;
          const m = await api.post<GroupMember>(
            `/groups/${encodeURIComponent(group.id)}/members/${encodeURIComponent(acting.member.memberId)}/${acting.action}`,
            { reason: (values.reason ?? '').trim() },
          );
          message.success(t('community.roster.done', { action: actionLabel, name: memberLabel(m), status: t(`community.rosterStatuses.${m.status}`) }));
          page.reload();
          onChanged();
        }}
      >
        {acting && (
          <div style={{ marginBottom: 12 }} data-testid="member-action-modal">
            <Space size={8} wrap>
              <Typography.Text strong>{memberLabel(acting.member)}</Typography.Text>
              <span className="mono">{acting.member.phone}</span>
              <RosterStatusTag status={acting.member.status} />
            </Space>
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t(`community.roster.actionHelp.${acting.action}`)}
            </Typography.Paragraph>
          </div>
        )}
        <Form.Item
          name="reason"
          label={t('community.roster.reason')}
          rules={action && reasonRequired(action) ? [{ required: true, whitespace: true, message: t('community.roster.reasonRequired') }] : []}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            autoFocus
            placeholder={action && reasonRequired(action) ? t('community.roster.reasonPlaceholder') : t('community.roster.reasonOptional')}
            data-testid="member-action-reason"
          />
        </Form.Item>
      </FormModal>
    </div>
  );
}
