/** Numbers with meaning: thresholds as expectations, alert monitors, rollback triggers, rollout stages. */
import type { Interpreter } from './interpret.js';
import { stageOfLine } from './rollout.js';
import type { Context } from './sections.js';
import { conditionOf, consecutiveOf, findThresholds, type Threshold, triggerOf } from './thresholds.js';
import type { ImportedItem, ImportedMonitor } from './types.js';
import { slugOf } from './vocabulary.js';

export function thresholdsOf(self: Interpreter, text: string, line: number, item: ImportedItem, ctx: Context): void {
  const thresholds = findThresholds(text);
  if (thresholds.length === 0) return;
  const alert = ctx.role === 'monitors' || /告警|报警|alert|触发/i.test(text);
  if (alert) {
    monitorLines(self, text, line, ctx, true);
    return;
  }
  const conditions = thresholds.map((t) => self.condition(conditionOf(t, 'value', false), line, text)).filter((c): c is string => c !== undefined);
  if (conditions.length === 0) return;
  item.manual = { method: item.manual?.method ?? item.title, expected: conditions.join(' and ') };
  for (const [index, threshold] of thresholds.entries()) {
    const condition = conditions[index];
    if (condition !== undefined) self.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: `items.${item.id}.manual.expected` });
  }
}

export function monitorLines(self: Interpreter, text: string, line: number, ctx: Context, alert: boolean): void {
  for (const threshold of findThresholds(text)) {
    const monitor = addMonitor(self, threshold.metric, threshold.metricId, line);
    const condition = self.condition(conditionOf(threshold, 'value', alert), line, text);
    if (condition) {
      monitor.threshold = condition;
      self.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: `monitors.${monitor.id}` });
    }
    if (threshold.for !== undefined) monitor.for = threshold.for;
  }
  void ctx;
}

export function addMonitor(self: Interpreter, metric: string, metricId: string | undefined, line: number): ImportedMonitor {
  const base = metricId ?? (slugOf(metric).replace(/-/g, '_') || 'metric');
  let id = base;
  for (let n = 2; self.monitors.some((m) => m.id === id); n += 1) id = `${base}_${n}`;
  const monitor: ImportedMonitor = { id, metric: metric.replace(/\*\*/g, ''), source: { file: self.file, line } };
  self.monitors.push(monitor);
  return monitor;
}

export function trigger(self: Interpreter, raw: string, line: number, description?: string): void {
  const text = raw.replace(/\*\*/g, '').replace(/`/g, '').trim();
  if (text === '') return;
  const described = (description ?? text).replace(/\*\*/g, '').replace(/`/g, '').trim();
  const thresholds = findThresholds(text);
  const threshold: Threshold | undefined = thresholds[0];
  if (threshold) {
    const monitorId = self.monitors.find((m) => m.id === threshold.metricId)?.id ?? threshold.metricId;
    const condition = self.condition(triggerOf(threshold, monitorId), line, text);
    if (condition) {
      self.triggers.push({ condition, ...(threshold.for === undefined ? {} : { for: threshold.for }), description: described });
      self.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: 'rollout.rollbackWhen' });
      return;
    }
  }
  if (/health|健康/i.test(text)) {
    // 「健康检查连续3次失败」: the health check fails on 3 consecutive evaluations.
    const count = consecutiveOf(text);
    self.triggers.push({ condition: 'health_ok == false', ...(count === undefined ? {} : { for: count }), description: described });
    return;
  }
  self.triggers.push({ description: described, manual: true });
}

export function grayOf(self: Interpreter, text: string, line: number, ctx: Context, title: string): void {
  if (ctx.role === 'info' || ctx.role === 'rollback-steps' || ctx.role === 'rollback-triggers') return;
  stageOfLine(text, line, title, self.stages);
}
