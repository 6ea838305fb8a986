import { bi, pick, type Locale } from '../core/text.js';
import {
  categoryOf,
  countStatuses,
  evidenceLocations,
  explanations,
  formatLocation,
  groupByPhase,
  historyText,
  labelled,
  labels,
  manualOf,
  observedSummary,
  statusLabels,
  verifiedText,
  waiverText,
} from './_model.js';
import { element, escapeXml } from './_xml.js';
import type { ItemView, Reporter, RunView } from './run-view.js';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The evidence a CI page shows under a testcase, as plain lines. */
function detailText(itemView: ItemView, locale: Locale): string {
  const { evidence, attempts } = itemView.result;
  const lines = [...explanations(itemView, locale)];
  if (evidence.target) lines.push(`${labelled(labels.target, locale)}${evidence.target}`);
  const observed = observedSummary(evidence);
  if (observed.length > 0) lines.push(`${labelled(labels.observed, locale)}${observed.join(', ')}`);
  for (const location of evidenceLocations(evidence)) {
    lines.push(`${formatLocation(location)}${location.rule ? ` ${location.rule}` : ''}${location.text ? ` ${location.text}` : ''}`);
  }
  if (attempts.length > 1) lines.push(`${attempts.length} ${pick(labels.attempts, locale)}`);
  for (const extra of [waiverText(itemView, locale), historyText(itemView, locale)]) if (extra) lines.push(extra);
  if (itemView.item.why) lines.push(`${labelled(labels.why, locale)}${itemView.item.why}`);
  return lines.join('\n');
}

function testcase(itemView: ItemView, locale: Locale): string {
  const { item, result } = itemView;
  const attributes = { classname: categoryOf(item), name: `${item.id} ${item.title}`, time: seconds(result.durationMs) };
  const message = explanations(itemView, locale)[0] ?? pick(statusLabels[result.status], locale);
  const details = escapeXml(detailText(itemView, locale));
  switch (result.status) {
    case 'fail':
      return element('testcase', attributes, element('failure', { message, type: 'fail' }, details));
    case 'error':
      return element('testcase', attributes, element('error', { message, type: 'error' }, details));
    case 'skip':
      return element('testcase', attributes, element('skipped', { message }));
    case 'pending': {
      const manual = manualOf(itemView);
      const text = pick(bi('manual item, pending verification', '人工项，待确认'), locale);
      const how = manual ? `: ${manual.method}${manual.expected ? ` → ${manual.expected}` : ''}` : '';
      return element('testcase', attributes, element('skipped', { message: `${text}${how}` }));
    }
    case 'warn':
      // JUnit has no warning outcome: the case passes and the warning goes to its output.
      return element('testcase', attributes, element('system-out', {}, escapeXml(`${pick(statusLabels.warn, locale)}: ${detailText(itemView, locale)}`)));
    case 'pass': {
      const notes = [verifiedText(itemView, locale), historyText(itemView, locale)].filter((note): note is string => note !== undefined);
      return element('testcase', attributes, notes.length > 0 ? element('system-out', {}, escapeXml(notes.join('\n'))) : '');
    }
  }
}

function counts(items: readonly ItemView[]) {
  const byStatus = countStatuses(items);
  return {
    tests: items.length,
    failures: byStatus.fail,
    errors: byStatus.error,
    skipped: byStatus.skip + byStatus.pending,
    time: seconds(items.reduce((sum, itemView) => sum + itemView.result.durationMs, 0)),
  };
}

/** JUnit XML: one testsuite per phase, one testcase per item; pending manual items are skipped cases. */
export function renderJunit(view: RunView, locale: Locale): string {
  const suites = groupByPhase(view).map((group) =>
    element(
      'testsuite',
      { name: group.phase.title, id: group.phase.id, ...counts(group.items), timestamp: view.startedAt.replace(/Z$/, '') },
      group.items.map((itemView) => `\n    ${testcase(itemView, locale)}`).join('') + '\n  ',
    ),
  );
  const root = element('testsuites', { name: `golive: ${view.plan.name}`, ...counts(view.items) }, suites.map((suite) => `\n  ${suite}`).join('') + '\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
}

export const junitReporter = { name: 'junit', extension: 'xml', render: renderJunit } satisfies Reporter;
