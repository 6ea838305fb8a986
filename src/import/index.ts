/** Markdown launch checklist → golive plan. Pure: no I/O; the CLI reads and writes files. */
import type { Priority } from '../plan/schema.js';
import { priorities } from '../plan/schema.js';
import { discoverSecrets } from '../redaction/discover.js';
import { phraseSecrets } from '../redaction/phrases.js';
import { createSecretSet } from '../redaction/secret-set.js';
import { looksLikePassword, redactSecrets, scanText } from '../scan/index.js';
import { Interpreter } from './interpret.js';
import { maskSecrets } from './secrets.js';
import { parseMarkdown, prepareSource } from './source.js';
import type { ImportedItem, ImportedPlan, ImportReport, ImportResult } from './types.js';
import { categoryTitles, phaseOrder, phaseTitles } from './vocabulary.js';

export type { ImportedItem, ImportedPlan, ImportReport, ImportResult, UnrecognizedLine } from './types.js';
export { planFileOf, renderPlanYaml } from './render.js';
export { importSummary } from './summary.js';

export interface ImportOptions {
  /** The document's name as shown in `source.file` and the report. */
  readonly file: string;
}

/** Interprets a Markdown checklist; throws GoliveError only for input that is not a checklist at all (binary, too large). */
export function importMarkdown(text: string, options: ImportOptions): ImportResult {
  const file = options.file;
  const prepared = prepareSource(text, file);
  const masked = maskSecrets(prepared.lines, file);
  const lines = masked.lines;
  const findings = masked.secrets;
  // Values the rules do not know by format but the document names as credentials (`ALIYUN_SK=…`, a table row
  // `| AccessKey Secret | … |`, `密码：…`) are masked on every line too, and counted with the findings.
  // A document is full of placeholders (`SENTRY_DSN=https://xxx@…`, `密钥（≥32 字符）`): only password-like values count.
  const documentText = lines.join('\n');
  // A phrase with spaces is a description (`| WEBHOOK_SIGNING_SECRET | verifies webhook signatures |`), not a password.
  const named = createSecretSet({ values: [...discoverSecrets(documentText), ...phraseSecrets(documentText)].filter((value) => looksLikePassword(value) && !/\s/.test(value)) });
  const namedFindings: ImportReport['secrets'] = [];
  for (const [index, line] of lines.entries()) {
    const redacted = named.redact(line);
    if (redacted === line) continue;
    lines[index] = redacted;
    if (!findings.some((finding) => finding.line === index + 1)) namedFindings.push({ line: index + 1, rule: 'credential-by-name', severity: 'high', preview: redacted.trim().slice(0, 160) });
  }
  const safeText = lines.join('\n');
  const interpreter = new Interpreter(file, safeText);
  interpreter.run(parseMarkdown(safeText));

  const items = dedupeChecks(interpreter.items);
  const usedPhases = phaseOrder.filter((phase) => items.some((item) => item.phase === phase));
  const claimed = new Map<string, number>();
  for (const claim of interpreter.report.claimedScores) for (const category of claim.categories) if (!claimed.has(category)) claimed.set(category, claim.score);
  const categoryIds = Object.keys(categoryTitles).filter((id) => items.some((item) => item.category === id) || claimed.has(id));
  const variables = interpreter.variables.list();
  const plan: ImportedPlan = {
    name: interpreter.title || file.replace(/\.[^.]+$/, ''),
    description: `Imported from ${file} by golive import; review every item marked proposed / 由 golive import 从 ${file} 导入，请逐项审阅 proposed 检查`,
    ...(variables.length > 0
      ? {
          variables: Object.fromEntries(
            variables.map((v) => [v.name, { description: `${v.placeholder} (L${v.lines.join(', L')})`, required: true, example: v.example }]),
          ),
        }
      : {}),
    ...(interpreter.roles.length > 0 ? { roles: interpreter.roles } : {}),
    categories: categoryIds.map((id) => ({ id, title: categoryTitles[id] ?? id, ...(claimed.has(id) ? { claimedScore: claimed.get(id) ?? 0 } : {}) })),
    phases: usedPhases.map((id) => {
      const window = items.find((item) => item.phase === id && item.window !== undefined && /^T/.test(item.window) && !/\d:\d/.test(item.window))?.window;
      return { id, title: phaseTitles[id] ?? id, ...(window === undefined ? {} : { window }) };
    }),
    items,
    ...(interpreter.stages.length > 0 || interpreter.triggers.length > 0 || interpreter.rollbackSteps.length > 0
      ? {
          rollout: {
            ...(interpreter.stages.length > 0 ? { stages: interpreter.stages.map(({ line: _line, ...stage }) => stage) } : {}),
            ...(interpreter.triggers.length > 0 ? { rollbackWhen: interpreter.triggers } : {}),
            ...(interpreter.rollbackSteps.length > 0 ? { rollbackSteps: interpreter.rollbackSteps } : {}),
          },
        }
      : {}),
    ...(interpreter.monitors.length > 0 ? { monitors: interpreter.monitors } : {}),
    ...(interpreter.inspections.length > 0 ? { inspections: interpreter.inspections } : {}),
    ...(interpreter.guards.length > 0 ? { guards: interpreter.guards } : {}),
    ...(interpreter.risks.length > 0 ? { risks: interpreter.risks } : {}),
  };

  const byPriority = Object.fromEntries(priorities.map((p) => [p, items.filter((item) => item.priority === p).length])) as Record<Priority, number>;
  const byPhase = Object.fromEntries(usedPhases.map((phase) => [phase, items.filter((item) => item.phase === phase).length]));
  const proposedChecks = items
    .filter((item) => item.check !== null)
    .map((item) => ({ item: item.id, kind: item.check?.kind ?? '', line: item.source.line, note: item.title }));
  const report: ImportReport = {
    file,
    counts: {
      items: items.length,
      byPhase,
      byPriority,
      blockers: byPriority.blocker,
      withOwner: items.filter((item) => item.owner !== null).length,
      proposedChecks: proposedChecks.length,
      monitors: interpreter.monitors.length,
      thresholds: interpreter.report.thresholds.length,
      stages: interpreter.stages.length,
      rollbackTriggers: interpreter.triggers.length,
      rollbackSteps: interpreter.rollbackSteps.length,
      roles: interpreter.roles.length,
      signoffs: interpreter.report.signoffs.length,
      inspections: interpreter.inspections.length,
      guards: interpreter.guards.length,
      risks: interpreter.risks.length,
      variables: variables.length,
      secrets: findings.length + namedFindings.length,
      unrecognized: interpreter.report.unrecognized.length,
    },
    secrets: [...findings.map((f) => ({ line: f.line, rule: f.rule, severity: f.severity, preview: f.preview })), ...namedFindings].sort((a, b) => a.line - b.line),
    unrecognized: interpreter.report.unrecognized,
    variables,
    proposedChecks,
    claimedScores: interpreter.report.claimedScores,
    signoffs: interpreter.report.signoffs,
    thresholds: interpreter.report.thresholds,
    informational: interpreter.report.informational,
    notes: prepared.notes.map((note) => ({ line: note.line, reason: note.reason })),
  };
  return { plan: scrub(escapeText(plan)), report: scrub(report) };
}

