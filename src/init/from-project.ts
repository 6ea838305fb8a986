import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { compareWithPlan, mergeIntoPlan, suggestProject, type SuggestResult } from '../suggest/index.js';
import { holds } from '../suggest/propose.js';
import type { ProxyName, TemplateName } from './answers.js';

/** Template items that only make sense for some stacks; dropped when the project shows it lacks them. */
const templateItemNeeds: Readonly<Record<TemplateName, Readonly<Record<string, readonly string[]>>>> = {
  compose: {
    'mysql-reachable': ['mysql'],
    'mysql-closed': ['mysql'],
    'db-host-rds': ['mysql'],
    'backup-fresh': ['mysql'],
    'redis-closed': ['redis'],
    'redis-ping': ['redis'],
    'oss-bucket': ['oss'],
    'pay-callback': ['wechat-pay'],
    'map-key-injected': ['map'],
    'jwt-secret': ['jwt'],
    'cors-not-star': ['env:/CORS/'],
    'debug-routes-off': ['env:/ENABLE_DEBUG/'],
  },
  cloudbase: {},
  serverless: { 'test-data-cleaned': ['mysql'], 'jwt-secret': ['jwt'], 'cors-not-star': ['env:/CORS/'] },
};

/** What `golive init` takes from the project before asking anything: the stack, the API domain, the mini-program. */
export interface ProjectStart {
  /** The project was recognised at all (an empty folder keeps the plain templates). */
  readonly recognised: boolean;
  readonly template: TemplateName | undefined;
  readonly apiDomain: string | undefined;
  readonly miniprogramDir: string | undefined;
  readonly proxy: ProxyName | undefined;
  readonly result: SuggestResult;
}

export async function readProjectStart(cwd: string): Promise<ProjectStart> {
  const result = await suggestProject(cwd);
  const { signals, context } = result.view;
  const template: TemplateName | undefined = signals.has('cloudbase') && !signals.has('compose') ? 'cloudbase' : signals.has('vercel') ? 'serverless' : signals.has('compose') || signals.has('docker') ? 'compose' : undefined;
  return {
    recognised: signals.size > 0,
    template,
    apiDomain: context.apiDomain,
    miniprogramDir: context.miniprogramDir,
    proxy: signals.has('nginx') && !signals.has('caddy') ? 'nginx' : signals.has('caddy') ? 'caddy' : undefined,
    result,
  };
}

/** Drops the template items the project has no use for (its stack lacks them, or they read a variable nobody uses), and references to them. */
function prune(text: string, template: TemplateName, start: ProjectStart): string {
  const needs = templateItemNeeds[template];
  const dropped = new Set(Object.entries(needs).filter(([, predicates]) => !predicates.every((predicate) => holds(predicate, start.result.view))).map(([id]) => id));
  for (const entry of compareWithPlan(start.result, parseDocument(text).toJS()).stale) if (entry.what === 'variable') dropped.add(entry.itemId);
  if (dropped.size === 0) return text;
  const doc = parseDocument(text);
  const items = doc.get('items', true);
  if (isSeq(items)) items.items = items.items.filter((item) => !(isMap(item) && dropped.has(String(item.get('id')))));
  const inspections = doc.get('inspections', true);
  if (isSeq(inspections)) {
    for (const inspection of inspections.items) {
      const list = isMap(inspection) ? inspection.get('items', true) : undefined;
      if (isSeq(list)) list.items = list.items.filter((entry) => !(isScalar(entry) && dropped.has(String(entry.value))));
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** The starter plan made to fit the project: items it cannot use dropped, the lessons that apply to it added. */
export function fitToProject(text: string, template: TemplateName, start: ProjectStart): string {
  if (!start.recognised) return text;
  const pruned = prune(text, template, start);
  const comparison = compareWithPlan(start.result, parseDocument(pruned).toJS());
  if (comparison.missing.length === 0) return pruned;
  return mergeIntoPlan(pruned, comparison.missing, 'From this project (golive suggest): each item says why / 来自本项目（golive suggest）：每项的 why 写明原因');
}
