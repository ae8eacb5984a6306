import { Typography } from 'antd';
import { formatFen } from '../../../../shared/money';
import type { CrmxT } from './crm-extra-i18n-hook';
import { thresholdView } from './tiers-model';

/** A tier's threshold as the rules count it: money for spend, points otherwise. */
export function ThresholdText({ basis, threshold, tx }: { basis: 'spend' | 'points' | null | undefined; threshold: number | null; tx: CrmxT }) {
  const v = thresholdView(basis, threshold);
  if (v.kind === 'none') return <Typography.Text type="secondary">{tx('tiers.notInRules')}</Typography.Text>;
  return <span className="nowrap">{v.kind === 'fen' ? formatFen(v.fen) : tx('tiers.points', { count: v.points.toLocaleString('zh-CN') })}</span>;
}
