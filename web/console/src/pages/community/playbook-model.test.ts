import { describe, expect, it } from 'vitest';
import type { PlaybookLogEntry, PlaybookRun } from '../../api/community-types';
import { addStep, logLine, MAX_PLAYBOOK_STEPS, moveStep, removeStep, stepHasText, stepsRequest, stepTextRequired, undoPlan, type StepDraft } from './playbook-model';

const steps: StepDraft[] = [
  { kind: 'pause_campaigns' },
  { kind: 'post_announcement', text: '今晚系统维护，暂停接龙' },
  { kind: 'mute_group' },
];

describe('step list editing', () => {
  it('adds a step at the end, up to the limit', () => {
    expect(addStep([])).toEqual([{ kind: 'mute_group', text: '' }]);
    expect(addStep(steps, 'notify_operator').map((s) => s.kind)).toEqual(['pause_campaigns', 'post_announcement', 'mute_group', 'notify_operator']);
    const full = Array.from({ length: MAX_PLAYBOOK_STEPS }, (): StepDraft => ({ kind: 'mute_group' }));
    expect(addStep(full)).toHaveLength(MAX_PLAYBOOK_STEPS);
  });

  it('moves a step up or down, and not past either end', () => {
    expect(moveStep(steps, 2, -1).map((s) => s.kind)).toEqual(['pause_campaigns', 'mute_group', 'post_announcement']);
    expect(moveStep(steps, 0, 1).map((s) => s.kind)).toEqual(['post_announcement', 'pause_campaigns', 'mute_group']);
    expect(moveStep(steps, 0, -1)).toEqual(steps);
    expect(moveStep(steps, 2, 1)).toEqual(steps);
    expect(moveStep(steps, 5, -1)).toEqual(steps);
    // The text goes with its step.
    expect(moveStep(steps, 1, 1)[2]).toEqual({ kind: 'post_announcement', text: '今晚系统维护，暂停接龙' });
  });

  it('removes a step, and leaves the input alone', () => {
    const before = JSON.stringify(steps);
    expect(removeStep(steps, 1).map((s) => s.kind)).toEqual(['pause_campaigns', 'mute_group']);
    expect(removeStep(steps, 9)).toEqual(steps);
    moveStep(steps, 0, 1);
    addStep(steps);
    expect(JSON.stringify(steps)).toBe(before);
  });

  it('sends a text only with announcements and operator notes, trimmed', () => {
    expect(stepHasText('post_announcement') && stepHasText('notify_operator')).toBe(true);
    expect(stepHasText('mute_group') || stepHasText('pause_campaigns')).toBe(false);
    expect(stepTextRequired('post_announcement')).toBe(true);
    expect(stepTextRequired('notify_operator')).toBe(false);
    expect(
      stepsRequest([
        { kind: 'mute_group', text: 'left over from an announcement' },
        { kind: 'post_announcement', text: '  暂停接龙  ' },
        { kind: 'notify_operator', text: '   ' },
      ]),
    ).toEqual([{ kind: 'mute_group' }, { kind: 'post_announcement', text: '暂停接龙' }, { kind: 'notify_operator' }]);
  });
});

const entry = (over: Partial<PlaybookLogEntry>): PlaybookLogEntry => ({ step: 0, kind: 'mute_group', status: 'done', detail: '', undoable: false, at: '2025-05-01T00:00:00.000Z', ...over });

describe('what an undo does', () => {
  const run: Pick<PlaybookRun, 'status' | 'log'> = {
    status: 'done',
    log: [
      entry({ step: 0, kind: 'pause_campaigns', detail: 'paused 2 campaign(s) in this group', undoable: true }),
      entry({ step: 1, kind: 'post_announcement', detail: '今晚维护' }),
      entry({ step: 2, kind: 'mute_group', detail: 'group muted (was active)', undoable: true }),
      entry({ step: 3, kind: 'notify_operator', detail: '请值班运营跟进' }),
    ],
  };

  it('reverses paused campaigns and the mute; announcements and notifications stay', () => {
    const plan = undoPlan(run);
    expect(plan.undo.map((e) => e.kind)).toEqual(['pause_campaigns', 'mute_group']);
    expect(plan.stays.map((e) => e.kind)).toEqual(['post_announcement', 'notify_operator']);
    expect(plan.skipped).toEqual([]);
  });

  it('has nothing to undo when every reversible step was skipped', () => {
    const skipped = {
      status: 'done' as const,
      log: [entry({ kind: 'pause_campaigns', status: 'skipped', detail: 'no campaign to pause' }), entry({ step: 1, kind: 'mute_group', status: 'skipped', detail: 'group is muted' }), entry({ step: 2, kind: 'post_announcement', detail: 'x' })],
    };
    expect(undoPlan(skipped)).toMatchObject({ undo: [], stays: [{ kind: 'post_announcement' }] });
    expect(undoPlan(skipped).skipped).toHaveLength(2);
  });
});

describe('log lines', () => {
  it('reads the figures out of the API’s sentences', () => {
    expect(logLine(entry({ kind: 'pause_campaigns', detail: 'paused 2 campaign(s) in this group' }))).toEqual({ key: 'paused', count: 2 });
    expect(logLine(entry({ kind: 'pause_campaigns', status: 'skipped', detail: 'no campaign to pause' }))).toEqual({ key: 'nothingToPause' });
    expect(logLine(entry({ kind: 'pause_campaigns', status: 'undone', detail: 'paused 2 campaign(s) in this group; resumed 1' }))).toEqual({ key: 'resumed', count: 1 });
    expect(logLine(entry({ detail: 'group muted (was active)' }))).toEqual({ key: 'muted', previous: 'active' });
    expect(logLine(entry({ status: 'skipped', detail: 'group is archived' }))).toEqual({ key: 'notActive', status: 'archived' });
    expect(logLine(entry({ status: 'undone', detail: 'group muted (was active); restored to active' }))).toEqual({ key: 'unmuted', previous: 'active' });
    expect(logLine(entry({ status: 'undone', detail: 'group muted (was active); no longer muted, left as archived' }))).toEqual({ key: 'leftAs', status: 'archived' });
    expect(logLine(entry({ kind: 'post_announcement', detail: '今晚维护' }))).toEqual({ key: 'announced', text: '今晚维护' });
    expect(logLine(entry({ kind: 'notify_operator', detail: '' }))).toEqual({ key: 'notified', text: '' });
  });

  it('copes with a sentence it does not know', () => {
    expect(logLine(entry({ kind: 'pause_campaigns', detail: 'something else' }))).toEqual({ key: 'paused', count: null });
    expect(logLine(entry({ detail: 'group muted (was frozen)' }))).toEqual({ key: 'muted', previous: null });
  });
});
