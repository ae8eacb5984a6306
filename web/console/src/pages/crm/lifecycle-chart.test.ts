import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STAGES, type LifecycleStage, type LifecycleSummary } from '../../api/crm-types';
import { en } from '../../i18n/en';
import { zhCN } from '../../i18n/zh-CN';
import { STAGE_COLORS } from './crm-model';
import { lifecycleChartOption } from './lifecycle-chart';

const day = (d: string, counts: Partial<Record<LifecycleStage, number>>): LifecycleSummary['series'][number] => ({
  day: d,
  counts: { ...(Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<LifecycleStage, number>), ...counts },
});
const zh = (s: LifecycleStage) => zhCN.crm.stages[s];
const series = [day('2025-05-01', { new: 3, active: 2 }), day('2025-05-02', { new: 1, active: 5, repeat: 4 }), day('2025-05-03', { churned: 7, won_back: 1 })];

describe('lifecycleChartOption', () => {
  it('draws one series per stage, in the stages’ order, names and colours, with each day’s count', () => {
    const o = lifecycleChartOption(series, 'stacked', zh);
    expect(o.series.map((s) => s.id)).toEqual(LIFECYCLE_STAGES.map((s) => `stacked:${s}`));
    expect(o.series.map((s) => s.name)).toEqual(['新客', '活跃', '复购', '流失风险', '沉睡', '已流失', '召回']);
    expect(o.series.map((s) => s.itemStyle?.color)).toEqual(LIFECYCLE_STAGES.map((s) => STAGE_COLORS[s].hex));
    expect(o.xAxis.data).toEqual(['2025-05-01', '2025-05-02', '2025-05-03']);
    const data = Object.fromEntries(o.series.map((s, i) => [LIFECYCLE_STAGES[i], s.data]));
    expect(data).toMatchObject({ new: [3, 1, 0], active: [2, 5, 0], repeat: [0, 4, 0], at_risk: [0, 0, 0], churned: [0, 0, 7], won_back: [0, 0, 1] });
    // The legend names the same stages, so clicking one hides its series.
    expect(o.legend).toMatchObject({ data: o.series.map((s) => s.name) });
  });

  it('names the stages in English with the English strings', () => {
    const o = lifecycleChartOption(series, 'lines', (s) => en.crm.stages[s]);
    expect(o.series.map((s) => s.name)).toEqual(['New', 'Active', 'Repeat', 'At risk', 'Dormant', 'Churned', 'Won back']);
  });

  it('stacks areas in stacked mode and draws plain lines otherwise', () => {
    const stacked = lifecycleChartOption(series, 'stacked', zh);
    expect(stacked.series.every((s) => s.stack === 'stages' && s.areaStyle !== undefined)).toBe(true);
    const lines = lifecycleChartOption(series, 'lines', zh);
    expect(lines.series.every((s) => s.stack === undefined && s.areaStyle === undefined)).toBe(true);
    expect(lines.series.every((s) => s.type === 'line' && s.lineStyle?.width === 2)).toBe(true);
    // Switching modes changes the series' ids, so ECharts replaces them instead of merging in the old areas.
    const ids = new Set(stacked.series.map((s) => s.id));
    expect(lines.series.some((s) => ids.has(s.id))).toBe(false);
    expect(lifecycleChartOption(series.slice(1), 'stacked', zh).series.map((s) => s.id)).toEqual([...ids]);
  });

  it('shows each stage’s count for the hovered day, read in the order the areas are drawn', () => {
    expect(lifecycleChartOption(series, 'stacked', zh).tooltip).toMatchObject({ trigger: 'axis', order: 'seriesDesc' });
    expect(lifecycleChartOption(series, 'lines', zh).tooltip).toMatchObject({ trigger: 'axis', order: 'valueDesc' });
  });

  it('labels the days by month and day', () => {
    const { axisLabel } = lifecycleChartOption(series, 'stacked', zh).xAxis as unknown as { axisLabel: { formatter: (d: string) => string } };
    expect(axisLabel.formatter('2025-05-03')).toBe('05-03');
  });

  it('draws a single day as points in the middle, and no history as empty series', () => {
    const one = lifecycleChartOption([day('2025-05-01', { new: 2 })], 'stacked', zh);
    expect(one.series.every((s) => s.showSymbol === true && s.data.length === 1)).toBe(true);
    expect(one.xAxis).toMatchObject({ boundaryGap: true });
    expect(lifecycleChartOption(series, 'stacked', zh).series.every((s) => s.showSymbol === false)).toBe(true);
    const none = lifecycleChartOption([], 'stacked', zh);
    expect(none.xAxis.data).toEqual([]);
    expect(none.series.every((s) => s.data.length === 0)).toBe(true);
  });

  it('counts a stage missing from a day as zero', () => {
    const partial = [{ day: '2025-05-01', counts: { new: 4 } as Record<LifecycleStage, number> }];
    const o = lifecycleChartOption(partial, 'lines', zh);
    expect(o.series.map((s) => s.data[0])).toEqual([4, 0, 0, 0, 0, 0, 0]);
  });
});
