import { useCallback, useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../../api/client';
import type { Group, PlaybookRun } from '../../api/community-types';
import { useSession } from '../../session';
import { useApiData } from '../../components/use-api-data';
import { formatDateTime } from '../../components/format';
import { PlaybookRunsTable, RunPlaybookModal, useUndoRun } from './playbook-ui';

/** The group's playbooks tab: run one on this group, and this group's runs with undo. */
export function GroupPlaybooks({ group, version, onChanged }: { group: Group; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="group-playbooks">
      <PlaybookRunsTable
        groupId={group.id}
        refreshKey={version}
        onUndone={onChanged}
        toolbar={
          <div className="toolbar">
            <Typography.Text type="secondary" style={{ flex: 1, minWidth: 240 }}>
              {t('community.playbooks.groupIntro')}
            </Typography.Text>
            {can('playbooks.read') && (
              <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setOpen(true)} data-testid="group-run-playbook">
                {t('community.playbooks.runOnGroup')}
              </Button>
            )}
          </div>
        }
      />
      <RunPlaybookModal open={open} group={group} onClose={() => setOpen(false)} onRan={onChanged} />
    </div>
  );
}

/** The run that muted the group, if the group is muted because of one that is not undone. */
function mutingRun(runs: PlaybookRun[]): PlaybookRun | undefined {
  return runs.find((r) => r.status === 'done' && r.log.some((e) => e.kind === 'mute_group' && e.status === 'done'));
}

/**
 * A banner over a muted group: all its messages are blocked. When a playbook run muted it, says
 * which, by whom and when, with that run's undo.
 */
export function MutedGroupBanner({ group, version, onChanged }: { group: Group; version: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const muted = group.status === 'muted';
  const runs = useApiData(
    async () => (muted ? (await api.get<Page<PlaybookRun>>('/playbook-runs', { groupId: group.id, limit: 20 })).items : []),
    `muted-runs:${group.id}:${muted}:${version}:${group.updatedAt}`,
  );
  const undo = useUndoRun(useCallback(() => onChanged(), [onChanged]));
  if (!muted) return null;
  const run = mutingRun(runs.data ?? []);
  return (
    <Alert
      type="warning"
      showIcon
      banner
      className="group-muted-banner"
      style={{ marginBottom: 16, borderRadius: 8 }}
      data-testid="group-muted-banner"
      title={<Typography.Text strong>{t('community.playbooks.muted.title')}</Typography.Text>}
      description={
        // Say nothing about why until the runs have loaded, rather than guess "by hand" first.
        runs.loading
          ? null
          : run
            ? t('community.playbooks.muted.byRun', { playbook: run.playbookName, name: run.startedByName || run.startedBy, time: formatDateTime(run.startedAt) })
            : t('community.playbooks.muted.manual')
      }
      action={
        run?.canUndo ? (
          <Button size="small" onClick={() => undo(run)} data-testid="muted-undo">
            {t('community.playbooks.muted.undo')}
          </Button>
        ) : undefined
      }
    />
  );
}
