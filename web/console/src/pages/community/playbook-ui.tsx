import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Alert, App, Button, Empty, Form, Modal, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { CheckCircleFilled, MinusCircleFilled, RollbackOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Page } from '../../api/client';
import type { Group, GroupStatus, Playbook, PlaybookLogEntry, PlaybookLogStatus, PlaybookRun, PlaybookStep, PlaybookStepKind } from '../../api/community-types';
import { CursorPager } from '../../components/cursor-pager';
import { ProblemAlert } from '../../components/problem-alert';
import { useApiData } from '../../components/use-api-data';
import { useCursorPage } from '../../components/use-cursor-page';
import { formatDateTime, formatDateTimeSeconds } from '../../components/format';
import { logLine, undoPlan } from './playbook-model';
import { EmptyHint, GroupStatusTag } from './community-ui';

const STEP_COLORS: Record<PlaybookStepKind, string> = {
  pause_campaigns: 'orange',
  post_announcement: 'blue',
  mute_group: 'red',
  notify_operator: 'purple',
};

/** One step as a chip: "暂停团购", "发公告「…」", "全员禁言", "通知运营「…」". */
export function StepChip({ step, index }: { step: PlaybookStep; index?: number }) {
  const { t } = useTranslation();
  const text = step.text?.trim() ?? '';
  const label = text ? t(`community.playbooks.chipsWithText.${step.kind}`, { text }) : t(`community.playbooks.chips.${step.kind}`);
  return (
    <Tag color={STEP_COLORS[step.kind]} variant="filled" style={{ marginInlineEnd: 0, maxWidth: '100%', whiteSpace: 'normal' }} data-kind={step.kind} data-testid="step-chip" title={text || undefined}>
      {index !== undefined && <span style={{ opacity: 0.65, marginInlineEnd: 4 }}>{index + 1}</span>}
      {label}
    </Tag>
  );
}

/** A playbook's steps in order, as chips. */
export function StepChips({ steps }: { steps: PlaybookStep[] }) {
  return (
    <div className="step-chips" data-testid="step-chips">
      {steps.map((s, i) => (
        <StepChip key={i} step={s} index={i} />
      ))}
    </div>
  );
}

