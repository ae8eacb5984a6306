import type { GroupStatus, PlaybookLogEntry, PlaybookRun, PlaybookStep, PlaybookStepKind } from '../../api/community-types';

/** The API takes at most this many steps per playbook. */
export const MAX_PLAYBOOK_STEPS = 10;
/** Longest announcement or operator note the API takes. */
export const MAX_STEP_TEXT = 1000;

/** A step in the editor: the text is kept while the kind changes, and sent only for kinds that use it. */
export interface StepDraft {
  kind: PlaybookStepKind;
  text?: string;
}

/** Kinds that carry a text: the announcement itself, or the note sent to the operator. */
export function stepHasText(kind: PlaybookStepKind): boolean {
  return kind === 'post_announcement' || kind === 'notify_operator';
}

/** An announcement must say something; the operator's note may be empty. */
export function stepTextRequired(kind: PlaybookStepKind): boolean {
  return kind === 'post_announcement';
}

/** Adds a step at the end (nothing when the list is full). */
export function addStep(steps: readonly StepDraft[], kind: PlaybookStepKind = 'mute_group'): StepDraft[] {
  if (steps.length >= MAX_PLAYBOOK_STEPS) return [...steps];
  return [...steps, { kind, text: '' }];
}

/** Moves step `index` one place up (-1) or down (+1); a move past either end changes nothing. */
export function moveStep(steps: readonly StepDraft[], index: number, direction: -1 | 1): StepDraft[] {
  const to = index + direction;
  const next = [...steps];
  if (index < 0 || index >= steps.length || to < 0 || to >= steps.length) return next;
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** Removes step `index`. */
export function removeStep(steps: readonly StepDraft[], index: number): StepDraft[] {
  return steps.filter((_, i) => i !== index);
}

/** The steps as createPlaybook takes them: the text trimmed, and only on kinds that use it. */
export function stepsRequest(steps: readonly StepDraft[]): PlaybookStep[] {
  return steps.map((s) => {
    const text = (s.text ?? '').trim();
    return stepHasText(s.kind) && text ? { kind: s.kind, text } : { kind: s.kind };
  });
}

/** What undoing a run will reverse, what stays as it was, and what was skipped and needs nothing. */
export interface UndoPlan {
  /** Campaigns paused, the group muted: put back by the undo. */
  undo: PlaybookLogEntry[];
  /** Announcements posted and operators notified: they cannot be taken back. */
  stays: PlaybookLogEntry[];
  /** Steps that did nothing when the run ran. */
  skipped: PlaybookLogEntry[];
}

/** Reads a run's log: which steps the undo reverses and which stay. */
export function undoPlan(run: Pick<PlaybookRun, 'log'>): UndoPlan {
  const plan: UndoPlan = { undo: [], stays: [], skipped: [] };
  for (const entry of run.log) {
    if (entry.status === 'skipped') plan.skipped.push(entry);
    else if (entry.status === 'done' && entry.undoable) plan.undo.push(entry);
    else if (entry.status === 'done') plan.stays.push(entry);
  }
  return plan;
}

/**
 * How a log entry reads: a translation key under `community.playbooks.log` and its values. The API
 * writes the detail as an English sentence ("paused 2 campaign(s) in this group", "group is muted");
 * the figures in it are read back so the line can be shown in the UI language. The texts of
 * announcements and operator notes are the detail itself.
 */
export type LogLine =
  | { key: 'paused'; count: number | null }
  | { key: 'nothingToPause' }
  | { key: 'resumed'; count: number | null }
  | { key: 'muted'; previous: GroupStatus | null }
  | { key: 'notActive'; status: GroupStatus | null }
  | { key: 'unmuted'; previous: GroupStatus | null }
  | { key: 'leftAs'; status: GroupStatus | null }
  | { key: 'announced'; text: string }
  | { key: 'notified'; text: string };

const STATUSES: readonly GroupStatus[] = ['active', 'muted', 'archived'];

function number(detail: string, pattern: RegExp): number | null {
  const m = pattern.exec(detail);
  return m ? Number(m[1]) : null;
}

function status(detail: string, pattern: RegExp): GroupStatus | null {
  const m = pattern.exec(detail);
  return m && (STATUSES as readonly string[]).includes(m[1]!) ? (m[1] as GroupStatus) : null;
}

export function logLine(entry: Pick<PlaybookLogEntry, 'kind' | 'status' | 'detail'>): LogLine {
  const { detail } = entry;
  switch (entry.kind) {
    case 'pause_campaigns':
      if (entry.status === 'skipped') return { key: 'nothingToPause' };
      if (entry.status === 'undone') return { key: 'resumed', count: number(detail, /resumed (\d+)/) };
      return { key: 'paused', count: number(detail, /paused (\d+)/) };
    case 'mute_group':
      if (entry.status === 'skipped') return { key: 'notActive', status: status(detail, /group is (\w+)/) };
      if (entry.status === 'undone') {
        const left = status(detail, /left as (\w+)/);
        if (left || /no longer muted/.test(detail)) return { key: 'leftAs', status: left };
        return { key: 'unmuted', previous: status(detail, /restored to (\w+)/) };
      }
      return { key: 'muted', previous: status(detail, /was (\w+)/) };
    case 'post_announcement':
      return { key: 'announced', text: detail };
    case 'notify_operator':
      return { key: 'notified', text: detail };
  }
}
