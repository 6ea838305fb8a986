import { bi, pick, type Locale } from '../core/text.js';
import type { ResultStatus } from '../core/result.js';
import {
  categoryOf,
  categoryRows,
  countsSentence,
  evidenceLocations,
  explanations,
  formatLocation,
  formatMs,
  formatScore,
  groupByPhase,
  historyText,
  isPassing,
  labelled,
  labels,
  manualOf,
  observedSummary,
  priorityLabels,
  priorityOf,
  statusLabels,
  verifiedText,
  waiverText,
} from './_model.js';
import type { ItemView, Reporter, RunView } from './run-view.js';

const badges: Readonly<Record<ResultStatus, string>> = { pass: '✅', fail: '❌', warn: '⚠️', error: '🛑', skip: '⏭️', pending: '⏳' };

/** Inline text: Markdown and HTML syntax escaped, one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, (char) => `\\${char}`);
}

/** Inline code that survives backticks inside the value. */
function code(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${longest > 0 ? ' ' : ''}${oneLine}${longest > 0 ? ' ' : ''}${fence}`;
}

function itemBlock(itemView: ItemView, locale: Locale): string[] {
  const { item, result } = itemView;
  const status = result.status;
  const box = isPassing(status) ? '[x]' : '[ ]';
  const meta = [
    `${badges[status]} ${pick(statusLabels[status], locale)}`,
    pick(priorityLabels[priorityOf(item)], locale),
    escapeMarkdown(categoryOf(item)),
    ...(item.owner ? [`@${escapeMarkdown(item.owner)}`] : []),
    ...(status === 'pending' ? [] : [formatMs(result.durationMs)]),
  ].join(' · ');
  const lines = [`- ${box} **${escapeMarkdown(item.id)}** ${escapeMarkdown(item.title)} — ${meta}`];
  const sub = (text: string) => lines.push(`  - ${text}`);

  if (status === 'pending') {
    const manual = manualOf(itemView);
    if (manual) {
      sub(`${labelled(labels.how, locale)}${escapeMarkdown(manual.method)}`);
      if (manual.expected) sub(`${labelled(labels.expected, locale)}${escapeMarkdown(manual.expected)}`);
    }
  } else if (status !== 'pass') {
    for (const explanation of explanations(itemView, locale)) sub(escapeMarkdown(explanation));
  }
  if (status !== 'pending') {
    const evidence = result.evidence;
    const summary = [...(evidence.target ? [`${labelled(labels.target, locale)}${code(evidence.target)}`] : [])];
    const observed = observedSummary(evidence);
    if (observed.length > 0) summary.push(`${labelled(labels.observed, locale)}${code(observed.join(', '))}`);
    if (summary.length > 0) sub(summary.join(' · '));
    const locations = evidenceLocations(evidence);
    if (locations.length > 0) {
      sub(`${labelled(labels.findings, locale)}${locations.slice(0, 10).map((location) => code(`${formatLocation(location)}${location.rule ? ` ${location.rule}` : ''}`)).join(', ')}${locations.length > 10 ? ` … (+${locations.length - 10})` : ''}`);
    }
  }
  for (const extra of [verifiedText(itemView, locale), waiverText(itemView, locale), historyText(itemView, locale)]) {
    if (extra) sub(`*${escapeMarkdown(extra)}*`);
  }
  if (item.why && !isPassing(status)) sub(`${labelled(labels.why, locale)}${escapeMarkdown(item.why)}`);
  return lines;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

/** A Markdown checklist document of the run: phases, items with evidence, score, gate and sign-offs. */
export function renderMarkdown(view: RunView, locale: Locale): string {
  const lines = [`# ${labelled(labels.report, locale)}${escapeMarkdown(view.plan.name)}`, ''];
  lines.push(
    `- ${labelled(labels.environment, locale)}${view.environment ? escapeMarkdown(view.environment) : pick(labels.none, locale)}`,
    `- ${labelled(labels.release, locale)}${view.release ? escapeMarkdown(view.release) : pick(labels.none, locale)}`,
    `- ${labelled(labels.run, locale)}${code(view.id)} · ${view.startedAt} → ${view.finishedAt}`,
    '',
  );

  lines.push(`## ${pick(labels.gate, locale)}`, '', `**${view.gate.passed ? `✅ ${pick(labels.gatePassed, locale)}` : `❌ ${pick(labels.gateFailed, locale)}`}** (${pick(labels.threshold, locale)} ${view.gate.threshold})`, '');
  for (const reason of view.gate.reasons) lines.push(`- ${escapeMarkdown(pick(reason, locale))}`);
  if (view.gate.reasons.length > 0) lines.push('');
  if (view.gate.accepted.length > 0) {
    lines.push(`**${pick(labels.acceptedRisks, locale)}**`, '');
    for (const reason of view.gate.accepted) lines.push(`- ${escapeMarkdown(pick(reason, locale))}`);
    lines.push('');
  }

  lines.push(`## ${labelled(labels.score, locale)}${formatScore(view.score.overall)}/10`, '');
  lines.push(
    ...table(
      [pick(labels.category, locale), pick(bi('Score', '评分'), locale), pick(labels.passed, locale), pick(labels.weight, locale)],
      categoryRows(view).map((row) => [escapeMarkdown(row.title), formatScore(row.score), `${row.passed}/${row.total}`, String(row.weight)]),
    ),
    '',
  );

  for (const group of groupByPhase(view)) {
    lines.push(`## ${escapeMarkdown(group.phase.title)}${group.phase.window ? ` (${escapeMarkdown(group.phase.window)})` : ''}`, '');
    for (const itemView of group.items) lines.push(...itemBlock(itemView, locale));
    lines.push('');
  }

  lines.push(`## ${pick(labels.signoffs, locale)}`, '');
  if (view.signoffs.length === 0) lines.push(pick(labels.noSignoffs, locale), '');
  else {
    lines.push(
      ...table(
        [pick(labels.role, locale), pick(labels.by, locale), pick(labels.at, locale), pick(labels.valid, locale)],
        view.signoffs.map((signoff) => [escapeMarkdown(signoff.role), escapeMarkdown(signoff.by), escapeMarkdown(signoff.at), pick(signoff.valid ? labels.yes : labels.no, locale)]),
      ),
      '',
    );
  }
  lines.push(`*${countsSentence(view.items, locale)}*`);
  return `${lines.join('\n')}\n`;
}

export const markdownReporter = { name: 'markdown', extension: 'md', render: renderMarkdown } satisfies Reporter;
