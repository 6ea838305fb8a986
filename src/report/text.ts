import pc from 'picocolors';
import { bi, pick, type Locale } from '../core/text.js';
import type { ResultStatus } from '../core/result.js';
import {
  categoryOf,
  colon,
  categoryRows,
  countsSentence,
  evidenceLocations,
  explanations,
  formatLocation,
  formatMs,
  formatScore,
  groupByPhase,
  historyText,
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
import { displayWidth, padEnd, padStart, truncate } from './_width.js';
import type { ItemView, Reporter, RunView } from './run-view.js';

export interface TextOptions {
  /** ANSI colours (off for `--no-color`, NO_COLOR and files). */
  readonly color: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

const symbols: Readonly<Record<ResultStatus, string>> = {
  pass: '✔',
  fail: '✖',
  warn: '▲',
  error: '!',
  skip: '-',
  pending: '○',
};

function paint(colors: Colors, status: ResultStatus, text: string): string {
  switch (status) {
    case 'pass':
      return colors.green(text);
    case 'fail':
      return colors.red(text);
    case 'warn':
      return colors.yellow(text);
    case 'error':
      return colors.magenta(text);
    case 'pending':
      return colors.cyan(text);
    case 'skip':
      return colors.dim(text);
  }
}

/** Lines are kept within this many columns where the content allows. */
const maxWidth = 120;
const detailIndent = '      ';
/** Columns a title keeps however long the rest of its line is. */
const minTitleWidth = 32;
/** Findings listed under an item before "… and N more". */
const maxFindings = 5;

function detail(text: string): string {
  return detailIndent + truncate(text, maxWidth - detailIndent.length);
}

function itemLines(itemView: ItemView, locale: Locale, colors: Colors): string[] {
  const { item, result } = itemView;
  const status = result.status;
  const meta = [pick(priorityLabels[priorityOf(item)], locale), categoryOf(item), ...(item.owner ? [`@${item.owner}`] : [])].join(' · ');
  const trailing =
    status === 'pending'
      ? pick(bi('pending (manual)', '待人工确认'), locale)
      : status === 'pass'
        ? formatMs(result.durationMs)
        : `${pick(statusLabels[status], locale)} · ${formatMs(result.durationMs)}`;
  // Long titles are cut so the line stays within maxWidth, but never below a readable minimum.
  const fixed = displayWidth(`  ${symbols[status]} ${item.id}    [${meta}]  ${trailing}`);
  const title = truncate(item.title, Math.max(minTitleWidth, maxWidth - fixed));
  const head = `  ${paint(colors, status, symbols[status])} ${colors.bold(item.id)}  ${title}  ${colors.dim(`[${meta}]`)}  ${paint(colors, status, trailing)}`;
  const lines = [head];

  if (status === 'pending') {
    const manual = manualOf(itemView);
    if (manual) {
      lines.push(detail(`${labelled(labels.how, locale)}${manual.method}`));
      if (manual.expected) lines.push(detail(`${labelled(labels.expected, locale)}${manual.expected}`));
    }
  }
  if (status !== 'pass' && status !== 'pending') {
    for (const explanation of explanations(itemView, locale)) lines.push(paint(colors, status, detail(explanation)));
  }
  if (status === 'fail' || status === 'error' || status === 'warn') {
    const evidence = result.evidence;
    if (evidence.target) lines.push(colors.dim(detail(`${labelled(labels.target, locale)}${evidence.target}`)));
    const observed = observedSummary(evidence);
    if (observed.length > 0) lines.push(colors.dim(detail(`${labelled(labels.observed, locale)}${observed.join(', ')}`)));
    const locations = evidenceLocations(evidence);
    for (const location of locations.slice(0, maxFindings)) {
      lines.push(colors.dim(detail(`${formatLocation(location)}${location.rule ? `  ${location.rule}` : ''}${location.text ? `  ${location.text}` : ''}`)));
    }
    if (locations.length > maxFindings) {
      const more = locations.length - maxFindings;
      lines.push(colors.dim(detail(pick(bi(`… and ${more} more`, `…… 另有 ${more} 处`), locale))));
    }
    if (result.attempts.length > 1) lines.push(colors.dim(detail(`${result.attempts.length} ${pick(labels.attempts, locale)}`)));
  }
  const verified = verifiedText(itemView, locale);
  if (verified) lines.push(colors.dim(detail(verified)));
  const waiver = waiverText(itemView, locale);
  if (waiver) lines.push(colors.yellow(detail(`⚑ ${waiver}`)));
  const history = historyText(itemView, locale);
  if (history) lines.push(colors.yellow(detail(`↺ ${history}`)));
  return lines;
}

function scoreBar(score: number, colors: Colors): string {
  const filled = Math.max(0, Math.min(10, Math.round(score)));
  const bar = '█'.repeat(filled) + '░'.repeat(10 - filled);
  return score >= 8 ? colors.green(bar) : score >= 6 ? colors.yellow(bar) : colors.red(bar);
}

function scoreLines(view: RunView, locale: Locale, colors: Colors): string[] {
  const rows = categoryRows(view);
  const lines = [colors.bold(`${labelled(labels.score, locale)}${formatScore(view.score.overall)}/10`)];
  const nameWidth = Math.max(...rows.map((row) => displayWidth(row.title)), 0);
  for (const row of rows) {
    const scored = typeof row.score === 'number';
    const passed = pick(bi(`${row.passed}/${row.total} passed`, `通过 ${row.passed}/${row.total}`), locale);
    const weight = `${pick(labels.weight, locale)} ${row.weight}`;
    lines.push(
      `  ${padEnd(row.title, nameWidth)}  ${scored ? scoreBar(row.score, colors) : colors.dim('·'.repeat(10))}  ${padStart(formatScore(row.score), 4)}  ${padEnd(passed, 14)}  ${weight}`.trimEnd(),
    );
  }
  return lines;
}

function gateLines(view: RunView, locale: Locale, colors: Colors): string[] {
  const { gate } = view;
  const threshold = colors.dim(`(${pick(labels.threshold, locale)} ${gate.threshold})`);
  const lines = [
    gate.passed
      ? `${colors.bold(colors.green(`✔ ${pick(labels.gatePassed, locale)}`))} ${threshold}`
      : `${colors.bold(colors.red(`✖ ${pick(labels.gateFailed, locale)}`))} ${threshold}`,
  ];
  for (const reason of gate.reasons) lines.push(`  - ${pick(reason, locale)}`);
  if (gate.accepted.length > 0) {
    lines.push(colors.yellow(`  ${pick(labels.acceptedRisks, locale)}${colon(locale).trimEnd()}`));
    for (const reason of gate.accepted) lines.push(colors.yellow(`  ⚑ ${pick(reason, locale)}`));
  }
  return lines;
}

function signoffLines(view: RunView, locale: Locale, colors: Colors): string[] {
  if (view.signoffs.length === 0) return [];
  const lines = [colors.bold(pick(labels.signoffs, locale))];
  for (const signoff of view.signoffs) {
    const mark = signoff.valid ? colors.green('✔') : colors.red('✖');
    lines.push(`  ${mark} ${signoff.role}  ${signoff.by}  ${signoff.at}${signoff.valid ? '' : `  (${pick(labels.invalid, locale)})`}`);
  }
  return lines;
}

/** The terminal summary: phases with failures first, evidence that matters, score, gate and counts. */
export function renderText(view: RunView, locale: Locale, options: TextOptions): string {
  const colors = pc.createColors(options.color);
  const context = [
    view.environment ? `${labelled(labels.environment, locale)}${view.environment}` : undefined,
    view.release ? `${labelled(labels.release, locale)}${view.release}` : undefined,
    `${labelled(labels.run, locale)}${view.id}`,
  ].filter((part): part is string => part !== undefined);
  const lines = [colors.bold(`golive · ${view.plan.name}`), colors.dim(context.join(' · ')), ''];

  for (const group of groupByPhase(view)) {
    lines.push(colors.bold(group.phase.window ? `${group.phase.title}  (${group.phase.window})` : group.phase.title));
    for (const itemView of group.items) lines.push(...itemLines(itemView, locale, colors));
    lines.push('');
  }

  lines.push(...scoreLines(view, locale, colors), '');
  lines.push(...gateLines(view, locale, colors), '');
  const signoffs = signoffLines(view, locale, colors);
  if (signoffs.length > 0) lines.push(...signoffs, '');
  lines.push(countsSentence(view.items, locale));
  return `${lines.join('\n')}\n`;
}

/** Registered without colour: files and pipes get plain text; the CLI calls renderText for the terminal. */
export const textReporter = {
  name: 'text',
  extension: 'txt',
  render: (view, locale) => renderText(view, locale, { color: false }),
} satisfies Reporter;
