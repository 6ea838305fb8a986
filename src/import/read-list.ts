/** Lists: task items, plain bullets in a checklist, `NAME` bullets, role and sign-off lines, nested details. */
import type { List, ListItem, RootContent } from 'mdast';
import type { Interpreter } from './interpret.js';
import { envItem } from './read-code.js';
import { claims, guardsIn, labelLine } from './read-prose.js';
import { monitorLines, trigger } from './read-thresholds.js';
import { addRole, isPersonName } from './roles.js';
import { type Label, labelValue, locationsIn, type SectionBody } from './section-body.js';
import { lineOf, type Section, toString } from './sections.js';
import { takeMark } from './statuses.js';
import { findThresholds } from './thresholds.js';
import type { ImportedItem } from './types.js';
import { notRolePattern, roleTitlePattern } from './vocabulary.js';

export function list(self: Interpreter, node: List, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
  for (const entry of node.children) listItem(self, entry, node.ordered === true, section, body, own, label);
}

export function listItem(self: Interpreter, entry: ListItem, ordered: boolean, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
  const ctx = section.ctx;
  const line = lineOf(entry);
  const head = entry.children[0]?.type === 'paragraph' ? entry.children[0] : undefined;
  const headText = head ? toString(head) : '';
  const [firstLine = '', ...moreLines] = headText.split('\n');
  const nested: string[] = [...moreLines.map((l) => l.trim()).filter(Boolean)];
  const nestedTasks: ListItem[] = [];
  for (const child of entry.children.slice(head ? 1 : 0)) flatten(self, child, nested, nestedTasks, 1);
  const task = entry.checked === true || entry.checked === false;
  const { text: unmarked, mark } = takeMark(firstLine.trim());
  const status: ImportedItem['status'] = task ? (entry.checked ? 'done' : 'todo') : (mark ?? 'todo');
  const explicit = task || mark !== undefined;
  const text = unmarked.trim();
  claims(self, firstLine, line);
  const rawHead = head ? self.raw(head) : '';
  guardsIn(self, rawHead, line);

  if (ctx.role === 'rollback-triggers' && !task) {
    trigger(self, text, line);
    return;
  }
  if (ctx.role === 'rollback-steps' && !task) {
    if (!/禁止|never|do not|严禁/i.test(text)) self.rollbackSteps.push(text.replace(/[*_]/g, ''));
    return;
  }
  if (ctx.role === 'signoff') {
    const title = text.replace(/(确认|签字|签名|sign-?off|approval)$/i, '').trim() || text;
    addRole(self, { title, signoff: true }, line);
    return;
  }
  if (ctx.role === 'roles' && !task) {
    const lv = labelValue.exec(text);
    if (lv && !notRolePattern.test(lv[1] ?? '') && roleTitlePattern.test(lv[1] ?? '')) {
      const value = (lv[2] ?? '').trim();
      const blank = value === '' || /^[_＿\s]+(\(.*\))?$/.test(value) || /^\[.*\]$/.test(value);
      const title = (lv[1] ?? '').replace(/[*_]/g, '').trim();
      if (blank) addRole(self, { title }, line);
      else if (isPersonName(value)) addRole(self, { title, name: value }, line);
      else addRole(self, { title, duties: value.replace(/`/g, '') }, line);
    }
    return;
  }
  if (ctx.role === 'monitors' && !task && findThresholds(text).length > 0) {
    monitorLines(self, text, line, ctx, true);
    return;
  }
  if (ctx.role === 'info' || ctx.role === 'scores') {
    if (task) self.itemFromLine(text, line, section, own, { status, details: nested, proposalText: self.raw(entry) });
    else if (ordered) self.unrecognized(line, text, 'info-section');
    return;
  }
  // `NAME` / `NAME=value` bullets: environment variables that must be set.
  const env = /^`([A-Z][A-Z0-9_]{2,})(?:=([^`]*))?`\s*(.*)$/.exec(rawHead.split('\n')[0]?.trim() ?? '');
  if (env && !explicit && label?.kind !== 'state' && label?.kind !== 'expected') {
    envItem(self, env[1] ?? '', env[2], (env[3] ?? '').replace(/`/g, ''), line, section, own, label);
    return;
  }
  if (!explicit && label?.kind === 'state') {
    body.details.push(text, ...nested);
    body.hasContent = true;
    for (const location of locationsIn(headText)) if (!body.locations.includes(location)) body.locations.push(location);
    if (/风险|risk/i.test(text)) labelLine(self, '风险', text.replace(/^[^:：]*[:：]\s*/, '').replace(/\*\*/g, ''), line, section, { ...body, details: [] });
    return;
  }
  if (explicit && label?.kind === 'state') {
    body.marks.push(status === 'todo' ? 'warn' : status);
    body.details.push(firstLine.trim(), ...nested);
    body.hasContent = true;
    for (const location of locationsIn(headText)) if (!body.locations.includes(location)) body.locations.push(location);
    const risk = /(?:风险|risk)\**\s*[:：]\s*(.+)$/i.exec(text);
    if (risk) self.risks.push({ risk: (risk[1] ?? '').replace(/\*\*/g, '').trim(), source: { file: self.file, line } });
    return;
  }
  if (label?.kind === 'expected' && !task) {
    body.expected.push(text);
    return;
  }
  if (label?.kind === 'locations') {
    body.locations.push(...(locationsIn(headText).length > 0 ? locationsIn(headText) : [text.replace(/`/g, '')]));
    return;
  }
  // `**Before deploy**:` / `**上线前确认**：` introduces a checklist; `**推荐方案**:` / `**收益**:` describes the section.
  const checklistLabel = label?.kind === 'info' && /before|after|pre-?|post-?|前$|后$|前[确检核]|后[确检核验]|检查|确认|验证|核对|清单|checklist|verify|check|ensure|must|必须|必做|待办|to-?do/i.test(label.text);
  if (!explicit && !ordered && !checklistLabel && (label?.kind === 'info' || label?.kind === 'why' || label?.kind === 'risk')) {
    body.details.push(label.kind === 'info' && label.text !== '' ? `${label.text}: ${text}` : text, ...nested.map((n) => `  ${n}`));
    body.hasContent = true;
    return;
  }
  if (!explicit && (ctx.role === 'runbook' || ctx.role === 'monitors')) {
    body.details.push(text, ...nested.map((n) => `  ${n}`));
    body.hasContent = true;
    return;
  }
  // `**收益**: …` style bullets describe the section rather than being tasks.
  const lv = labelValue.exec(text);
  if (!explicit && !ordered && lv && /^\s*\*\*/.test(head ? self.raw(head) : '') && (lv[2] ?? '').trim() !== '') {
    labelLine(self, (lv[1] ?? '').replace(/[*_]/g, '').trim(), (lv[2] ?? '').trim(), line, section, body);
    return;
  }
  // An example list (`- \`order.created\``) explains; in a document that ticks its checklist with boxes, so does a
  // plain bullet that does not read as something to check (a question, an imperative, a state to confirm).
  const example = /^`[^`\s]+`[\s,，、.。]*$/.test(rawHead.trim());
  if (!explicit && (example || (!ordered && self.facts.boxes >= 5 && !checkable.test(text)))) {
    body.details.push(text, ...nested.map((n) => `  ${n}`));
    body.prose = true;
    return;
  }
  // `1. 服务器` over `- [ ]` sub-tasks only groups them: the sub-tasks are the items.
  const group = !explicit && nestedTasks.length > 0 && nested.length === 0 && text.length <= 30;
  const item = group ? undefined : self.itemFromLine(text, line, section, own, { status, details: nested, proposalText: self.raw(entry) });
  for (const child of nestedTasks) {
    const childLine = lineOf(child);
    const childText = takeMark(toString(child.children[0] ?? child).split('\n')[0] ?? '').text;
    self.itemFromLine(childText, childLine, section, own, { status: child.checked ? 'done' : 'todo', tags: item === undefined ? [] : [`part-of:${item.id}`] });
  }
}

/** Nested content under a list item: its details, with code kept as written. */
export function flatten(self: Interpreter, node: RootContent | ListItem, out: string[], tasks: ListItem[], depth: number): void {
  const indent = '  '.repeat(Math.max(0, depth - 1));
  if (node.type === 'list') {
    for (const child of node.children) flatten(self, child, out, tasks, depth);
  } else if (node.type === 'listItem') {
    if (node.checked === true || node.checked === false) {
      tasks.push(node);
      return;
    }
    const [head, ...rest] = node.children;
    if (head) out.push(`${indent}${toString(head).split('\n')[0] ?? ''}`);
    for (const child of rest) flatten(self, child, out, tasks, depth + 1);
  } else if (node.type === 'code') {
    out.push(`${indent}${node.value.split('\n').slice(0, 40).join('\n')}`);
  } else if (node.type === 'table') {
    for (const row of node.children) out.push(`${indent}${row.children.map((cell) => toString(cell)).join(' | ')}`);
  } else if ('children' in node || 'value' in node) {
    const text = toString(node).trim();
    if (text !== '') out.push(`${indent}${text}`);
  }
}

/** A bullet that reads as something to check or do. */
const checkable =
  /[?？]\s*$|是否|已|必须|需要|应当|应该|不得|禁止|^(确认|检查|验证|确保|保证|配置|设置|开启|打开|关闭|禁用|启用|测试|部署|备份|更新|升级|安装|删除|移除|清理|上传|提交|发布|申请|完成|准备|通知|回滚|监控|添加|修改|切换|迁移|压测|演练|核对|检验|执行|运行|接入|开通|注册|绑定)|^(ensure|verify|check|confirm|make sure|set|enable|disable|turn|test|run|add|remove|delete|update|upgrade|configure|review|rotate|install|deploy|back ?up|monitor|document|create|migrate|switch|notify|schedule|validate|audit|scan|tag|build|publish|announce|prepare|clean|limit|restrict|use|all|no|every)\b|\b(should|must|is|are|has|have|been|works?|passes?|enabled|disabled|configured|set up|in place)\b/i;
