import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { parsePlanDocument } from '../plan/document.js';
import { lintPlan } from '../plan/lint.js';
import { formatProblems } from '../plan/load.js';
import type { Plan } from '../plan/schema.js';
import { scanText } from '../scan/index.js';

/**
 * Validates a plan file sent to the server: structural lint errors refuse it (undefined variables do not: the
 * server's environment or the run supplies them), and so does any secret written into it, because the server
 * stores plan text; secrets must come from `${VAR}` in the server's environment.
 */
export function checkPlanSource(source: string, file: string, env: NodeJS.ProcessEnv): Plan {
  const doc = parsePlanDocument(source, file);
  const lint = lintPlan(doc, { knownVariables: new Set(Object.keys(env)) });
  const structural = lint.problems.filter((problem) => problem.severity === 'error' && !problem.message.en.startsWith('undefined variable'));
  if (structural.length > 0) {
    throw new GoliveError('plan.invalid', bi(`the plan has ${structural.length} problem(s):\n${formatProblems(file, structural, (text) => text.en)}`, `计划有 ${structural.length} 个问题：\n${formatProblems(file, structural, (text) => text.zh)}`));
  }
  const secrets = scanText(source, file, { rules: 'secrets', includeUnreported: true });
  if (secrets.length > 0) {
    const where = secrets.map((finding) => `${file}:${finding.line} (${finding.rule})`).join(', ');
    throw new GoliveError('plan.secret', bi(`the plan contains secret value(s) at ${where}; reference them as \${VAR} from the server's environment instead`, `计划中含有机密值：${where}；请改为引用服务器环境变量 \${VAR}`));
  }
  const data = doc.data as { name?: unknown };
  if (typeof data?.name !== 'string' || data.name === '') throw new GoliveError('plan.invalid', bi(`${file} has no plan name`, `${file} 缺少计划名称（name）`));
  return (lint.plan ?? data) as Plan;
}
