import { useCallback, useState } from 'react';
import { App, Button, Empty, Form, Input, Popconfirm, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import { MODERATION_KINDS, type ModerationAction, type ModerationEvent, type ModerationKind, type ModerationRule } from '../../api/community-types';
import { useSession } from '../../session';
import { CursorPager } from '../../components/cursor-pager';
import { FormModal } from '../../components/form-modal';
import { ProblemAlert } from '../../components/problem-alert';
import { useCursorPage } from '../../components/use-cursor-page';
import { useUrlParams } from '../../components/use-url-params';
import { formatDateTime, formatDateTimeSeconds } from '../../components/format';
import { useGroupOptions } from './community-data';
import { EmptyHint, ModerationKindTag, RuleActionTag } from './community-ui';

interface RuleForm {
  keyword: string;
  action: ModerationAction;
  scope: 'tenant' | 'group';
  groupId?: string;
  note?: string;
}

/**
 * Keyword rules: tenant-wide ones and those of the groups the viewer sees (with `groupId`: the
 * tenant-wide ones and that group's). Owners and operators manage all; leaders their groups' rules.
 */
export function ModerationRules({ groupId, groupName }: { groupId?: string; groupName?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('community.manage');
  const [params, setUrl] = useUrlParams();
  // On the moderation page the list can be narrowed to one group (its rules and the tenant-wide ones).
  const filterGroup = groupId ?? params.get('rulesGroup') ?? '';
  const groups = useGroupOptions(!groupId);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<RuleForm>();
  const scope = Form.useWatch('scope', form);

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<ModerationRule>>('/moderation/rules', { groupId: filterGroup, limit, cursor }),
    [filterGroup],
  );
  const page = useCursorPage(fetchPage, `rules:${filterGroup}`);

  const deactivate = async (rule: ModerationRule) => {
    try {
      await api.post<ModerationRule>(`/moderation/rules/${encodeURIComponent(rule.id)}/deactivate`);
      message.success(t('community.rules.deactivated', { keyword: rule.keyword }));
      page.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
  };

  const columns: TableColumnsType<ModerationRule> = [
    {
      title: t('community.rules.columns.keyword'),
      dataIndex: 'keyword',
      width: 150,
      render: (v: string, r) => (
        <Typography.Text strong delete={!r.active} ellipsis={{ tooltip: v }} data-testid="rule-keyword">
          {v}
        </Typography.Text>
      ),
    },
    {
      title: t('community.rules.columns.action'),
      dataIndex: 'action',
      width: 90,
      render: (a: ModerationAction) => <RuleActionTag action={a} />,
    },
    {
      title: t('community.rules.columns.scope'),
      key: 'scope',
      width: 180,
      render: (_, r) =>
        r.groupId ? (
          groupId ? (
            <Tag style={{ marginInlineEnd: 0 }}>{t('community.rules.thisGroup')}</Tag>
          ) : (
            <Link to={`/groups/${encodeURIComponent(r.groupId)}`}>{r.groupName || r.groupId}</Link>
          )
        ) : (
          <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
            {t('community.rules.tenantWide')}
          </Tag>
        ),
    },
    {
      title: t('community.rules.columns.note'),
      dataIndex: 'note',
      render: (v: string) => (v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('community.rules.columns.state'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) => (
        <Tag color={active ? 'success' : 'default'} style={{ marginInlineEnd: 0 }}>
          {active ? t('community.rules.active') : t('community.rules.inactive')}
        </Tag>
      ),
    },
    {
      title: t('community.rules.columns.createdBy'),
      key: 'createdBy',
      width: 150,
      render: (_, r) => (
        <div style={{ fontSize: 13 }}>
          <div>{r.createdByName || <span className="mono">{r.createdBy}</span>}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {formatDateTime(r.createdAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, r) =>
        r.active && (canManage || r.groupId) ? (
          <Popconfirm
            title={t('community.rules.deactivateTitle')}
            description={<div style={{ maxWidth: 280 }}>{t('community.rules.deactivateConfirm', { keyword: r.keyword })}</div>}
            okText={t('community.rules.deactivate')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => deactivate(r)}
          >
            <a className="link-danger" data-testid="rule-deactivate">
              {t('community.rules.deactivate')}
            </a>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <div data-testid="moderation-rules">
      <div className="toolbar">
        {groupId ? (
          <Typography.Text type="secondary" style={{ flex: 1, minWidth: 240 }}>
            {t('community.rules.groupIntro')}
          </Typography.Text>
        ) : (
          <>
            <Select
              value={filterGroup}
              style={{ width: 240 }}
              loading={groups.loading}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v: string) => setUrl({ rulesGroup: v })}
              options={[{ value: '', label: `${t('community.rules.scopeFilter')}: ${t('common.all')}` }, ...groups.options]}
              data-testid="rules-group-filter"
            />
            <span className="toolbar-spacer" />
          </>
        )}
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="rule-new">
          {t('community.rules.new')}
        </Button>
      </div>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<ModerationRule>
        rowKey="id"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        scroll={{ x: 900 }}
        tableLayout="fixed"
        rowClassName={(r) => (r.active ? '' : 'row-muted')}
        locale={{ emptyText: page.loading ? ' ' : <EmptyHint text={t('community.rules.empty')} hint={t('community.rules.emptyHint')} /> }}
        data-testid="rule-table"
      />
      <CursorPager page={page} />

      <FormModal<RuleForm>
        title={t('community.rules.new')}
        open={creating}
        onClose={() => setCreating(false)}
        form={form}
        fields={['keyword', 'action', 'groupId', 'note']}
        initialValues={{ action: 'warn', scope: groupId || !canManage ? 'group' : 'tenant', groupId }}
        submit={async (values) => {
          const target = groupId ?? (values.scope === 'group' ? values.groupId : undefined);
          const rule = await api.post<ModerationRule>('/moderation/rules', {
            keyword: values.keyword.trim(),
            action: values.action,
            note: (values.note ?? '').trim(),
            ...(target ? { groupId: target } : {}),
          });
          message.success(t('community.rules.created', { keyword: rule.keyword }));
          page.reset();
        }}
      >
        <Form.Item
          name="keyword"
          label={t('community.rules.keyword')}
          extra={t('community.rules.keywordHelp')}
          rules={[{ required: true, whitespace: true, message: t('community.rules.keywordRequired') }]}
        >
          <Input maxLength={50} autoFocus data-testid="rule-keyword-input" />
        </Form.Item>
        <Form.Item name="action" label={t('community.rules.action')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space orientation="vertical" size={6}>
              {(['warn', 'block'] as const).map((a) => (
                <Radio key={a} value={a}>
                  {t(`community.ruleActions.${a}`)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    — {t(`community.rules.actionHelp.${a}`)}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        {groupId ? (
          <Form.Item label={t('community.rules.scope')}>
            <Typography.Text>{t('community.rules.onlyGroup', { name: groupName ?? '' })}</Typography.Text>
          </Form.Item>
        ) : (
          <>
            <Form.Item name="scope" label={t('community.rules.scope')}>
              <Radio.Group
                options={[
                  { value: 'tenant', label: t('community.rules.tenantWide'), disabled: !canManage },
                  { value: 'group', label: t('community.rules.oneGroup') },
                ]}
              />
            </Form.Item>
            {scope === 'group' && (
              <Form.Item name="groupId" label={t('community.rules.group')} rules={[{ required: true, message: t('community.rules.groupRequired') }]}>
                <Select
                  loading={groups.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={groups.options}
                  placeholder={t('community.rules.groupPlaceholder')}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="note" label={t('community.rules.note')}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('community.rules.notePlaceholder')} />
        </Form.Item>
      </FormModal>
    </div>
  );
}

/** The moderation log, newest first: violations and every action on members, by whom. With `groupId`, one group's. */
export function ModerationLog({ groupId }: { groupId?: string }) {
  const { t } = useTranslation();
  const [params, setUrl] = useUrlParams();
  const kind = (MODERATION_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as ModerationKind) : '';
  const filterGroup = groupId ?? params.get('group') ?? '';
  const groups = useGroupOptions(!groupId);
  const filtered = Boolean(kind || (!groupId && filterGroup));

  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<ModerationEvent>>('/moderation/events', { groupId: filterGroup, kind, limit, cursor }),
    [filterGroup, kind],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ filterGroup, kind }));

  const columns: TableColumnsType<ModerationEvent> = [
    {
      title: t('community.log.columns.time'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap', fontSize: 13 }}>{formatDateTimeSeconds(v)}</span>,
    },
    ...(groupId
      ? []
      : [
          {
            title: t('community.log.columns.group'),
            key: 'group',
            width: 160,
            render: (_: unknown, e: ModerationEvent) => (
              <Link to={`/groups/${encodeURIComponent(e.groupId)}?tab=moderation`}>
                <Typography.Text ellipsis={{ tooltip: e.groupName }} style={{ color: 'inherit' }}>
                  {e.groupName || e.groupId}
                </Typography.Text>
              </Link>
            ),
          },
        ]),
    {
      title: t('community.log.columns.member'),
      key: 'member',
      width: 100,
      render: (_, e) => (e.memberId ? e.memberName || <span className="mono">{e.memberId}</span> : <Typography.Text type="secondary">{t('community.log.unknownSender')}</Typography.Text>),
    },
    {
      title: t('community.log.columns.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: ModerationKind) => <ModerationKindTag kind={k} />,
    },
    {
      title: t('community.log.columns.content'),
      key: 'content',
      render: (_, e) =>
        e.keyword || e.excerpt ? (
          <div style={{ minWidth: 0 }}>
            {e.keyword && (
              <Tag color="red" variant="outlined" style={{ marginInlineEnd: 6 }}>
                {e.keyword}
              </Tag>
            )}
            {e.excerpt && (
              <Typography.Text type="secondary" ellipsis={{ tooltip: e.excerpt }} style={{ fontSize: 13 }}>
                「{e.excerpt}」
              </Typography.Text>
            )}
          </div>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('community.log.columns.reason'),
      dataIndex: 'reason',
      width: 180,
      render: (v: string) => (v ? <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ margin: 0, fontSize: 13 }}>{v}</Typography.Paragraph> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: t('community.log.columns.actor'),
      key: 'actor',
      width: 130,
      render: (_, e) => (
        // Staff by name with their kind; an integration or the system by kind alone (their "name" is generic).
        <div style={{ fontSize: 13 }}>
          {e.actorType === 'user' || e.actorType === 'member' ? (
            <>
              <div>{e.actorName || <span className="mono">{e.actorId}</span>}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`community.log.actorTypes.${actorType(e.actorType)}`)}
              </Typography.Text>
            </>
          ) : (
            <div>{t(`community.log.actorTypes.${actorType(e.actorType)}`)}</div>
          )}
        </div>
      ),
    },
  ];

  return (
    <div data-testid="moderation-log">
      <div className="toolbar">
        <Select
          value={kind}
          style={{ width: 170 }}
          onChange={(v: string) => setUrl({ kind: v })}
          options={[{ value: '', label: `${t('community.log.kindFilter')}: ${t('common.all')}` }, ...MODERATION_KINDS.map((k) => ({ value: k, label: t(`community.kinds.${k}`) }))]}
          data-testid="log-kind-filter"
        />
        {!groupId && (
          <Select
            value={filterGroup}
            style={{ width: 240 }}
            loading={groups.loading}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(v: string) => setUrl({ group: v })}
            options={[{ value: '', label: `${t('community.log.groupFilter')}: ${t('common.all')}` }, ...groups.options]}
            data-testid="log-group-filter"
          />
        )}
        {filtered && (
          <Button type="link" onClick={() => setUrl({ kind: '', ...(groupId ? {} : { group: '' }) })}>
            {t('common.reset')}
          </Button>
        )}
      </div>
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<ModerationEvent>
        rowKey="id"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        scroll={{ x: groupId ? 1000 : 1110 }}
        tableLayout="fixed"
        locale={{
          emptyText: page.loading ? ' ' : filtered ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.log.emptyFiltered')} /> : <EmptyHint text={t('community.log.empty')} hint={t('community.log.emptyHint')} />,
        }}
        data-testid="log-table"
      />
      <CursorPager page={page} />
    </div>
  );
}

const ACTOR_TYPES = ['user', 'member', 'token', 'system'] as const;
function actorType(v: string): (typeof ACTOR_TYPES)[number] {
  return (ACTOR_TYPES as readonly string[]).includes(v) ? (v as (typeof ACTOR_TYPES)[number]) : 'system';
}
