import { useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES, type LifecycleStage, type LifecycleSummary } from '../../api/crm-types';
import { niceScale, stackSeries, STAGE_COLORS } from './crm-model';

// The daily lifecycle chart, drawn as SVG. (The design names ECharts, but the package is not among
// the project's dependencies and none may be added: this draws the same stacked areas and lines.)

const HEIGHT = 260;
const PAD = { left: 44, right: 16, top: 12, bottom: 28 };

function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(720);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(320, Math.floor(entry!.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Each stage's head count per day, stacked (areas) or side by side (lines), with a hover read-out. */
export function LifecycleChart({ series, mode, emptyText }: { series: LifecycleSummary['series']; mode: 'stacked' | 'lines'; emptyText: string }) {
  const { t } = useTranslation();
  const { ref, width } = useWidth();
  const [hidden, setHidden] = useState<Set<LifecycleStage>>(new Set());
  const [hover, setHover] = useState<number | null>(null);
  const stages = useMemo(() => LIFECYCLE_STAGES.filter((s) => !hidden.has(s)), [hidden]);
  const stacked = useMemo(() => stackSeries(series, stages), [series, stages]);
  const n = series.length;
  const lineMax = Math.max(1, ...stacked.bands.flatMap((b) => b.values));
  const scale = niceScale(mode === 'stacked' ? stacked.max : lineMax);
  const innerW = width - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  // One day alone is drawn across the middle third, so it still reads as a band.
  const x = (i: number) => (n <= 1 ? PAD.left + innerW * (i === 0 ? 1 / 3 : 2 / 3) : PAD.left + (innerW * i) / (n - 1));
  const y = (v: number) => PAD.top + innerH - (innerH * v) / scale.top;
  const idx = n <= 1 ? [0, 0] : series.map((_, i) => i);
  const xs = n <= 1 ? [x(0), x(1)] : idx.map((i) => x(i));

  if (n === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid="lifecycle-chart-empty" />;

  const labelEvery = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(innerW / 80))));
  const onMove = (e: React.MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const rel = (e.clientX - box.left) / box.width;
    setHover(n <= 1 ? 0 : Math.min(n - 1, Math.max(0, Math.round(rel * (n - 1)))));
  };
  const hoverX = hover === null ? 0 : n <= 1 ? PAD.left + innerW / 2 : x(hover);

  return (
    <div className="lifecycle-chart" ref={ref} data-testid="lifecycle-chart">
      <svg width={width} height={HEIGHT} role="img" aria-label={t('crm.lifecycle.chart')}>
        {scale.ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(v)} y2={y(v)} stroke="rgba(5,5,5,0.06)" />
            <text x={PAD.left - 8} y={y(v)} dy="0.32em" textAnchor="end" className="chart-tick">
              {v}
            </text>
          </g>
        ))}
        {series.map((s, i) =>
          i % labelEvery === 0 || i === n - 1 ? (
            <text key={s.day} x={n <= 1 ? PAD.left + innerW / 2 : x(i)} y={HEIGHT - 8} textAnchor={n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle'} className="chart-tick">
              {s.day.slice(5)}
            </text>
          ) : null,
        )}
        {stacked.bands.map((band) => {
          const color = STAGE_COLORS[band.stage].hex;
          if (mode === 'stacked') {
            const top = idx.map((i, k) => `${xs[k]},${y(band.tops[i]!)}`);
            const bottom = idx.map((i, k) => `${xs[k]},${y(band.bottoms[i]!)}`).reverse();
            return <polygon key={band.stage} points={[...top, ...bottom].join(' ')} fill={color} fillOpacity={0.55} stroke={color} strokeWidth={1} data-stage={band.stage} />;
          }
          return <polyline key={band.stage} points={idx.map((i, k) => `${xs[k]},${y(band.values[i]!)}`).join(' ')} fill="none" stroke={color} strokeWidth={2} data-stage={band.stage} />;
        })}
        {hover !== null && <line x1={hoverX} x2={hoverX} y1={PAD.top} y2={PAD.top + innerH} stroke="rgba(0,0,0,0.35)" strokeDasharray="3 3" />}
        <rect x={PAD.left} y={PAD.top} width={innerW} height={innerH} fill="transparent" onMouseMove={onMove} onMouseLeave={() => setHover(null)} />
      </svg>
      {hover !== null && series[hover] && (
        <div className="chart-tooltip" style={{ left: Math.min(hoverX + 12, width - 170) }}>
          <Typography.Text strong>{series[hover].day}</Typography.Text>
          {stages.map((s) => (
            <div key={s} className="chart-tooltip-row">
              <span className="legend-dot" style={{ background: STAGE_COLORS[s].hex }} />
              <span>{t(`crm.stages.${s}`)}</span>
              <span className="chart-tooltip-value">{series[hover]!.counts[s] ?? 0}</span>
            </div>
          ))}
        </div>
      )}
      <div className="item-progress-legend chart-legend">
        {LIFECYCLE_STAGES.map((s) => (
          <button
            key={s}
            type="button"
            className={`chart-legend-item${hidden.has(s) ? ' chart-legend-off' : ''}`}
            onClick={() => setHidden((h) => (h.has(s) ? new Set([...h].filter((x) => x !== s)) : new Set([...h, s])))}
            aria-pressed={!hidden.has(s)}
          >
            <span className="legend-dot" style={{ background: STAGE_COLORS[s].hex }} />
            {t(`crm.stages.${s}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
