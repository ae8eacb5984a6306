import { useEffect, useRef, type HTMLAttributes } from 'react';
import { init, type EChartsCoreOption, type EChartsType, type SetOptionOpts } from 'echarts/core';

export interface EChartsViewProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The chart's option; a new object (by identity) is passed to setOption. */
  option: EChartsCoreOption;
  /** How a new option is applied, e.g. `{ replaceMerge: ['series'] }` when series change shape. */
  setOptionOpts?: SetOptionOpts;
  /** The renderer, which the caller registers with `use()` together with its charts and components. */
  renderer?: 'canvas' | 'svg';
  /** Test ids and other data attributes pass through to the container. */
  [data: `data-${string}`]: string | number | undefined;
}

/**
 * A thin React wrapper around an ECharts instance from `echarts/core`: created on mount, given each
 * new option, resized with its container, disposed on unmount. It imports no chart or component:
 * each caller registers only what it draws, so a page's chunk carries only that part of ECharts.
 * The container needs a height (style or class).
 */
export function EChartsView({ option, setOptionOpts, renderer = 'canvas', ...div }: EChartsViewProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  // Created here, drawn by the effect below (effects run in order, also when StrictMode re-runs them).
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = init(el, null, { renderer });
    chart.current = instance;
    const observer = new ResizeObserver(() => {
      if (!instance.isDisposed()) instance.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.current = null;
      instance.dispose();
    };
  }, [renderer]);

  useEffect(() => {
    const instance = chart.current;
    if (instance && !instance.isDisposed()) instance.setOption(option, setOptionOpts ?? {});
  }, [option, setOptionOpts, renderer]);

  return <div ref={ref} {...div} />;
}
