import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/** One echarts chart that follows its container's width (phones included). Loaded lazily: echarts is not in the first load. */
function Chart({ option, height = 220 }: { option: echarts.EChartsCoreOption; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current);
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={element} style={{ width: '100%', height }} />;
}

/** Score per category (0–10) as horizontal bars. */
export function CategoryScores({ categories }: { categories: Array<{ name: string; score: number | null }> }) {
  return (
    <Chart
      height={Math.max(120, categories.length * 36)}
      option={{
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', min: 0, max: 10 },
        yAxis: { type: 'category', data: categories.map((category) => category.name), inverse: true },
        tooltip: {},
        series: [{ type: 'bar', data: categories.map((category) => category.score ?? 0), itemStyle: { color: '#1677ff' }, label: { show: true, position: 'right' } }],
      }}
    />
  );
}

/** Overall score of each run, oldest to newest. */
export function ScoreTrend({ points }: { points: Array<{ label: string; score: number }> }) {
  return (
    <Chart
      option={{
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: points.map((point) => point.label) },
        yAxis: { type: 'value', min: 0, max: 10 },
        tooltip: { trigger: 'axis' },
        series: [{ type: 'line', data: points.map((point) => point.score), smooth: true, areaStyle: {} }],
      }}
    />
  );
}

/**
 * A monitor's recent values as a small line, its threshold's bound as a dashed red line (the axis always shows it);
 * an evaluation without data is a gap. `label` writes a point's time for the tooltip.
 */
export function Sparkline({ points, bound, unit, color, label }: { points: ReadonlyArray<{ at: number; value: number | null }>; bound: number | null; unit: string | null; color: string; label: (at: number) => string }) {
  const option = useMemo(() => {
    const values = [...points.map((point) => point.value), bound].filter((value): value is number => value !== null);
    const [low, high] = [Math.min(...values), Math.max(...values)];
    const pad = (high - low) * 0.15 || Math.abs(high) * 0.1 || 1;
    return {
      grid: { left: 0, right: 0, top: 4, bottom: 4 },
      xAxis: { type: 'time', show: false },
      yAxis: { type: 'value', show: false, min: low - pad, max: high + pad },
      tooltip: { trigger: 'axis', formatter: (params: Array<{ value: [number, number | null] }>) => params.map(({ value: [at, value] }) => `${label(at)}<br/><b>${value === null ? '∅' : `${value}${unit ?? ''}`}</b>`).join('') },
      series: [
        {
          type: 'line',
          data: points.map((point) => [point.at, point.value]),
          showSymbol: points.length < 20,
          symbolSize: 4,
          lineStyle: { color, width: 2 },
          itemStyle: { color },
          areaStyle: { color, opacity: 0.08 },
          markLine: bound === null ? undefined : { silent: true, symbol: 'none', label: { show: false }, lineStyle: { color: '#ff4d4f', type: 'dashed', width: 1 }, data: [{ yAxis: bound }] },
        },
      ],
    } satisfies echarts.EChartsCoreOption;
  }, [points, bound, unit, color, label]);
  return <Chart option={option} height={64} />;
}

export default { CategoryScores, ScoreTrend, Sparkline };
