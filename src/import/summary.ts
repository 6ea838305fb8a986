/** The short summary `golive import` ends with: what became of the document, in words a person reads. */
import { bi, type Bilingual } from '../core/text.js';
import type { ImportResult } from './types.js';

/** Proposed checks by kind (`http 3, env 2`), items left manual, secrets masked by line, lines not placed. */
export function importSummary(result: ImportResult, file: string): Bilingual[] {
  const { report, plan } = result;
  const c = report.counts;
  const kinds = new Map<string, number>();
  for (const item of plan.items) if (item.check !== null) kinds.set(item.check.kind, (kinds.get(item.check.kind) ?? 0) + 1);
  const byKind = [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ');
  const manual = plan.items.filter((item) => item.check === null).length;
  const lines = [
    bi(`${file}: ${c.items} items (${c.blockers} blockers, ${c.withOwner} with an owner)`, `${file}：${c.items} 个检查项（阻塞项 ${c.blockers} 个，有负责人 ${c.withOwner} 个）`),
    c.proposedChecks === 0
      ? bi(`no checks proposed; ${manual} items left manual`, `没有建议的自动检查；${manual} 项保持人工检查`)
      : bi(
          `${c.proposedChecks} checks proposed (${byKind}), marked proposed: true for review; ${manual} items left manual`,
          `建议的自动检查 ${c.proposedChecks} 个（${byKind}），已标记 proposed: true 待审阅；${manual} 项保持人工检查`,
        ),
    bi(
      `${c.monitors} monitors, ${c.stages} gray stages, ${c.rollbackTriggers} rollback triggers, ${c.roles} roles (${c.signoffs} sign-offs), ${c.inspections} inspections, ${c.guards} guards`,
      `监控 ${c.monitors} 个，灰度阶段 ${c.stages} 个，回滚触发条件 ${c.rollbackTriggers} 个，角色 ${c.roles} 个（签字 ${c.signoffs} 个），巡检 ${c.inspections} 个，命令守卫 ${c.guards} 个`,
    ),
  ];
  if (c.variables > 0) {
    const names = report.variables.map((v) => v.name).join(', ');
    lines.push(bi(`variables to fill in: ${names}`, `待填写的变量：${names}`));
  }
  if (c.secrets > 0) {
    const where = report.secrets.map((s) => `L${s.line}`).join(', ');
    lines.push(
      bi(
        `⚠ SECRETS: ${c.secrets} line(s) of the document hold a secret (${where}); masked in everything written here. Remove them from the document and rotate them.`,
        `⚠ 机密：文档中有 ${c.secrets} 行含机密（${where}），输出中已全部脱敏。请从文档中删除并更换这些机密。`,
      ),
    );
  } else {
    lines.push(bi('secrets masked: none found', '脱敏的机密：未发现'));
  }
  if (c.unrecognized > 0) {
    const where = report.unrecognized.slice(0, 10).map((u) => `L${u.line}`).join(', ');
    const more = c.unrecognized > 10 ? ' …' : '';
    lines.push(bi(`${c.unrecognized} line(s) not placed: ${where}${more} (see --format json)`, `${c.unrecognized} 行未能归类：${where}${more}（详见 --format json）`));
  } else {
    lines.push(bi('lines not placed: none', '未能归类的行：无'));
  }
  return lines;
}
