import { pick, type Locale } from '../core/text.js';
import type { Priority } from '../plan/schema.js';
import type { ResultStatus } from '../core/result.js';
import { categoryOf, colon, evidenceLocations, explanations, phaseOf, priorityOf, statusLabels, type SourceLocation } from './_model.js';
import type { ItemView, Reporter, RunView } from './run-view.js';

/** Where SARIF viewers link the tool name. Kept in one place until the project has its public home. */
export const informationUri = 'https://github.com/golive-cli/golive';

type Level = 'error' | 'warning' | 'note';

const levels: Readonly<Record<Priority, Level>> = { blocker: 'error', high: 'error', medium: 'warning', low: 'note' };

/** Only results that need attention become SARIF results. */
const reported: ReadonlySet<ResultStatus> = new Set(['fail', 'error', 'warn']);

/** A warn is not a failure: it never shows as more than a warning, whatever the priority. */
function levelOf(itemView: ItemView): Level {
  const level = levels[priorityOf(itemView.item)];
  return itemView.result.status === 'warn' && level === 'error' ? 'warning' : level;
}

function physicalLocation(location: SourceLocation) {
  return {
    physicalLocation: {
      artifactLocation: { uri: location.file.replace(/\\/g, '/') },
      ...(location.line ? { region: { startLine: location.line, ...(location.column ? { startColumn: location.column } : {}) } } : {}),
    },
  };
}

function itemMessage(itemView: ItemView, locale: Locale): string {
  const explanation = explanations(itemView, locale).join('; ');
  const status = pick(statusLabels[itemView.result.status], locale);
  const [open, close] = locale === 'zh-CN' ? ['（', '）'] : [' (', ')'];
  return `${itemView.item.title}${open}${status}${close}${explanation ? `${colon(locale)}${explanation}` : ''}`;
}

/** One result per finding (so each shows at its line), else one per item, at the plan line it came from when known. */
function resultsFor(itemView: ItemView, ruleIndex: number, locale: Locale) {
  const base = { ruleId: itemView.item.id, ruleIndex, level: levelOf(itemView) };
  const findings = evidenceLocations(itemView.result.evidence);
  if (findings.length > 0) {
    return findings.map((finding) => ({
      ...base,
      message: { text: `${itemView.item.title}${finding.rule ? ` [${finding.rule}]` : ''}${finding.text ? `: ${finding.text}` : ''}` },
      locations: [physicalLocation(finding)],
    }));
  }
  const source = itemView.item.source;
  const locations = source?.file ? [physicalLocation({ file: source.file, ...(source.line ? { line: source.line } : {}) })] : [];
  return [{ ...base, message: { text: itemMessage(itemView, locale) }, ...(locations.length > 0 ? { locations } : {}) }];
}

/** SARIF 2.1.0: a rule per item that needs attention, results for fail / error / warn items. */
export function toSarif(view: RunView, locale: Locale) {
  const attention = view.items.filter((itemView) => reported.has(itemView.result.status));
  const rules = attention.map((itemView) => ({
    id: itemView.item.id,
    name: itemView.item.id,
    shortDescription: { text: itemView.item.title },
    ...(itemView.item.why ? { fullDescription: { text: itemView.item.why } } : {}),
    defaultConfiguration: { level: levels[priorityOf(itemView.item)] },
    properties: { category: categoryOf(itemView.item), priority: priorityOf(itemView.item), phase: phaseOf(itemView.item, view.plan) },
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'golive', informationUri, rules } },
        automationDetails: { id: `golive/${view.plan.name}/${view.environment ?? 'default'}/${view.id}` },
        invocations: [{ executionSuccessful: true, startTimeUtc: view.startedAt, endTimeUtc: view.finishedAt }],
        results: attention.flatMap((itemView, index) => resultsFor(itemView, index, locale)),
        properties: { plan: view.plan.name, environment: view.environment, release: view.release, gatePassed: view.gate.passed, score: view.score.overall },
      },
    ],
  };
}

export const sarifReporter = {
  name: 'sarif',
  extension: 'sarif',
  render: (view, locale) => `${JSON.stringify(toSarif(view, locale), null, 2)}\n`,
} satisfies Reporter;
