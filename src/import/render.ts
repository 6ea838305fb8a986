import { Document, isMap, isSeq, type YAMLMap } from 'yaml';
import type { ImportedPlan, ImportResult } from './types.js';

/**
 * The plan as a plan file: the JSON contract writes `check: null` on items without a check,
 * the plan schema wants the key absent.
 */
export function planFileOf(plan: ImportedPlan): Record<string, unknown> {
  return { ...plan, items: plan.items.map(({ check, ...item }) => (check === null ? item : { ...item, check })) };
}

/** The plan as YAML, with `# L12` comments pointing back to the source lines; deterministic. */
export function renderPlanYaml(result: ImportResult): string {
  const { plan, report } = result;
  const doc = new Document(planFileOf(plan), { keepUndefined: false });
  const header = [
    ` golive plan imported from ${report.file}`,
    ` 由 golive import 从 ${report.file} 导入`,
    ` ${report.counts.items} items, ${report.counts.proposedChecks} proposed checks (proposed: true: review before relying on them)`,
  ];
  if (report.counts.variables > 0) header.push(` variables to fill in / 待填写变量: ${report.variables.map((v) => v.name).join(', ')}`);
  if (report.counts.secrets > 0) {
    header.push(` ${report.counts.secrets} secret(s) found in the document and redacted here / 文档中发现 ${report.counts.secrets} 处机密，已脱敏: ${report.secrets.map((s) => `L${s.line} ${s.rule}`).join(', ')}`);
  }
  if (report.counts.unrecognized > 0) header.push(` ${report.counts.unrecognized} line(s) not placed, see golive import --format json / ${report.counts.unrecognized} 行未能识别`);
  doc.commentBefore = header.join('\n');

  const commentEntries = (key: string, line: (entry: Record<string, unknown>) => string | undefined) => {
    const seq = doc.get(key, true);
    if (!isSeq(seq)) return;
    const values = (plan as unknown as Record<string, Record<string, unknown>[]>)[key] ?? [];
    seq.items.forEach((node, index) => {
      const comment = line(values[index] ?? {});
      if (comment !== undefined && isMap(node)) (node as YAMLMap).commentBefore = comment;
    });
  };
  const sourceLine = (entry: Record<string, unknown>) => {
    const source = entry.source as { line?: number } | undefined;
    return source?.line === undefined ? undefined : ` L${source.line}`;
  };
  commentEntries('items', (entry) => {
    const base = sourceLine(entry) ?? '';
    return entry.proposed === true ? `${base} · proposed check: review / 建议检查，请审阅` : base;
  });
  for (const key of ['monitors', 'inspections', 'guards', 'risks']) commentEntries(key, sourceLine);
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
