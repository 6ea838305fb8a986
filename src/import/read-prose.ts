/** Paragraph lines: `label: value`, status lines, thresholds, guards, claimed scores, prose. */
import type { Paragraph } from 'mdast';
import type { Interpreter } from './interpret.js';
import { monitorLines, trigger } from './read-thresholds.js';
import { addRole } from './roles.js';
import { stagesInProse } from './rollout.js';
import { type Label, labelValue, locationsIn, type SectionBody } from './section-body.js';
import { isStrongOnly, lineOf, type Section, toString } from './sections.js';
import { statusOfCell, takeMark } from './statuses.js';
import { findThresholds } from './thresholds.js';
import type { ImportedItem } from './types.js';
import { categoriesOfClaim, labelKind, notRolePattern, roleTitlePattern, signoffPattern } from './vocabulary.js';

export function paragraph(self: Interpreter, node: Paragraph, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): Label | undefined {
  const ctx = section.ctx;
  const text = toString(node);
  const first = lineOf(node);
  // `**当前状态**:` alone: a label for what follows.
  const trimmed = text.trim();
  if ((isStrongOnly(node) || /[:：]$/.test(trimmed)) && trimmed.length <= 60 && !/^\s*(✅|❌|⚠️|🚨)/u.test(trimmed)) {
    const labelText = trimmed.replace(/[:：]\s*$/, '');
    if (!labelValue.test(trimmed) || /[:：]$/.test(trimmed)) {
      labelLine(self, labelText, '', first, section, body);
      return { kind: labelKind(labelText), text: labelText };
    }
  }
  let current = label;
  const rawLines = self.raw(node).split('\n');
  text.split('\n').forEach((line, offset) => {
    current = proseLine(self, line, first + offset, section, body, own, current, rawLines[offset] ?? line);
  });
  void ctx;
  return current;
}

/** One line of prose: a status line, a `label: value`, a threshold, a guard or just a detail. */
export function proseLine(self: Interpreter, raw: string, line: number, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined, source: string): Label | undefined {
  const ctx = section.ctx;
  const text = raw.trim();
  if (text === '') return label;
  claims(self, text, line);
  const guards = self.guards.length;
  guardsIn(self, source, line);
  if (self.guards.length > guards) return label;
  const { text: rest, mark } = takeMark(text);
  // `**Server URL** = \`https://…\``, `**支付 → 回调地址** = …`: a setting to confirm, an item of its own in a checklist.
  if (ctx.role === 'checklist' && /^\s*\*\*[^*]+\*\*\s*[=＝]\s*\S/.test(source)) {
    self.itemFromLine(text.replace(/\*\*/g, ''), line, section, own, { status: mark ?? 'todo', proposalText: source });
    return label;
  }
  const lv = labelValue.exec(rest.replace(/^[\p{Extended_Pictographic}\u{FE0F}\s]+/u, ''));
  const labelWidth = signoffPattern.test(lv?.[1] ?? '') ? 30 : 16;
  if (lv && (lv[2] ?? '').trim() !== '' && (lv[1] ?? '').length <= labelWidth && !/https?$/i.test(lv[1] ?? '')) {
    const handled = labelLine(self, (lv[1] ?? '').replace(/[*_]/g, '').trim(), (lv[2] ?? '').trim(), line, section, body);
    if (handled) return label;
  } else if (lv && (lv[2] ?? '').trim() === '' && rest.length <= 60) {
    const labelText = (lv[1] ?? '').replace(/[*_]/g, '').trim();
    labelLine(self, labelText, '', line, section, body);
    return { kind: labelKind(labelText), text: labelText };
  }
  if (ctx.role === 'rollback-triggers') {
    trigger(self, text, line);
    return label;
  }
  if (ctx.role === 'rollback-steps') {
    const guarded = /禁止|never|do not|严禁/i.test(text);
    if (!guarded) self.rollbackSteps.push(text.replace(/[*_]/g, ''));
    return label;
  }
  if (mark !== undefined && mark !== 'todo' && ctx.role !== 'info' && ctx.role !== 'scores') {
    if (label?.kind === 'state') {
      body.marks.push(mark);
      body.details.push(text);
      return label;
    }
    if (label?.kind === 'expected') {
      body.expected.push(rest);
      return label;
    }
    self.itemFromLine(rest, line, section, own, { status: mark, proposalText: source });
    return label;
  }
  if (ctx.role === 'monitors' && findThresholds(text).length > 0) {
    monitorLines(self, text, line, ctx, true);
    return label;
  }
  if (ctx.role === 'info' || ctx.role === 'scores') return label;
  if (ctx.role === 'roles') return label;
  const prose = self.stages.length === 0 ? stagesInProse(text, line) : undefined;
  if (prose !== undefined) {
    self.stages.push(...prose);
    return label;
  }
  body.details.push(text.replace(/\*\*/g, ''));
  body.prose = true;
  for (const location of locationsIn(text)) if (!body.locations.includes(location)) body.locations.push(location);
  return label;
}