export function RunStatusTag({ status }: { status: PlaybookRun['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'done' ? 'processing' : 'default'} style={{ marginInlineEnd: 0 }} data-status={status} data-testid="run-status">
      {t(`community.playbooks.runStatuses.${status}`)}
    </Tag>
  );
}

const LOG_COLORS: Record<PlaybookLogStatus, string> = { done: 'success', skipped: 'default', undone: 'warning' };

export function LogStatusTag({ status }: { status: PlaybookLogStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={LOG_COLORS[status]} style={{ marginInlineEnd: 0 }} data-status={status}>
      {t(`community.playbooks.logStatuses.${status}`)}
    </Tag>
  );
}

/** A log entry in the UI language: what the step did, with its figures. */
export function LogText({ entry }: { entry: PlaybookLogEntry }) {
  const { t } = useTranslation();
  const line = logLine(entry);
  const statusName = (s: GroupStatus | null) => (s ? t(`community.groupStatuses.${s}`) : t('community.playbooks.log.unknownStatus'));
  switch (line.key) {
    case 'paused':
      return <>{line.count === null ? t('community.playbooks.log.pausedSome') : t('community.playbooks.log.paused', { count: line.count })}</>;
    case 'resumed':
      return <>{line.count === null ? t('community.playbooks.log.resumedSome') : t('community.playbooks.log.resumed', { count: line.count })}</>;
    case 'nothingToPause':
      return <>{t('community.playbooks.log.nothingToPause')}</>;
    case 'muted':
      return <>{t('community.playbooks.log.muted', { previous: statusName(line.previous) })}</>;
    case 'notActive':
      return <>{t('community.playbooks.log.notActive', { status: statusName(line.status) })}</>;
    case 'unmuted':
      return <>{t('community.playbooks.log.unmuted', { previous: statusName(line.previous) })}</>;
    case 'leftAs':
      return <>{t('community.playbooks.log.leftAs', { status: statusName(line.status) })}</>;
    case 'announced':
      return <>{t('community.playbooks.log.announced', { text: line.text })}</>;
    case 'notified':
      return <>{line.text ? t('community.playbooks.log.notified', { text: line.text }) : t('community.playbooks.log.notifiedEmpty')}</>;
  }
}

/** A run's log: each step with its kind, done / skipped / undone, and what it did. */
export function RunLog({ run }: { run: PlaybookRun }) {
  const { t } = useTranslation();
  return (
    <ol className="run-log" data-testid="run-log">
      {run.log.map((e) => (
        <li key={e.step} className="run-log-entry" data-kind={e.kind} data-status={e.status} data-testid="run-log-entry">
          <span className="run-log-icon">
            {e.status === 'skipped' ? <MinusCircleFilled style={{ color: '#bfbfbf' }} /> : e.status === 'undone' ? <RollbackOutlined style={{ color: '#fa8c16' }} /> : <CheckCircleFilled style={{ color: '#52c41a' }} />}
          </span>
          <span className="run-log-kind">{t(`community.playbooks.stepKinds.${e.kind}`)}</span>
          <LogStatusTag status={e.status} />
          <Typography.Text type={e.status === 'skipped' ? 'secondary' : undefined} className="run-log-detail" title={e.detail}>
            <LogText entry={e} />
          </Typography.Text>
          <Typography.Text type="secondary" className="run-log-time">
            {formatDateTimeSeconds(e.at)}
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

/**
 * Undo with a confirmation that says what the undo puts back (paused campaigns, the mute) and what
 * it cannot take back (announcements posted, operators notified). Calls `onDone` with the run.
 */
export function useUndoRun(onDone: (run: PlaybookRun) => void) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  return useCallback(
    (run: PlaybookRun) => {
      const plan = undoPlan(run);
      modal.confirm({
        title: t('community.playbooks.undo.title', { playbook: run.playbookName, group: run.groupName }),
        width: 520,
        okText: t('community.playbooks.undo.ok'),
        cancelText: t('common.cancel'),
        content: (
          <div data-testid="undo-confirm">
            <Typography.Paragraph style={{ marginBottom: 6 }}>{t('community.playbooks.undo.willUndo')}</Typography.Paragraph>
            <ul className="undo-list">
              {plan.undo.map((e) => (
                <li key={e.step}>{t(`community.playbooks.undo.reverse.${e.kind === 'pause_campaigns' ? 'pause_campaigns' : 'mute_group'}`)}</li>
              ))}
            </ul>
            {plan.stays.length > 0 && (
              <>
                <Typography.Paragraph style={{ margin: '10px 0 6px' }}>{t('community.playbooks.undo.cannotUndo')}</Typography.Paragraph>
                <ul className="undo-list undo-list-stays">
                  {plan.stays.map((e) => (
                    <li key={e.step}>
                      <LogText entry={e} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: '10px 0 0', fontSize: 12 }}>
              {t('community.playbooks.undo.note')}
            </Typography.Paragraph>
          </div>
        ),
        onOk: async () => {
          try {
            const after = await api.post<PlaybookRun>(`/playbook-runs/${encodeURIComponent(run.id)}/undo`);
            message.success(t('community.playbooks.undo.done', { group: after.groupName }));
            onDone(after);
          } catch (err) {
            message.error(err instanceof ApiError ? err.message : String(err));
          }
        },
      });
    },
    [modal, message, t, onDone],
  );
}

/** Runs newest first, the whole log expandable, with undo while a run can be undone. With `groupId`, one group's. */
export function PlaybookRunsTable({ groupId, refreshKey, onUndone, toolbar }: { groupId?: string; refreshKey: number; onUndone?: (run: PlaybookRun) => void; toolbar?: ReactNode }) {
  const { t } = useTranslation();
  const fetchPage = useCallback(
    ({ cursor, limit }: { cursor: string | null; limit: number }) => api.get<Page<PlaybookRun>>('/playbook-runs', { groupId: groupId ?? '', limit, cursor }),
    [groupId],
  );
  const page = useCursorPage(fetchPage, JSON.stringify({ groupId, refreshKey }));
  const undo = useUndoRun(
    useCallback(
      (run: PlaybookRun) => {
        page.reload();
        onUndone?.(run);
      },
      [page.reload, onUndone],
    ),
  );

  const columns: TableColumnsType<PlaybookRun> = [
    {
      title: t('community.playbooks.runs.columns.time'),
      dataIndex: 'startedAt',
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap', fontSize: 13 }}>{formatDateTime(v)}</span>,
    },
    {
      title: t('community.playbooks.runs.columns.playbook'),
      dataIndex: 'playbookName',
      width: 200,
      render: (v: string, r) => (
        <Typography.Text strong ellipsis={{ tooltip: v }} data-testid="run-playbook">
          {v || <span className="mono">{r.playbookId}</span>}
        </Typography.Text>
      ),
    },
    ...(groupId
      ? []
      : [
          {
            title: t('community.playbooks.runs.columns.group'),
            key: 'group',
            width: 170,
            render: (_: unknown, r: PlaybookRun) => (
              <Link to={`/groups/${encodeURIComponent(r.groupId)}?tab=playbooks`}>
                <Typography.Text ellipsis={{ tooltip: r.groupName }} style={{ color: 'inherit' }}>
                  {r.groupName || r.groupId}
                </Typography.Text>
              </Link>
            ),
          },
        ]),
    {
      title: t('community.playbooks.runs.columns.steps'),
      key: 'steps',
      render: (_, r) => (
        <div className="step-chips" data-testid="run-steps">
          {r.log.map((e) => (
            <Tooltip key={e.step} title={t(`community.playbooks.logStatuses.${e.status}`)}>
              <Tag color={LOG_COLORS[e.status]} style={{ marginInlineEnd: 0 }} data-kind={e.kind} data-status={e.status}>
                {e.status === 'skipped' ? <MinusCircleFilled /> : e.status === 'undone' ? <RollbackOutlined /> : <CheckCircleFilled />} {t(`community.playbooks.chips.${e.kind}`)}
              </Tag>
            </Tooltip>
          ))}
        </div>
      ),
    },
    {
      title: t('community.playbooks.runs.columns.status'),
      key: 'status',
      width: 190,
      render: (_, r) => (
        <div style={{ fontSize: 13, minWidth: 0 }}>
          <RunStatusTag status={r.status} />
          {r.status === 'undone' && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('community.playbooks.runs.undoneBy', { name: r.undoneByName || r.undoneBy || '—', time: formatDateTime(r.undoneAt) })}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('community.playbooks.runs.columns.startedBy'),
      key: 'startedBy',
      width: 120,
      render: (_, r) => r.startedByName || <span className="mono">{r.startedBy}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_, r) =>
        r.canUndo ? (
          <a className="link-danger" onClick={() => undo(r)} data-testid="run-undo">
            {t('community.playbooks.undo.action')}
          </a>
        ) : null,
    },
  ];

  return (
    <div data-testid="playbook-runs">
      {toolbar}
      {page.error && <ProblemAlert error={page.error} onRetry={page.reload} />}
      <Table<PlaybookRun>
        rowKey="id"
        columns={columns}
        dataSource={page.items}
        loading={page.loading}
        pagination={false}
        scroll={{ x: groupId ? 860 : 1030 }}
        tableLayout="fixed"
        expandable={{ expandedRowRender: (r) => <RunLog run={r} />, expandRowByClick: false }}
        rowClassName={(r) => (r.status === 'undone' ? 'row-muted' : '')}
        locale={{ emptyText: page.loading ? ' ' : <EmptyHint text={t('community.playbooks.runs.empty')} hint={t('community.playbooks.runs.emptyHint')} /> }}
        data-testid="run-table"
      />
      <CursorPager page={page} />
    </div>
  );
}

/** What one step will do on a group, for the confirmation before running. */
function StepForecast({ step, group }: { step: PlaybookStep; group: Group | undefined }) {
  const { t } = useTranslation();
  const text = step.text?.trim() ?? '';
  const skipMute = step.kind === 'mute_group' && group && group.status !== 'active';
  return (
    <li data-kind={step.kind}>
      <Typography.Text strong>{t(`community.playbooks.stepKinds.${step.kind}`)}</Typography.Text>
      {' — '}
      {step.kind === 'post_announcement' || step.kind === 'notify_operator'
        ? t(`community.playbooks.forecast.${step.kind}`, { text: text || t('community.playbooks.forecast.noNote') })
        : t(`community.playbooks.forecast.${step.kind}`)}
      {skipMute && (
        <Typography.Text type="warning"> {t('community.playbooks.forecast.muteSkipped', { status: t(`community.groupStatuses.${group.status}`) })}</Typography.Text>
      )}
    </li>
  );
}

/**
 * Runs a playbook on a group: choose what is not given (the playbook, or the group), read what will
 * happen, confirm; then the run's log. `onRan` gets the run (to reload lists and the group).
 */
export function RunPlaybookModal(props: { open: boolean; onClose: () => void; playbook?: Playbook; group?: Group; onRan: (run: PlaybookRun) => void }) {
  const { t } = useTranslation();
  const { open } = props;
  const [groupId, setGroupId] = useState<string | undefined>(props.group?.id);
  const [playbookId, setPlaybookId] = useState<string | undefined>(props.playbook?.id);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<PlaybookRun | null>(null);

  useEffect(() => {
    if (!open) return;
    setGroupId(props.group?.id);
    setPlaybookId(props.playbook?.id);
    setError(null);
    setResult(null);
  }, [open, props.group?.id, props.playbook?.id]);

  const groups = useApiData(async () => (open && !props.group ? (await api.get<Page<Group>>('/groups', { limit: 200 })).items : []), `run-groups:${open}:${Boolean(props.group)}`);
  const playbooks = useApiData(async () => (open && !props.playbook ? (await api.get<{ items: Playbook[] }>('/playbooks')).items : []), `run-playbooks:${open}:${Boolean(props.playbook)}`);
  const group = props.group ?? groups.data?.find((g) => g.id === groupId);
  const playbook = props.playbook ?? playbooks.data?.find((p) => p.id === playbookId);

  const run = async () => {
    if (!group || !playbook) return;
    setRunning(true);
    setError(null);
    try {
      const r = await api.post<PlaybookRun>(`/playbooks/${encodeURIComponent(playbook.id)}/run`, { groupId: group.id });
      setResult(r);
      props.onRan(r);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }));
    } finally {
      setRunning(false);
    }
  };

  const mutedNow = result?.log.some((e) => e.kind === 'mute_group' && e.status === 'done');

  return (
    <Modal
      title={result ? t('community.playbooks.runModal.resultTitle', { playbook: result.playbookName }) : playbook ? t('community.playbooks.runModal.titleOf', { name: playbook.name }) : t('community.playbooks.runModal.title')}
      open={open}
      onCancel={props.onClose}
      width={600}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={props.onClose} data-testid="run-close">
            {t('community.playbooks.runModal.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={props.onClose}>{t('common.cancel')}</Button>
            <Button type="primary" danger loading={running} disabled={!group || !playbook} onClick={() => void run()} data-testid="run-confirm">
              {t('community.playbooks.runModal.confirm')}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <div data-testid="run-result">
          <Alert
            type={mutedNow ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('community.playbooks.runModal.ran', { group: result.groupName })}
            description={mutedNow ? t('community.playbooks.runModal.nowMuted') : undefined}
          />
          <RunLog run={result} />
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
            {result.canUndo ? t('community.playbooks.runModal.undoHint') : t('community.playbooks.runModal.noUndo')}
          </Typography.Paragraph>
        </div>
      ) : (
        <div data-testid="run-modal">
          {error && <ProblemAlert error={error} />}
          <Form layout="vertical" style={{ marginTop: 8 }}>
            {!props.playbook && (
              <Form.Item label={t('community.playbooks.runModal.playbook')} required>
                <Select
                  value={playbookId}
                  onChange={setPlaybookId}
                  loading={playbooks.loading}
                  placeholder={t('community.playbooks.runModal.playbookPlaceholder')}
                  options={(playbooks.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
                  notFoundContent={playbooks.loading ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('community.playbooks.runModal.noPlaybooks')} />}
                  data-testid="run-playbook-select"
                />
              </Form.Item>
            )}
            {props.group ? (
              <Form.Item label={t('community.playbooks.runModal.group')}>
                <Space size={8}>
                  <Typography.Text strong>{props.group.name}</Typography.Text>
                  <GroupStatusTag status={props.group.status} />
                </Space>
              </Form.Item>
            ) : (
              <Form.Item label={t('community.playbooks.runModal.group')} required>
                <Select
                  value={groupId}
                  onChange={setGroupId}
                  loading={groups.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  placeholder={t('community.playbooks.runModal.groupPlaceholder')}
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  optionRender={(o) => {
                    const g = groups.data?.find((x) => x.id === o.value);
                    return (
                      <Space size={8}>
                        <span>{o.label}</span>
                        {g && g.status !== 'active' && <GroupStatusTag status={g.status} />}
                      </Space>
                    );
                  }}
                  data-testid="run-group-select"
                />
              </Form.Item>
            )}
          </Form>
          {playbook && group ? (
            <Alert
              type="warning"
              showIcon
              data-testid="run-summary"
              title={t('community.playbooks.runModal.summary', { group: group.name, count: playbook.steps.length })}
              description={
                <div>
                  <ol className="forecast-list">
                    {playbook.steps.map((s, i) => (
                      <StepForecast key={i} step={s} group={group} />
                    ))}
                  </ol>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('community.playbooks.runModal.undoable')}
                  </Typography.Text>
                </div>
              }
            />
          ) : (
            <Typography.Text type="secondary">{t('community.playbooks.runModal.chooseFirst')}</Typography.Text>
          )}
        </div>
      )}
    </Modal>
  );
}
