/** Table rows by the kind of table: steps and checks, API and key tables, metrics, roles and sign-offs, risks, rollback triggers and steps, team tables. */
import type { Table } from 'mdast';
import type { Interpreter } from './interpret.js';
import { assignments, ownerOfText } from './owners.js';
import { expectationOf } from './probes.js';
import { priorityOfCell } from './priorities.js';
import { envItem } from './read-code.js';
import { addMonitor, trigger } from './read-thresholds.js';
import { addRole } from './roles.js';
import { lineOf, type Section, toString } from './sections.js';
import { statusOfCell } from './statuses.js';
import { classifyTable, type TableKind } from './tables.js';
import { conditionOf, findThresholds, metricIdOf } from './thresholds.js';
import type { ImportedItem } from './types.js';

export function table(self: Interpreter, node: Table, section: Section, own: ImportedItem[]): void {
  const ctx = section.ctx;
  const [header, ...rows] = node.children;
  if (!header) return;
  const columns = header.children.map((cell) => toString(cell).trim());
  const kind: TableKind = classifyTable(
    columns,
    ctx.role,
    rows.map((row) => row.children.map((cell) => toString(cell).trim())),
  );
  for (const row of rows) {
    const line = lineOf(row);
    const cells = row.children.map((cell) => toString(cell).trim());
    const get = (role: string) => {
      const index = kind.columns[role];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const raw = cells.join(' | ');
    if (cells.every((cell) => cell === '')) continue;
    switch (kind.kind) {
      case 'risk':
        self.risks.push({
          risk: get('risk'),
          ...(get('probability') ? { probability: get('probability') } : {}),
          ...(get('impact') ? { impact: get('impact') } : {}),
          ...(get('mitigation') ? { mitigation: get('mitigation') } : {}),
          source: { file: self.file, line },
        });
        break;
      case 'role': {
        const title = get('role') || get('name');
        if (title === '') break;
        // A sign-off column left blank on every row is where people sign; where some rows are marked (☐), only those sign.
        const column = kind.columns.signoff;
        const blankColumn = column !== undefined && rows.every((r) => toString(r.children[column] ?? { type: 'text', value: '' }).trim() === '');
        const signoff = column !== undefined && (blankColumn || (get('signoff') !== '' && !/^(否|no|n|-|无|不需要)$/i.test(get('signoff'))));
        addRole(self, { title, ...(get('name') && get('role') ? { name: get('name') } : {}), ...(get('duties') ? { duties: get('duties') } : {}), ...(signoff ? { signoff } : {}) }, line);
        break;
      }
      case 'metric': {
        const metric = [get('metric')].filter(Boolean).join(' ') || raw;
        const threshold = get('threshold');
        const owner = get('owner');
        const notify = get('notify');
        const parsed = findThresholds(`${metric} ${/^[<>≤≥=]/.test(threshold) ? threshold : threshold}`)[0];
        const alert = /告警|报警|alert|触发|trigger/i.test(columns[kind.columns.threshold ?? -1] ?? '');
        const monitor = addMonitor(self, metric, parsed ? parsed.metricId : metricIdOf(metric), line);
        if (parsed) {
          const condition = self.condition(conditionOf(parsed, 'value', alert), line, raw);
          if (condition) {
            monitor.threshold = condition;
            self.report.thresholds.push({ line, metric, condition, placedIn: `monitors.${monitor.id}` });
          }
          if (parsed.for !== undefined) monitor.for = parsed.for;
        } else if (threshold !== '' && !/^[-–—/无]$|^n\/?a$/i.test(threshold)) {
          self.unrecognized(line, `${metric}: ${threshold}`, 'threshold-not-understood');
        }
        if (owner) self.ownerRefs.push({ item: monitor, text: owner });
        if (notify) monitor.notify = notify.split(/[、,，/]/).map((n) => n.trim()).filter(Boolean);
        break;
      }
      case 'rollback-triggers':
        trigger(self, [get('metric') || get('trigger') || get('title'), get('threshold'), get('duration') ? `持续 ${get('duration')}` : ''].filter(Boolean).join(' '), line, raw);
        break;
      case 'api':
        apiRow(self, get('endpoint'), get('method'), [get('note'), get('title')].filter(Boolean).join(' '), get('expected') || get('status'), line, section, own, self.raw(row));
        break;
      case 'keys': {
        const name = get('variable').replace(/`/g, '');
        envItem(self, name, undefined, [get('note'), get('title')].filter(Boolean).join(' '), line, section, own, undefined);
        break;
      }
      case 'team': {
        const assigned = assignments(get('member'), get('assigned'));
        if (assigned === undefined) break;
        for (const item of self.items) {
          if (item.owner === null && !self.ownerRefs.some((ref) => ref.item === item) && assigned.parts.some((part) => item.title.includes(part))) self.ownerRefs.push({ item, text: assigned.owner });
        }
        break;
      }
      case 'rollback-steps': {
        const step = get('title') || raw;
        const owner = get('owner');
        self.rollbackSteps.push(owner ? `${step}（${owner}）` : step);
        break;
      }
      case 'step':
      case 'check': {
        const title = get('title') || get('step') || raw;
        const method = [get('verify'), get('command'), get('where')].filter(Boolean).join(' — ');
        const expected = get('expected');
        const window = get('time');
        const details = [get('trigger') ? `${columns[kind.columns.trigger ?? -1] ?? 'trigger'}: ${get('trigger')}` : '', get('note')].filter(Boolean);
        const owner = ownerOfText(get('owner'));
        const priority = priorityOfCell(get('required'));
        const item = self.itemFromLine(title, line, section, own, {
          status: statusOfCell(get('status')) ?? 'todo',
          ...(owner === undefined ? {} : { owner }),
          ...(priority === undefined ? {} : { priority }),
          ...(method || expected ? { manual: { method: method || title, ...(expected ? { expected } : {}) } } : {}),
          ...(window ? { window } : {}),
          details,
          proposalText: self.raw(row),
        });
        if (kind.kind === 'check' && expected && !item.title.includes(expected)) item.title = `${item.title}: ${expected}`;
        break;
      }
      default:
        self.unrecognized(line, raw, ctx.role === 'info' ? 'info-section' : 'unknown-table');
    }
  }
}

/** `| /api/health | GET | 健康检查 |`: a GET anyone may call is an http check on the API domain; one that needs a token or a body stays manual. */
export function apiRow(self: Interpreter, endpoint: string, method: string, purpose: string, expected: string, line: number, section: Section, own: ImportedItem[], raw: string): void {
  const path = endpoint.replace(/`/g, '').trim();
  if (path === '') return;
  const title = [method.toUpperCase(), path].filter(Boolean).join(' ') + (purpose === '' ? '' : `: ${purpose}`);
  const item = self.makeItem(title, line, section.ctx, section, { status: 'todo', ...(expected === '' ? {} : { method: title, expected }) });
  own.push(item);
  const callable = (method === '' || /^get$/i.test(method)) && !/token|auth|登录|鉴权|签名|sign|需要|requires?|needs?|admin|内部|internal|\{|:id/i.test(`${purpose} ${path} ${raw}`);
  if (!callable) return;
  const url = /^https?:\/\//.test(path) ? self.variables.rewrite(path, line) : `https://${self.variables.use('API_DOMAIN', '<API_DOMAIN>', line)}${path}`;
  self.attach(item, { check: { kind: 'http', url, ...expectationOf(expected) }, note: `${method || 'GET'} ${path}` });
}