/** `${…}` written in the document's prose and code is text, not a plan variable: written as `$${…}`. Checks keep theirs. */
function escapeText(plan: ImportedPlan): ImportedPlan {
  const escape = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/(^|[^$])\$\{/g, '$1$$${');
    if (Array.isArray(value)) return value.map(escape);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escape(v)]));
    return value;
  };
  const { items, variables, ...rest } = plan;
  return {
    ...(escape(rest) as Omit<ImportedPlan, 'items' | 'variables'>),
    ...(variables === undefined ? {} : { variables }),
    items: items.map(({ check, ...item }) => ({ ...(escape(item) as Omit<ImportedItem, 'check'>), check })),
  };
}

/** The same proposed check twice in one phase is kept on the first item only. */
function dedupeChecks(items: ImportedItem[]): ImportedItem[] {
  const seen = new Set<string>();
  for (const item of items) {
    if (item.check === null) continue;
    const key = `${item.phase} ${JSON.stringify(item.check)}`;
    if (seen.has(key)) {
      item.check = null;
      delete item.proposed;
    } else {
      seen.add(key);
    }
  }
  return items;
}

/** A last line of defence: any string still holding something the secret rules recognise is redacted. */
function scrub<T>(value: T): T {
  if (scanText(JSON.stringify(value), 'plan.json', { rules: 'secrets', includeUnreported: true }).length === 0) return value;
  return deepMap(value) as T;
}

function deepMap(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(deepMap);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepMap(v)]));
  return value;
}
