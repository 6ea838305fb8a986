/** A plan back as a Markdown checklist, optionally with a run's results ticked in. Pure: no I/O. */

/** The parts of a plan the exporter reads; a validated `Plan` and an imported plan both fit. */
export interface ExportablePlan {
  name: string;
  description?: string | undefined;
  phases?: readonly { id: string; title?: string | undefined; window?: string | undefined }[] | undefined;
  items: readonly {
    id: string;
    title: string;
    phase?: string | undefined;
    category?: string | undefined;
    priority?: string | undefined;
    owner?: string | null | undefined;
    status?: string | undefined;
    check?: { kind: string } | null | undefined;
    manual?: string | { method: string; expected?: string | undefined } | undefined;
    window?: string | undefined;
    estimate?: string | undefined;
    details?: readonly string[] | undefined;
  }[];
  roles?: readonly { id: string; title?: string | undefined; name?: string | undefined; duties?: string | undefined; signoff?: boolean | undefined }[] | undefined;
  monitors?: readonly { id: string; metric: string; threshold?: string | undefined; for?: string | number | undefined; owner?: string | null | undefined }[] | undefined;
  rollout?:
    | {
        stages?: readonly { percent: number; hold?: string | number | undefined; manual?: string | undefined }[] | undefined;
        rollbackWhen?: readonly { condition?: string | undefined; for?: string | number | undefined; description?: string | undefined; manual?: boolean | undefined }[] | undefined;
        rollbackSteps?: readonly string[] | undefined;
      }
    | undefined;
  inspections?: readonly { id: string; title?: string | undefined; schedule: string; for?: string | number | undefined; items?: readonly string[] | undefined }[] | undefined;
  guards?: readonly { command: string; action?: string | undefined; reason?: string | undefined }[] | undefined;
  risks?: readonly { risk: string; probability?: string | undefined; impact?: string | undefined; mitigation?: string | undefined }[] | undefined;
}

/** One item's result in a run, as the run store will hand it over (`golive export --run RUN`). */
export interface ItemResult {
  readonly status: 'pass' | 'fail' | 'warn' | 'skip' | 'error' | 'pending';
  /** A short, already redacted summary of the evidence. */
  readonly evidence?: string;
}

export interface ExportOptions {
  /** Results by item id; when given, items are ticked from them instead of the plan's own marks. */
  readonly results?: Readonly<Record<string, ItemResult>>;
}

const resultMark: Readonly<Record<ItemResult['status'], string>> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️', error: '💥', pending: '⏳' };
const statusMark: Readonly<Record<string, string>> = { failed: '❌', warn: '⚠️' };
// Written as the markers `golive import` reads back, so an exported checklist imports to the same plan.
const priorityLabel: Readonly<Record<string, string>> = { blocker: '[P0]', high: '[P1]', medium: '[P2]', low: '[P3]' };

