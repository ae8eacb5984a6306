import { useMemo } from 'react';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { use, type ComposeOption, type SetOptionOpts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { LIFECYCLE_STAGES, type LifecycleStage, type LifecycleSummary } from '../../api/crm-types';
import { EChartsView } from '../../components/echarts-view';
import { STAGE_COLORS } from './crm-model';

// Only the parts of ECharts this chart draws: lines (stacked into areas), the grid, tooltip and legend.
use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type LifecycleChartMode = 'stacked' | 'lines';

export type LifecycleChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption> & {
  xAxis: { type: 'category'; data: string[] };
  series: Array<LineSeriesOption & { id: `${LifecycleChartMode}:${LifecycleStage}`; name: string; data: number[] }>;
};

const HEIGHT = 300;
// Series are matched by id: a new period merges into the same series (and animates), while a mode
// switch brings new ids, so the old series (with their areas and stacking) are replaced, not merged
// into. The legend is merged either way and keeps its choice of shown stages.
const REPLACE_SERIES: SetOptionOpts = { replaceMerge: ['series'] };

/**
 * The ECharts option of the daily lifecycle chart: one series per stage (in the stages' order, in
 * their colours, named by `stageName`), each with that stage's head count per day. Stacked, the
 * series are areas piled up; as lines, side by side. A single day is drawn as points.
 */
export function lifecycleChartOption(series: LifecycleSummary['series'], mode: LifecycleChartMode, stageName: (stage: LifecycleStage) => string): LifecycleChartOption {
  const days = series.map((s) => s.day);
  const single = days.length <= 1;
  const stacked = mode === 'stacked';
  return {
    animationDuration: 400,
    grid: { left: 8, right: 20, top: 16, bottom: 40, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    tooltip: {
      trigger: 'axis',
      confine: true,
      className: 'lifecycle-chart-tooltip',
      // Stacked, the rows read top to bottom as the areas do; as lines, the biggest first.
      order: stacked ? 'seriesDesc' : 'valueDesc',
      axisPointer: { type: 'line' },
    },
    legend: { type: 'scroll', bottom: 0, icon: 'circle', itemWidth: 10, itemHeight: 10, itemGap: 16, data: LIFECYCLE_STAGES.map(stageName) },
    xAxis: {
      type: 'category',
      data: days,
      boundaryGap: single,
      axisLabel: { formatter: (day: string) => day.slice(5), hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: LIFECYCLE_STAGES.map((stage) => {
      const color = STAGE_COLORS[stage].hex;
      return {
        id: `${mode}:${stage}` as const,
        name: stageName(stage),
        type: 'line',
        data: series.map((s) => s.counts[stage] ?? 0),
        ...(stacked ? { stack: 'stages', areaStyle: { color, opacity: 0.55 } } : {}),
        itemStyle: { color },
        lineStyle: { color, width: stacked ? 1 : 2 },
        symbol: 'circle',
        symbolSize: 6,
        showSymbol: single,
        emphasis: { focus: 'none' },
      };
    }),
  };
}

/** Each stage's head count per day, stacked (areas) or side by side (lines), with a tooltip and a legend that hides stages. */
export function LifecycleChart({ series, mode, emptyText }: { series: LifecycleSummary['series']; mode: LifecycleChartMode; emptyText: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => lifecycleChartOption(series, mode, (stage) => t(`crm.stages.${stage}`)), [series, mode, t]);

  if (series.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid="lifecycle-chart-empty" />;

  return (
    <EChartsView
      option={option}
      setOptionOpts={REPLACE_SERIES}
      className="lifecycle-chart"
      style={{ height: HEIGHT }}
      role="img"
      aria-label={t('crm.lifecycle.chart')}
      data-testid="lifecycle-chart"
      data-mode={mode}
      data-series-count={option.series.length}
      data-days={option.xAxis.data.length}
    />
  );
}
