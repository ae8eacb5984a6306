import { useEffect, useMemo, useRef, useState } from 'react';
import { Card, Empty, Spin, Statistic, Typography, type FormInstance } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { SegmentPreview } from '../../api/crm-types';
import { crm } from './crm-data';
import { StageTag } from './crm-ui';
import { applyFieldErrors, onlyFields } from '../../components/form-errors';
import { problemsByNode, toRule, type GroupDraft, type NodeProblem } from './rule-model';
import { formatFen } from '../../../../shared/money';

/** How long the editor waits after the last change before counting again. */
export const PREVIEW_DEBOUNCE_MS = 300;

export interface RulePreviewState {
  /** The last count the server gave for a valid rule: kept while a newer one loads or fails. */
  last: SegmentPreview | null;
  /** Whether `last` is for the rule as it stands now. */
  fresh: boolean;
  loading: boolean;
  /** The server refused the rule as it stands (its errors are in `problems`). */
  error: ApiError | null;
  problems: Record<string, NodeProblem[]>;
  /** Errors that name no row: shown above the rule. */
  unmatched: string[];
  /** The editor's own view: unfinished parts, and the rule to send. */
  built: ReturnType<typeof toRule>;
}

/**
 * Counts a rule live as it is edited: each change waits `PREVIEW_DEBOUNCE_MS`, then POSTs
 * /crm/segments/preview. An answer for an older rule is dropped; the last good count stays on screen.
 */
export function useRulePreview(draft: GroupDraft, sampleSize = 5): RulePreviewState {
  const built = useMemo(() => toRule(draft), [draft]);
  const json = built.rule ? JSON.stringify(built.rule) : '';
  const [last, setLast] = useState<{ json: string; result: SegmentPreview } | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<{ json: string; error: ApiError } | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    if (!json) {
      setLoading(false);
      return;
    }
    setLoading(true);
    const timer = setTimeout(() => {
      crm.previewSegment(JSON.parse(json), sampleSize).then(
        (result) => {
          if (mine !== seq.current) return;
          setLast({ json, result });
          setFailure(null);
          setLoading(false);
        },
        (err: unknown) => {
          if (mine !== seq.current) return;
          setFailure({ json, error: err instanceof ApiError ? err : new ApiError({ status: 0, detail: String(err) }) });
          setLoading(false);
        },
      );
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [json, sampleSize]);

  // Errors are for the rule that was sent: once it changes they are stale and go.
  const error = failure && failure.json === json ? failure.error : null;
  const placed = useMemo(() => (error ? problemsByNode(error.fieldErrors, built.paths) : { byKey: {}, unmatched: [] }), [error, built.paths]);
  let unmatched: string[] = [];
  if (error && (error.fieldErrors.length === 0 || placed.unmatched.length > 0)) unmatched = [error.message, ...placed.unmatched.map((u) => `${u.path}: ${u.message}`)];
  return { last: last?.result ?? null, fresh: Boolean(last && last.json === json), loading, error, problems: placed.byKey, unmatched, built };
}

/** A failed save of a form holding a rule: the error, what no field shows, and what goes on the rows. */
export interface SaveProblem {
  error: ApiError;
  extra: string[];
  byKey: Record<string, NodeProblem[]>;
  /** The rule as it was saved: its row errors go once it changes. */
  draft: GroupDraft;
}

/** Splits a save's errors between the form's `fields`, the rule's rows (`rule.…`) and the rest. */
export function saveProblemOf(err: ApiError, form: FormInstance, fields: string[], paths: Record<string, string>, draft: GroupDraft): SaveProblem {
  const onRule = problemsByNode(err.fieldErrors.filter((e) => e.path === 'rule' || e.path.startsWith('rule.')), paths);
  const applied = applyFieldErrors(form, err, onlyFields(...fields));
  const extra = [...applied.unmatched.filter((m) => !m.startsWith('rule')), ...onRule.unmatched.map((u) => `${u.path}: ${u.message}`)];
  return { error: err, extra, byKey: onRule.byKey, draft };
}

/** The live count's problems plus a failed save's, while the rule is still the one that was saved. */
export function withSaveProblems(live: Record<string, NodeProblem[]>, saved: SaveProblem | null, draft: GroupDraft): Record<string, NodeProblem[]> {
  if (!saved || saved.draft !== draft) return live;
  const merged: Record<string, NodeProblem[]> = { ...live };
  for (const [key, list] of Object.entries(saved.byKey)) merged[key] = [...(merged[key] ?? []), ...list.filter((p) => !(merged[key] ?? []).some((m) => m.message === p.message))];
  return merged;
}

/** The live count beside the editor: how many match, how long it took, and a few of them. */
export function RulePreviewPanel({ preview, compact }: { preview: RulePreviewState; compact?: boolean }) {
  const { t } = useTranslation();
  const { last, loading, error, built } = preview;
  const incomplete = !built.rule;
  const state = loading ? 'loading' : error ? 'invalid' : incomplete ? 'incomplete' : preview.fresh ? 'fresh' : 'idle';
  const note = {
    loading: t('crm.preview.updating'),
    invalid: t('crm.preview.invalid'),
    incomplete: built.issues.some((i) => i.code === 'noConditions') && !last ? t('crm.preview.noRule') : t('crm.preview.incomplete'),
    fresh: last ? t('crm.preview.took', { ms: last.tookMs }) : '',
    idle: '',
  }[state];
  return (
    <Card variant="borderless" size="small" title={t('crm.preview.title')} className="rule-preview" data-testid="rule-preview" data-state={state} data-count={last?.count ?? ''}>
      <div className={`rule-preview-count${preview.fresh && !loading ? '' : ' rule-preview-stale'}`}>
        <Statistic
          value={last ? last.count : '—'}
          suffix={last ? t('crm.preview.people') : undefined}
          styles={{ content: { fontSize: 32, fontVariantNumeric: 'tabular-nums' } }}
          data-testid="preview-count"
        />
        {loading && <Spin indicator={<LoadingOutlined spin />} size="small" />}
      </div>
      <Typography.Text type={state === 'invalid' ? 'danger' : state === 'incomplete' ? 'warning' : 'secondary'} style={{ fontSize: 12 }} data-testid="preview-note">
        {note}
      </Typography.Text>
      {!compact && last && (
        <div className="rule-preview-sample" data-testid="preview-sample">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('crm.preview.sample')}
          </Typography.Text>
          {last.sample.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crm.preview.sampleEmpty')} style={{ margin: '8px 0' }} />
          ) : (
            <ul className="sample-list">
              {last.sample.map((p) => (
                <li key={p.id}>
                  <Typography.Text className="sample-name" ellipsis>
                    {p.name || p.phone || t('crm.noName')}
                  </Typography.Text>
                  <StageTag stage={p.stage} />
                  <Typography.Text type="secondary" className="sample-figure">
                    {t('crm.preview.ordersSpend', { orders: p.orderCount, spend: formatFen(p.spendFen) })}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Card>
  );
}