/** Escapes text for a table cell. */
function cell(text: string | number | undefined | null): string {
  return String(text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Escapes text that starts a list item so it cannot become Markdown structure. */
function inline(text: string): string {
  return text.replace(/\n/g, ' ').replace(/^([#>])/, '\\$1');
}

/** The plan as a Markdown checklist: a heading per phase, `- [ ]`/`- [x]` items, tables for monitors, roles and risks. */
export function exportMarkdown(plan: ExportablePlan, options: ExportOptions = {}): string {
  const out: string[] = [`# ${inline(plan.name)}`, ''];
  if (plan.description) out.push(`> ${inline(plan.description)}`, '');
  const phases = [...(plan.phases ?? [])];
  for (const item of plan.items) {
    const phase = item.phase ?? phases[0]?.id ?? 'prepare';
    if (!phases.some((p) => p.id === phase)) phases.push({ id: phase });
  }
  for (const phase of phases) {
    const items = plan.items.filter((item) => (item.phase ?? phases[0]?.id) === phase.id);
    if (items.length === 0) continue;
    out.push(`## ${inline(phase.title ?? phase.id)}${phase.window ? ` (${phase.window})` : ''}`, '');
    for (const item of items) {
      const result = options.results?.[item.id];
      const done = result ? result.status === 'pass' : item.status === 'done';
      const mark = result ? resultMark[result.status] : (statusMark[item.status ?? ''] ?? '');
      const priority = item.priority ? `${priorityLabel[item.priority] ?? ''} ` : '';
      const owner = item.owner ? ` @${item.owner}` : '';
      const meta = [item.window ? `window: ${item.window}` : undefined, item.estimate ? `estimate: ${item.estimate}` : undefined, item.check ? `check: ${item.check.kind}` : undefined].filter(Boolean);
      out.push(`- [${done ? 'x' : ' '}] ${mark ? `${mark} ` : ''}${priority}${inline(item.title)}${owner} <!-- ${item.id} -->`);
      if (meta.length > 0) out.push(`  - ${meta.join(' · ')}`);
      const manual = typeof item.manual === 'string' ? { method: item.manual } : item.manual;
      if (manual && manual.method !== item.title) out.push(`  - verify: ${inline(manual.method)}`);
      if (manual?.expected) out.push(`  - expected: ${inline(manual.expected)}`);
      if (result?.evidence) out.push(`  - evidence: ${inline(result.evidence)}`);
    }
    out.push('');
  }
  if (plan.monitors && plan.monitors.length > 0) {
    out.push('## Monitors / 监控指标', '', '| Metric / 指标 | Threshold / 阈值 | For / 持续 | Owner / 责任人 |', '|---|---|---|---|');
    for (const m of plan.monitors) out.push(`| ${cell(m.metric)} | ${cell(m.threshold ?? '-')} | ${cell(m.for)} | ${cell(m.owner)} |`);
    out.push('');
  }
  const rollout = plan.rollout;
  if (rollout?.stages?.length || rollout?.rollbackWhen?.length || rollout?.rollbackSteps?.length) {
    out.push('## Rollout / 灰度与回滚', '');
    if (rollout.stages?.length) {
      out.push('| Percent / 比例 | Hold / 观察 | Step / 操作 |', '|---|---|---|');
      for (const stage of rollout.stages) out.push(`| ${stage.percent}% | ${cell(stage.hold)} | ${cell(stage.manual)} |`);
    }
    if (rollout.rollbackWhen?.length) {
      out.push('', '### Rollback when / 回滚触发条件', '');
      for (const trigger of rollout.rollbackWhen) {
        out.push(`- ${trigger.manual ? inline(trigger.description ?? trigger.condition ?? '') : `\`${trigger.condition}\`${trigger.for !== undefined ? ` for ${trigger.for}` : ''}${trigger.description ? ` (${inline(trigger.description)})` : ''}`}`);
      }
    }
    if (rollout.rollbackSteps?.length) {
      out.push('', '### Rollback steps / 回滚步骤', '');
      rollout.rollbackSteps.forEach((step, index) => out.push(`${index + 1}. ${inline(step)}`));
    }
    out.push('');
  }
  if (plan.inspections && plan.inspections.length > 0) {
    out.push('## Inspections / 巡检', '');
    for (const inspection of plan.inspections) {
      out.push(`- ${inline(inspection.title ?? inspection.id)}: ${inspection.schedule}${inspection.for !== undefined ? ` for ${inspection.for}` : ''} (${(inspection.items ?? []).length} items)`);
    }
    out.push('');
  }
  if (plan.guards && plan.guards.length > 0) {
    out.push('## Guards / 命令守卫', '');
    for (const guard of plan.guards) out.push(`- ${guard.action === 'require-gate' ? 'only after the gate / 门禁通过后' : 'never / 禁止'}: \`${guard.command.replace(/`/g, '')}\``);
    out.push('');
  }
  if (plan.roles && plan.roles.length > 0) {
    out.push('## Roles / 角色', '', '| Role / 角色 | Name / 姓名 | Duties / 职责 | Sign-off / 签字 |', '|---|---|---|---|');
    for (const role of plan.roles) out.push(`| ${cell(role.title ?? role.id)} | ${cell(role.name)} | ${cell(role.duties)} | ${role.signoff ? '☐' : ''} |`);
    out.push('');
  }
  if (plan.risks && plan.risks.length > 0) {
    out.push('## Risks / 风险', '', '| Risk / 风险 | Probability / 概率 | Impact / 影响 | Mitigation / 缓解措施 |', '|---|---|---|---|');
    for (const risk of plan.risks) out.push(`| ${cell(risk.risk)} | ${cell(risk.probability)} | ${cell(risk.impact)} | ${cell(risk.mitigation)} |`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