/** `label: value` (or a bare label); returns true when the value was taken as a field. */
export function labelLine(self: Interpreter, labelText: string, value: string, line: number, section: Section, body: SectionBody): boolean {
  const ctx = section.ctx;
  const kind = labelKind(labelText);
  const blank = value === '' || /^[_＿\s]+(\(.*\))?$/.test(value) || /^\[.*\]$/.test(value);
  // Sign-off and role lines: `**审核人**: ____`, `负责人：周工`.
  if (!notRolePattern.test(labelText) && (signoffPattern.test(labelText) || (ctx.role === 'roles' && roleTitlePattern.test(labelText)) || (blank && value !== '' && roleTitlePattern.test(labelText)))) {
    if (value === '' && ctx.role !== 'roles' && !signoffPattern.test(labelText)) return false;
    const signoff = signoffPattern.test(labelText) || (ctx.role !== 'roles' && blank && value !== '');
    const name = blank ? undefined : value.replace(/\s*[(（].*$/, '').trim();
    addRole(self, { title: labelText, ...(name ? (roleTitlePattern.test(name) && name.length > 8 ? { name } : { name }) : {}), signoff }, line);
    return true;
  }
  if (ctx.role === 'roles' && !notRolePattern.test(labelText) && value !== '' && roleTitlePattern.test(labelText)) {
    addRole(self, { title: labelText, duties: value }, line);
    return true;
  }
  if (value === '') return false;
  const status = /^(状态|status|进度|完成情况|结果|result)$/i.test(labelText) ? statusOfCell(value) : undefined;
  if (status !== undefined) {
    body.status = status;
    return true;
  }
  switch (kind) {
    case 'estimate':
      body.estimate = value.replace(/\s+/g, ' ');
      return true;
    case 'locations':
      body.locations.push(...(locationsIn(value).length > 0 ? locationsIn(value) : [value.replace(/`/g, '')]));
      return true;
    case 'risk':
      self.risks.push({ risk: value.replace(/\*\*/g, ''), source: { file: self.file, line } });
      body.details.push(`${labelText}: ${value}`);
      return true;
    case 'why':
      body.why = value;
      return true;
    case 'owner':
      body.owner = value;
      return true;
    default:
      if (ctx.role === 'info' || ctx.role === 'scores' || ctx.role === 'roles') return true;
      body.details.push(`${labelText}: ${value.replace(/\*\*/g, '')}`);
      body.hasContent = true;
      for (const location of locationsIn(value)) if (!body.locations.includes(location)) body.locations.push(location);
      return true;
  }
}

export function claims(self: Interpreter, text: string, line: number): void {
  const claim = /^[\s*\->]*\**([^*:：|]{1,40}?)\**\s*[:：]\s*\**\s*(\d+(?:\.\d+)?)\s*\/\s*10\b/.exec(text);
  if (!claim) return;
  const label = (claim[1] ?? '').trim();
  const score = Number(claim[2]);
  if (!(score >= 0 && score <= 10)) return;
  const overall = /总|综合|整体|就绪|overall|readiness/i.test(label);
  self.report.claimedScores.push({ label, score, categories: overall ? [] : categoriesOfClaim(label), line });
}

export function guardsIn(self: Interpreter, text: string, line: number): void {
  for (const match of text.matchAll(/(?:禁止|严禁|不要|切勿|不得|never|do not|don't)\s*(?:执行|运行|使用|run|execute|use)?\s*`([^`]{2,200})`/gi)) {
    const command = (match[1] ?? '').trim();
    if (self.guards.some((guard) => guard.command === command)) continue;
    const reason = text.replace(/`/g, '').replace(/[*_]/g, '').trim();
    self.guards.push({ command, action: 'forbid', reason, source: { file: self.file, line } });
  }
}
