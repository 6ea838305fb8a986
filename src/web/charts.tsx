import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

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

export default { CategoryScores, ScoreTrend };
