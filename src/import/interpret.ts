import type { Code, List, ListItem, Paragraph, Root, RootContent, Table } from 'mdast';
import { parseCondition } from '../expect/index.js';
import type { Priority } from '../plan/schema.js';
import { Variables } from './placeholders.js';
import { documentFacts, proposeFromText, type DocumentFacts, type Proposal } from './proposals.js';
import { envAssignments, envExpectations, presentConditions, settingOfLine } from './settings.js';
import { priorityOfCell, priorityOfHeading, takeItemPriority } from './priorities.js';
import { buildSections, cleanTitle, contextFor, isStrongOnly, lineOf, scheduleOf, toString, type Context, type Section } from './sections.js';
import { statusOfCell, takeMark } from './statuses.js';
import { fencedBlocks, isFencedChecklist } from './code-blocks.js';
import { stageOfLine, stagesInProse, type Stage } from './rollout.js';
import { codeLines, isSetupStep, pathProbe, probeOfLine, type CodeLine } from './probes.js';
import { assignments, ownerOfText } from './owners.js';
import { expectationOf } from './probes.js';
import { classifyTable, type TableKind } from './tables.js';
import { conditionOf, findThresholds, metricIdOf, triggerOf, type Threshold } from './thresholds.js';
import type {
  ImportedGuard,
  ImportedInspection,
  ImportedItem,
  ImportedMonitor,
  ImportedRisk,
  ImportedRole,
  ImportedTrigger,
  ImportReport,
  UnrecognizedLine,
} from './types.js';
import {
  categoriesOfClaim,
  categoryOfText,
  labelKind,
  notRolePattern,
  roleTitlePattern,
  signoffPattern,
  slugOf,
  type LabelKind,
} from './vocabulary.js';

/** Loose content of a section that becomes one item when nothing else holds it. */
interface SectionBody {
  details: string[];
  estimate?: string;
  locations: string[];
  marks: ('done' | 'failed' | 'warn')[];
  why?: string;
  expected: string[];
  owner?: string;
  proposals: Proposal[];
  hasContent: boolean;
  /** `**状态**: ✅ 已完成`: the status of the section's items, or of the section when it has none. */
  status?: ImportedItem['status'];
  /** Sentences of prose: an item only when the section has nothing else to hold them. */
  prose: boolean;
}

interface Label {
  readonly kind: LabelKind;
  readonly text: string;
}

const locationPattern = /((?:[\w@.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,8}):(\d+(?:[,，-]\d+)*)/g;

function locationsIn(text: string): string[] {
  return [...text.matchAll(locationPattern)].map((m) => `${m[1] ?? ''}:${(m[2] ?? '').replace(/，/g, ',')}`);
}

const labelValue = /^\s*([^:：]{1,24}?)\s*[:：]\s*(.*)$/s;

/** Interprets a parsed checklist; pure. */
export class Interpreter {
  readonly items: ImportedItem[] = [];
  readonly roles: ImportedRole[] = [];
  readonly monitors: ImportedMonitor[] = [];
  readonly stages: Stage[] = [];
  readonly triggers: ImportedTrigger[] = [];
  readonly rollbackSteps: string[] = [];
  readonly inspections: ImportedInspection[] = [];
  readonly guards: ImportedGuard[] = [];
  readonly risks: ImportedRisk[] = [];
  readonly variables = new Variables();
  readonly report: Pick<ImportReport, 'unrecognized' | 'claimedScores' | 'signoffs' | 'thresholds' | 'informational'> = {
    unrecognized: [],
    claimedScores: [],
    signoffs: [],
    thresholds: [],
    informational: [],
  };
  title = '';
  description: string | undefined;
  private readonly ids = new Set<string>();
  private readonly ordinals = new Map<Section, number>();
  private readonly ownerRefs: { item: ImportedItem | ImportedMonitor; text: string }[] = [];
  private readonly itemsBySection = new Map<Section, ImportedItem[]>();
  private readonly facts: DocumentFacts;
  /** Items made from a sample dotenv block, with the line as written there. */
  private readonly samples = new Map<ImportedItem, string>();
  /** Items whose check comes from the setting their own line names. */
  private readonly lineSettings = new Set<ImportedItem>();

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.facts = documentFacts(text);
  }

  /** The Markdown as written (inline code keeps its backticks, which the proposals read). */
  private raw(node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined }): string {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? '' : this.text.slice(start, Math.min(end, start + 20_000));
  }

  run(root: Root): void {
    const top = buildSections(root);
    const h1 = top.blocks.find((node) => node.type === 'heading');
    this.title = h1 ? cleanTitle(toString(h1)) : '';
    this.section(top, top.ctx, true);
    this.mergeSampleSettings();
    this.collectInspections(top);
    this.resolveOwners();
  }

  // ---- sections -------------------------------------------------------------------------------

  private section(section: Section, parent: Context, isTop = false): void {
    if (!isTop) section.ctx = contextFor(section, parent);
    const ctx = section.ctx;
    if (ctx.role === 'info' || ctx.role === 'scores') this.report.informational.push({ line: section.line, title: section.title });
    const body: SectionBody = { details: [], locations: [], marks: [], expected: [], proposals: [], hasContent: false, prose: false };
    const own: ImportedItem[] = [];
    this.itemsBySection.set(section, own);
    let label: Label | undefined;
    for (const block of section.blocks) label = this.block(block, section, body, own, label);
    this.finishSection(section, body, own);
    for (const child of section.children) this.section(child, ctx);
  }

  private finishSection(section: Section, body: SectionBody, own: ImportedItem[]): void {
    const ctx = section.ctx;
    if (section.depth === 0 || !(ctx.role === 'checklist' || ctx.role === 'runbook' || ctx.role === 'inspection' || ctx.role === 'monitors')) return;
    // `**负责人**: @team` and `**状态**: ✅ 已完成` above sub-tasks apply to them.
    for (const item of own) {
      const owner = body.owner === undefined ? undefined : ownerOfText(body.owner);
      if (owner !== undefined && item.owner === null && !this.ownerRefs.some((ref) => ref.item === item)) this.ownerRefs.push({ item, text: owner });
      if (body.status !== undefined && body.status !== 'todo' && item.status === 'todo') item.status = body.status;
    }
    if (own.length === 0 && body.status !== undefined && body.status !== 'todo') body.marks.push(body.status);
    const proseOnly = body.prose && own.length === 0 && section.children.length === 0;
    const loose = body.hasContent || proseOnly || body.estimate !== undefined || body.marks.length > 0 || body.locations.length > 0;
    if (!loose) {
      // The expected result belongs to the last item when there is nothing else to hold it.
      const last = own.at(-1);
      if (last && body.expected.length > 0) last.manual = { method: last.manual?.method ?? last.title, expected: body.expected.join('; ') };
      return;
    }
    const status = body.marks.includes('failed') ? 'failed' : body.marks.includes('warn') ? 'warn' : body.marks.length > 0 && body.marks.every((m) => m === 'done') ? 'done' : 'todo';
    const item = this.makeItem(section.title, section.line, ctx, section, {
      id: `${section.key}-${slugOf(section.title) || 'section'}`,
      status,
      ...(body.estimate === undefined ? {} : { estimate: body.estimate }),
      ...(body.why === undefined ? {} : { why: body.why }),
      locations: body.locations,
      details: body.details,
      ...(body.owner === undefined ? {} : { owner: body.owner }),
      ...(body.expected.length > 0 ? { expected: body.expected.join('; ') } : {}),
      tags: ctx.role === 'runbook' ? ['runbook'] : [],
    });
    const first = body.proposals.find((proposal) => proposal.suffix === undefined) ?? undefined;
    if (first) this.attach(item, first);
    // The section item comes before the items found inside the section.
    const index = own[0] ? this.items.indexOf(own[0]) : -1;
    if (index >= 0) {
      this.items.splice(this.items.indexOf(item), 1);
      this.items.splice(index, 0, item);
    }
    own.unshift(item);
  }

  // ---- blocks ---------------------------------------------------------------------------------

  private block(node: RootContent, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): Label | undefined {
    const ctx = section.ctx;
    switch (node.type) {
      case 'heading':
        return label;
      case 'paragraph':
        return this.paragraph(node, section, body, own, label);
      case 'list':
        this.list(node, section, body, own, label);
        return label;
      case 'table':
        this.table(node, section, own);
        return undefined;
      case 'code':
        this.code(node, section, body, own, label);
        return label;
      case 'blockquote':
        for (const child of node.children) label = this.block(child as RootContent, section, body, own, label);
        return label;
      case 'html':
        return label;
      default:
        if (ctx.role !== 'info' && 'position' in node) {
          const text = toString(node).trim();
          if (text !== '') body.details.push(text);
        }
        return label;
    }
  }

  private paragraph(node: Paragraph, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): Label | undefined {
    const ctx = section.ctx;
    const text = toString(node);
    const first = lineOf(node);
    // `**当前状态**:` alone: a label for what follows.
    const trimmed = text.trim();
    if ((isStrongOnly(node) || /[:：]$/.test(trimmed)) && trimmed.length <= 60 && !/^\s*(✅|❌|⚠️|🚨)/u.test(trimmed)) {
      const labelText = trimmed.replace(/[:：]\s*$/, '');
      if (!labelValue.test(trimmed) || /[:：]$/.test(trimmed)) {
        this.labelLine(labelText, '', first, section, body);
        return { kind: labelKind(labelText), text: labelText };
      }
    }
    let current = label;
    const rawLines = this.raw(node).split('\n');
    text.split('\n').forEach((line, offset) => {
      current = this.line(line, first + offset, section, body, own, current, rawLines[offset] ?? line);
    });
    void ctx;
    return current;
  }

  /** One line of prose: a status line, a `label: value`, a threshold, a guard or just a detail. */
  private line(raw: string, line: number, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined, source: string): Label | undefined {
    const ctx = section.ctx;
    const text = raw.trim();
    if (text === '') return label;
    this.claims(text, line);
    const guards = this.guards.length;
    this.guardsIn(source, line);
    if (this.guards.length > guards) return label;
    const { text: rest, mark } = takeMark(text);
    // `**Server URL** = \`https://…\``, `**支付 → 回调地址** = …`: a setting to confirm, an item of its own in a checklist.
    if (ctx.role === 'checklist' && /^\s*\*\*[^*]+\*\*\s*[=＝]\s*\S/.test(source)) {
      this.itemFromLine(text.replace(/\*\*/g, ''), line, section, own, { status: mark ?? 'todo', proposalText: source });
      return label;
    }
    const lv = labelValue.exec(rest.replace(/^[\p{Extended_Pictographic}\u{FE0F}\s]+/u, ''));
    const labelWidth = signoffPattern.test(lv?.[1] ?? '') ? 30 : 16;
    if (lv && (lv[2] ?? '').trim() !== '' && (lv[1] ?? '').length <= labelWidth && !/https?$/i.test(lv[1] ?? '')) {
      const handled = this.labelLine((lv[1] ?? '').replace(/[*_]/g, '').trim(), (lv[2] ?? '').trim(), line, section, body);
      if (handled) return label;
    } else if (lv && (lv[2] ?? '').trim() === '' && rest.length <= 60) {
      const labelText = (lv[1] ?? '').replace(/[*_]/g, '').trim();
      this.labelLine(labelText, '', line, section, body);
      return { kind: labelKind(labelText), text: labelText };
    }
    if (ctx.role === 'rollback-triggers') {
      this.trigger(text, line);
      return label;
    }
    if (ctx.role === 'rollback-steps') {
      const guarded = /禁止|never|do not|严禁/i.test(text);
      if (!guarded) this.rollbackSteps.push(text.replace(/[*_]/g, ''));
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
      this.itemFromLine(rest, line, section, own, { status: mark, proposalText: source });
      return label;
    }
    if (ctx.role === 'monitors' && findThresholds(text).length > 0) {
      this.monitorLines(text, line, ctx, true);
      return label;
    }
    if (ctx.role === 'info' || ctx.role === 'scores') return label;
    if (ctx.role === 'roles') return label;
    const prose = this.stages.length === 0 ? stagesInProse(text, line) : undefined;
    if (prose !== undefined) {
      this.stages.push(...prose);
      return label;
    }
    body.details.push(text.replace(/\*\*/g, ''));
    body.prose = true;
    for (const location of locationsIn(text)) if (!body.locations.includes(location)) body.locations.push(location);
    return label;
  }

  /** `label: value` (or a bare label); returns true when the value was taken as a field. */
  private labelLine(labelText: string, value: string, line: number, section: Section, body: SectionBody): boolean {
    const ctx = section.ctx;
    const kind = labelKind(labelText);
    const blank = value === '' || /^[_＿\s]+(\(.*\))?$/.test(value) || /^\[.*\]$/.test(value);
    // Sign-off and role lines: `**审核人**: ____`, `负责人：周工`.
    if (!notRolePattern.test(labelText) && (signoffPattern.test(labelText) || (ctx.role === 'roles' && roleTitlePattern.test(labelText)) || (blank && value !== '' && roleTitlePattern.test(labelText)))) {
      if (value === '' && ctx.role !== 'roles' && !signoffPattern.test(labelText)) return false;
      const signoff = signoffPattern.test(labelText) || (ctx.role !== 'roles' && blank && value !== '');
      const name = blank ? undefined : value.replace(/\s*[(（].*$/, '').trim();
      this.addRole({ title: labelText, ...(name ? (roleTitlePattern.test(name) && name.length > 8 ? { name } : { name }) : {}), signoff }, line);
      return true;
    }
    if (ctx.role === 'roles' && !notRolePattern.test(labelText) && value !== '' && roleTitlePattern.test(labelText)) {
      this.addRole({ title: labelText, duties: value }, line);
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
        this.risks.push({ risk: value.replace(/\*\*/g, ''), source: { file: this.file, line } });
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

  private claims(text: string, line: number): void {
    const claim = /^[\s*\->]*\**([^*:：|]{1,40}?)\**\s*[:：]\s*\**\s*(\d+(?:\.\d+)?)\s*\/\s*10\b/.exec(text);
    if (!claim) return;
    const label = (claim[1] ?? '').trim();
    const score = Number(claim[2]);
    if (!(score >= 0 && score <= 10)) return;
    const overall = /总|综合|整体|就绪|overall|readiness/i.test(label);
    this.report.claimedScores.push({ label, score, categories: overall ? [] : categoriesOfClaim(label), line });
  }

  private guardsIn(text: string, line: number): void {
    for (const match of text.matchAll(/(?:禁止|严禁|不要|切勿|不得|never|do not|don't)\s*(?:执行|运行|使用|run|execute|use)?\s*`([^`]{2,200})`/gi)) {
      const command = (match[1] ?? '').trim();
      if (this.guards.some((guard) => guard.command === command)) continue;
      const reason = text.replace(/`/g, '').replace(/[*_]/g, '').trim();
      this.guards.push({ command, action: 'forbid', reason, source: { file: this.file, line } });
    }
  }

  // ---- lists ----------------------------------------------------------------------------------

  private list(node: List, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
    for (const entry of node.children) this.listItem(entry, node.ordered === true, section, body, own, label);
  }

  private listItem(entry: ListItem, ordered: boolean, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
    const ctx = section.ctx;
    const line = lineOf(entry);
    const head = entry.children[0]?.type === 'paragraph' ? entry.children[0] : undefined;
    const headText = head ? toString(head) : '';
    const [firstLine = '', ...moreLines] = headText.split('\n');
    const nested: string[] = [...moreLines.map((l) => l.trim()).filter(Boolean)];
    const nestedTasks: ListItem[] = [];
    for (const child of entry.children.slice(head ? 1 : 0)) this.flatten(child, nested, nestedTasks, 1);
    const task = entry.checked === true || entry.checked === false;
    const { text: unmarked, mark } = takeMark(firstLine.trim());
    const status: ImportedItem['status'] = task ? (entry.checked ? 'done' : 'todo') : (mark ?? 'todo');
    const explicit = task || mark !== undefined;
    const text = unmarked.trim();
    this.claims(firstLine, line);
    const rawHead = head ? this.raw(head) : '';
    this.guardsIn(rawHead, line);

    if (ctx.role === 'rollback-triggers' && !task) {
      this.trigger(text, line);
      return;
    }
    if (ctx.role === 'rollback-steps' && !task) {
      if (!/禁止|never|do not|严禁/i.test(text)) this.rollbackSteps.push(text.replace(/[*_]/g, ''));
      return;
    }
    if (ctx.role === 'signoff') {
      const title = text.replace(/(确认|签字|签名|sign-?off|approval)$/i, '').trim() || text;
      this.addRole({ title, signoff: true }, line);
      return;
    }
    if (ctx.role === 'roles' && !task) {
      const lv = labelValue.exec(text);
      if (lv && !notRolePattern.test(lv[1] ?? '') && roleTitlePattern.test(lv[1] ?? '')) {
        const value = (lv[2] ?? '').trim();
        const blank = value === '' || /^[_＿\s]+(\(.*\))?$/.test(value) || /^\[.*\]$/.test(value);
        const title = (lv[1] ?? '').replace(/[*_]/g, '').trim();
        if (blank) this.addRole({ title }, line);
        else if (isPersonName(value)) this.addRole({ title, name: value }, line);
        else this.addRole({ title, duties: value.replace(/`/g, '') }, line);
      }
      return;
    }
    if (ctx.role === 'monitors' && !task && findThresholds(text).length > 0) {
      this.monitorLines(text, line, ctx, true);
      return;
    }
    if (ctx.role === 'info' || ctx.role === 'scores') {
      if (task) this.itemFromLine(text, line, section, own, { status, details: nested, proposalText: this.raw(entry) });
      else if (ordered) this.unrecognized(line, text, 'info-section');
      return;
    }
    // `NAME` / `NAME=value` bullets: environment variables that must be set.
    const env = /^`([A-Z][A-Z0-9_]{2,})(?:=([^`]*))?`\s*(.*)$/.exec(rawHead.split('\n')[0]?.trim() ?? '');
    if (env && !explicit && label?.kind !== 'state' && label?.kind !== 'expected') {
      this.envItem(env[1] ?? '', env[2], (env[3] ?? '').replace(/`/g, ''), line, section, own, label);
      return;
    }
    if (!explicit && label?.kind === 'state') {
      body.details.push(text, ...nested);
      body.hasContent = true;
      for (const location of locationsIn(headText)) if (!body.locations.includes(location)) body.locations.push(location);
      if (/风险|risk/i.test(text)) this.labelLine('风险', text.replace(/^[^:：]*[:：]\s*/, '').replace(/\*\*/g, ''), line, section, { ...body, details: [] });
      return;
    }
    if (explicit && label?.kind === 'state') {
      body.marks.push(status === 'todo' ? 'warn' : status);
      body.details.push(firstLine.trim(), ...nested);
      body.hasContent = true;
      for (const location of locationsIn(headText)) if (!body.locations.includes(location)) body.locations.push(location);
      const risk = /(?:风险|risk)\**\s*[:：]\s*(.+)$/i.exec(text);
      if (risk) this.risks.push({ risk: (risk[1] ?? '').replace(/\*\*/g, '').trim(), source: { file: this.file, line } });
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
    if (!explicit && !ordered && (label?.kind === 'info' || label?.kind === 'why' || label?.kind === 'risk')) {
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
    if (!explicit && !ordered && lv && /^\s*\*\*/.test(head ? this.raw(head) : '') && (lv[2] ?? '').trim() !== '') {
      this.labelLine((lv[1] ?? '').replace(/[*_]/g, '').trim(), (lv[2] ?? '').trim(), line, section, body);
      return;
    }
    const item = this.itemFromLine(text, line, section, own, { status, details: nested, proposalText: this.raw(entry) });
    for (const child of nestedTasks) {
      const childLine = lineOf(child);
      const childText = takeMark(toString(child.children[0] ?? child).split('\n')[0] ?? '').text;
      this.itemFromLine(childText, childLine, section, own, { status: child.checked ? 'done' : 'todo', tags: [`part-of:${item.id}`] });
    }
  }

  /** Nested content under a list item: its details, with code kept as written. */
  private flatten(node: RootContent | ListItem, out: string[], tasks: ListItem[], depth: number): void {
    const indent = '  '.repeat(Math.max(0, depth - 1));
    if (node.type === 'list') {
      for (const child of node.children) this.flatten(child, out, tasks, depth);
    } else if (node.type === 'listItem') {
      if (node.checked === true || node.checked === false) {
        tasks.push(node);
        return;
      }
      const [head, ...rest] = node.children;
      if (head) out.push(`${indent}${toString(head).split('\n')[0] ?? ''}`);
      for (const child of rest) this.flatten(child, out, tasks, depth + 1);
    } else if (node.type === 'code') {
      out.push(`${indent}${node.value.split('\n').slice(0, 40).join('\n')}`);
    } else if (node.type === 'table') {
      for (const row of node.children) out.push(`${indent}${row.children.map((cell) => toString(cell)).join(' | ')}`);
    } else if ('children' in node || 'value' in node) {
      const text = toString(node).trim();
      if (text !== '') out.push(`${indent}${text}`);
    }
  }

  // ---- code -----------------------------------------------------------------------------------

  private code(node: Code, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
    const ctx = section.ctx;
    const line = lineOf(node);
    const rawLines = node.value.split('\n');
    if (ctx.role === 'info' || ctx.role === 'scores' || ctx.role === 'roles') return;
    const fenced = isFencedChecklist(node) ? fencedBlocks(node, this.text) : undefined;
    if (fenced !== undefined) {
      let current = label;
      for (const block of fenced) current = this.block(block, section, body, own, current);
      return;
    }
    if (ctx.role === 'rollback-steps') {
      for (const codeLine of rawLines) {
        const step = codeLine.trim();
        if (step !== '' && !step.startsWith('#') && !step.startsWith('//')) this.rollbackSteps.push(step);
      }
      return;
    }
    const assignments = envAssignments(node.value);
    const written = rawLines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    const dotenv = assignments.length >= 2 && assignments.length === written.length && !/^\s*export\s/m.test(node.value) && /^(bash|sh|shell|env|dotenv|ini|properties)?$/i.test(node.lang ?? '');
    if (dotenv) {
      const fileComment = /^#\s*((?:[\w.-]+\/)*\.env[\w.-]*)/m.exec(node.value)?.[1];
      for (const assignment of assignments) {
        this.envItem(assignment.name, assignment.value, assignment.comment, line + 1 + assignment.offset, section, own, label, {
          file: fileComment ?? this.facts.envFile,
          group: assignment.group,
          assignment,
        });
      }
      return;
    }
    // Deploy commands may only run after the gate passed.
    if (ctx.phase === 'deploy') {
      rawLines.forEach((codeLine, offset) => {
        const command = codeLine.trim();
        if (/^(docker[ -]compose\b.*\bup\b|kubectl (apply|rollout)|helm (upgrade|install)|pm2 (deploy|reload|start)|npm run deploy|vercel --prod)/.test(command) && !this.guards.some((g) => g.command === command)) {
          this.guards.push({ command, action: 'require-gate', reason: `${section.title} (L${line + 1 + offset})`, source: { file: this.file, line: line + 1 + offset } });
        }
      });
    }
    // Each probe line is an item of its own, titled by the line and expecting what its comment says.
    const statements = codeLines(node.value);
    const probes = new Set<CodeLine>();
    // Test commands are read over the whole block, so `cd backend` on one line sets the folder of the next.
    const blockTests = proposeFromText(statements.map((s) => s.command).join('\n'), line, this.facts, this.variables).filter((p) => p.check.kind === 'command');
    for (const statement of statements) {
      const lineNo = line + 1 + statement.offset;
      const probe = probeOfLine(statement, this.variables, lineNo, this.facts.bodies);
      const tests = probe === undefined ? blockTests.filter((p) => p.suffix !== undefined && statement.command.includes(p.suffix)) : [];
      if (probe === undefined && tests.length === 0) continue;
      probes.add(statement);
      const item = this.makeItem(statement.text, lineNo, ctx, section, {
        status: 'todo',
        ...(probe === 'loopback' ? { method: statement.command, ...(statement.comment === '' ? {} : { expected: statement.comment }) } : {}),
      });
      if (probe !== undefined && probe !== 'loopback') this.attach(item, { check: probe, note: statement.command });
      else if (tests[0] !== undefined) this.attach(item, tests[0]);
      own.push(item);
    }
    // What the rest of the block says (docker exec … env | grep KEY) may still hold a check for the section; set-up steps never do.
    const rest = statements.filter((s) => !probes.has(s) && !isSetupStep(s.command)).map((s) => s.text).join('\n');
    if (rest !== '') body.proposals.push(...proposeFromText(rest, line, this.facts, this.variables).filter((p) => p.check.kind !== 'http' && p.check.kind !== 'command'));
    const consumed = (codeLine: string) => {
      const t = codeLine.trim();
      return t === '' || t.startsWith('#') || t.startsWith('//') || /^cd\s+\S+$/.test(t) || statements.some((s) => probes.has(s) && s.text === t);
    };
    if (rawLines.every(consumed)) return;
    const shown = rawLines.slice(0, 40).join('\n') + (rawLines.length > 40 ? `\n… (${rawLines.length - 40} more lines)` : '');
    body.details.push(label !== undefined && label.kind !== 'steps' ? `${label.text}:\n${shown}` : shown);
    body.hasContent = true;
    if (label?.kind === 'expected') body.expected.push(shown);
  }

  private envItem(
    name: string,
    value: string | undefined,
    note: string,
    line: number,
    section: Section,
    own: ImportedItem[],
    label: Label | undefined,
    block?: { file: string; group: string; assignment: ReturnType<typeof envAssignments>[number] },
  ): void {
    const ctx = section.ctx;
    const labelFile = /((?:[\w.-]+\/)*\.env[\w.-]*)/.exec(label?.text ?? '')?.[1];
    const target: Record<string, string> = block !== undefined ? { file: block.file } : labelFile !== undefined ? { file: labelFile } : { source: 'process' };
    const assignment = block?.assignment ?? { name, value: value ?? '', comment: '', group: '', offset: 0 };
    const { expect, differsFrom } = value === undefined && block === undefined ? { expect: [...presentConditions], differsFrom: undefined } : envExpectations(assignment, this.variables, line);
    const groupPriority = block !== undefined ? priorityOfHeading(block.group.replace(/(\d+\.\s*)/, '')) : undefined;
    const explanation = [note.replace(/^->\s*|^→\s*/, '').trim().replace(/^[（(](.*)[）)]$/, '$1'), block?.group ?? ''].filter(Boolean).join(' — ');
    const shownValue = value === undefined || value === '' ? '' : `=${value}`;
    const title = `${name}${shownValue.length <= 60 ? shownValue : ''}${explanation !== '' && block === undefined ? ` (${explanation})` : ''}`;
    const item = this.makeItem(title, line, ctx, section, {
      status: 'todo',
      ...(groupPriority === undefined ? {} : { priority: groupPriority }),
      ...(block !== undefined && block.group !== '' ? { details: [block.group] } : {}),
    });
    if (item.category === 'general') item.category = categoryOfText(name) ?? 'backend';
    this.attach(item, { check: { kind: 'env', ...target, name, ...(differsFrom === undefined ? {} : { differsFrom }), expect }, note: `environment variable ${name}` });
    own.push(item);
    if (block !== undefined) this.samples.set(item, `${name}=${assignment.value}`);
  }

  // ---- tables ---------------------------------------------------------------------------------

  private table(node: Table, section: Section, own: ImportedItem[]): void {
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
          this.risks.push({
            risk: get('risk'),
            ...(get('probability') ? { probability: get('probability') } : {}),
            ...(get('impact') ? { impact: get('impact') } : {}),
            ...(get('mitigation') ? { mitigation: get('mitigation') } : {}),
            source: { file: this.file, line },
          });
          break;
        case 'role': {
          const title = get('role') || get('name');
          if (title === '') break;
          // A sign-off column left blank on every row is where people sign; where some rows are marked (☐), only those sign.
          const column = kind.columns.signoff;
          const blankColumn = column !== undefined && rows.every((r) => toString(r.children[column] ?? { type: 'text', value: '' }).trim() === '');
          const signoff = column !== undefined && (blankColumn || (get('signoff') !== '' && !/^(否|no|n|-|无|不需要)$/i.test(get('signoff'))));
          this.addRole({ title, ...(get('name') && get('role') ? { name: get('name') } : {}), ...(get('duties') ? { duties: get('duties') } : {}), ...(signoff ? { signoff } : {}) }, line);
          break;
        }
        case 'metric': {
          const metric = [get('metric')].filter(Boolean).join(' ') || raw;
          const threshold = get('threshold');
          const owner = get('owner');
          const notify = get('notify');
          const parsed = findThresholds(`${metric} ${/^[<>≤≥=]/.test(threshold) ? threshold : threshold}`)[0];
          const alert = /告警|报警|alert|触发|trigger/i.test(columns[kind.columns.threshold ?? -1] ?? '');
          const monitor = this.addMonitor(metric, parsed ? parsed.metricId : metricIdOf(metric), line);
          if (parsed) {
            const condition = this.condition(conditionOf(parsed, 'value', alert), line, raw);
            if (condition) {
              monitor.threshold = condition;
              this.report.thresholds.push({ line, metric, condition, placedIn: `monitors.${monitor.id}` });
            }
            if (parsed.for !== undefined) monitor.for = parsed.for;
          } else if (threshold !== '' && !/^[-–—/无]$|^n\/?a$/i.test(threshold)) {
            this.unrecognized(line, `${metric}: ${threshold}`, 'threshold-not-understood');
          }
          if (owner) this.ownerRefs.push({ item: monitor, text: owner });
          if (notify) monitor.notify = notify.split(/[、,，/]/).map((n) => n.trim()).filter(Boolean);
          break;
        }
        case 'rollback-triggers':
          this.trigger([get('metric') || get('trigger') || get('title'), get('threshold'), get('duration') ? `持续 ${get('duration')}` : ''].filter(Boolean).join(' '), line, raw);
          break;
        case 'api':
          this.apiRow(get('endpoint'), get('method'), [get('note'), get('title')].filter(Boolean).join(' '), get('expected') || get('status'), line, section, own, this.raw(row));
          break;
        case 'keys': {
          const name = get('variable').replace(/`/g, '');
          this.envItem(name, undefined, [get('note'), get('title')].filter(Boolean).join(' '), line, section, own, undefined);
          break;
        }
        case 'team': {
          const assigned = assignments(get('member'), get('assigned'));
          if (assigned === undefined) break;
          for (const item of this.items) {
            if (item.owner === null && !this.ownerRefs.some((ref) => ref.item === item) && assigned.parts.some((part) => item.title.includes(part))) this.ownerRefs.push({ item, text: assigned.owner });
          }
          break;
        }
        case 'rollback-steps': {
          const step = get('title') || raw;
          const owner = get('owner');
          this.rollbackSteps.push(owner ? `${step}（${owner}）` : step);
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
          const item = this.itemFromLine(title, line, section, own, {
            status: statusOfCell(get('status')) ?? 'todo',
            ...(owner === undefined ? {} : { owner }),
            ...(priority === undefined ? {} : { priority }),
            ...(method || expected ? { manual: { method: method || title, ...(expected ? { expected } : {}) } } : {}),
            ...(window ? { window } : {}),
            details,
            proposalText: this.raw(row),
          });
          if (kind.kind === 'check' && expected && !item.title.includes(expected)) item.title = `${item.title}: ${expected}`;
          break;
        }
        default:
          this.unrecognized(line, raw, ctx.role === 'info' ? 'info-section' : 'unknown-table');
      }
    }
  }

  /** `| /api/health | GET | 健康检查 |`: a GET anyone may call is an http check on the API domain; one that needs a token or a body stays manual. */
  private apiRow(endpoint: string, method: string, purpose: string, expected: string, line: number, section: Section, own: ImportedItem[], raw: string): void {
    const path = endpoint.replace(/`/g, '').trim();
    if (path === '') return;
    const title = [method.toUpperCase(), path].filter(Boolean).join(' ') + (purpose === '' ? '' : `: ${purpose}`);
    const item = this.makeItem(title, line, section.ctx, section, { status: 'todo', ...(expected === '' ? {} : { method: title, expected }) });
    own.push(item);
    const callable = (method === '' || /^get$/i.test(method)) && !/token|auth|登录|鉴权|签名|sign|需要|requires?|needs?|admin|内部|internal|\{|:id/i.test(`${purpose} ${path} ${raw}`);
    if (!callable) return;
    const url = /^https?:\/\//.test(path) ? this.variables.rewrite(path, line) : `https://${this.variables.use('API_DOMAIN', '<API_DOMAIN>', line)}${path}`;
    this.attach(item, { check: { kind: 'http', url, ...expectationOf(expected) }, note: `${method || 'GET'} ${path}` });
  }

  // ---- items ----------------------------------------------------------------------------------

  private itemFromLine(
    raw: string,
    line: number,
    section: Section,
    own: ImportedItem[],
    extra: {
      status: ImportedItem['status'];
      details?: string[];
      owner?: string;
      manual?: { method: string; expected?: string };
      window?: string;
      tags?: string[];
      proposalText?: string;
      priority?: Priority;
    },
  ): ImportedItem {
    const ctx = section.ctx;
    const marked = takeItemPriority(raw.replace(/^\s*\d+[.、)]\s+/, ''));
    const unprioritized = marked.text;
    const priority = marked.priority ?? extra.priority;
    let title = unprioritized.trim();
    let owner = extra.owner;
    const mention = /(?:^|\s)@([\p{L}\p{N}_.-]+)/u.exec(title);
    if (mention && owner === undefined) {
      owner = mention[1];
      title = title.replace(mention[0], '').trim();
    }
    const assigned = /[（(]?\s*(?:负责人|责任人|owner|assignee)\s*[:：]\s*([\p{L}\p{N}_.-]+)\s*[)）]?/iu.exec(title);
    if (assigned && owner === undefined) {
      owner = assigned[1];
      title = title.replace(assigned[0], '').trim();
    }
    const estimate = /[（(]?\s*(?:预计工时|工时|estimate|effort)\s*[:：]\s*([^)）]+)[)）]?/i.exec(title);
    if (estimate) title = title.replace(estimate[0], '').trim();
    let why: string | undefined;
    const arrow = /^(.+?)\s*(?:→|->|⇒)\s*(.+)$/.exec(title);
    const before = arrow?.[1] ?? '';
    const open = (before.match(/[（(]/g) ?? []).length > (before.match(/[）)]/g) ?? []).length;
    // Arrows are text (`设置 → 安全 → IP 白名单`, `支付 → 回调地址`) unless one arrow leads from a bold problem to its consequence.
    const head = (extra.proposalText ?? raw).split('\n')[0] ?? '';
    const boldProblem = /^\s*(?:[-*+]|\d+[.)])?\s*(?:\[[ xX]\]\s*)?\*\*[^*]+\*\*\s*(?:→|->|⇒)/.test(head);
    const consequence = /^(导致|会|造成|引起|引发|否则|结果|影响|so\b|causes?\b|leads? to|results? in|means\b|otherwise)/i.test(arrow?.[2] ?? '');
    const arrows = (title.match(/→|->|⇒/g) ?? []).length;
    if (arrow && !open && arrows === 1 && (boldProblem || consequence) && !/`[^`]*(->|→)/.test(title)) {
      title = (arrow[1] ?? '').trim();
      why = (arrow[2] ?? '').trim();
    }
    let window = extra.window;
    const day = /^(day\s*\d+(?:\s*-\s*\d+)?|第\s*\d+(?:\s*-\s*\d+)?\s*天)\s*[:：]\s*/i.exec(title);
    if (day) {
      window = `${ctx.window !== undefined ? `${ctx.window} ` : ''}${(day[1] ?? '').toLowerCase().replace(/\s+/g, ' ')}`;
      title = title.slice(day[0].length);
    }
    title = title.replace(/\*\*/g, '').replace(/[:：]\s*$/, '').trim() || raw.trim();
    const item = this.makeItem(title, line, ctx, section, {
      status: extra.status,
      ...(priority === undefined ? {} : { priority }),
      ...(owner === undefined ? {} : { owner }),
      ...(extra.manual === undefined ? {} : { expected: extra.manual.expected ?? '', method: extra.manual.method }),
      ...(window === undefined ? {} : { window }),
      ...(estimate ? { estimate: (estimate[1] ?? '').trim() } : {}),
      ...(why === undefined ? {} : { why }),
      details: extra.details ?? [],
      locations: locationsIn(raw + '\n' + (extra.details ?? []).join('\n')),
      tags: extra.tags ?? [],
    });
    const text = extra.proposalText ?? `${raw}\n${(extra.details ?? []).join('\n')}`;
    this.thresholdsOf(raw, line, item, ctx);
    this.grayOf(`${raw} ${extra.manual?.method ?? ''}`, line, ctx, title);
    const proposals = proposeFromText(text, line, this.facts, this.variables);
    const probe = proposals[0] === undefined && ctx.role !== 'info' ? pathProbe(raw, this.variables, line) : undefined;
    if (proposals[0]) this.attach(item, proposals[0]);
    else if (probe) this.attach(item, { check: probe, note: 'a path and the status the document states' });
    else this.settingOf(item, (extra.proposalText ?? raw).split('\n')[0] ?? '');
    // One line naming several ports or commands: one item per extra check.
    for (const proposal of proposals.slice(1)) {
      if (proposal.suffix === undefined) continue;
      const sibling = this.makeItem(`${title} (${proposal.suffix})`, line, ctx, section, { status: extra.status, ...(priority === undefined ? {} : { priority }), tags: extra.tags ?? [] });
      this.attach(sibling, proposal);
      own.push(sibling);
    }
    if (proposals[0]?.suffix !== undefined && proposals.length > 1) item.title = `${title} (${proposals[0].suffix})`;
    own.splice(own.length - proposals.slice(1).filter((p) => p.suffix !== undefined).length, 0, item);
    return item;
  }

  private makeItem(
    title: string,
    line: number,
    ctx: Context,
    section: Section,
    extra: {
      id?: string;
      status: ImportedItem['status'];
      priority?: Priority;
      owner?: string;
      method?: string;
      expected?: string;
      window?: string;
      estimate?: string;
      why?: string;
      details?: string[];
      locations?: string[];
      tags?: string[];
    },
  ): ImportedItem {
    const sectionItems = this.ordinals.get(section) ?? 0;
    if (extra.id === undefined) this.ordinals.set(section, sectionItems + 1);
    const slug = slugOf(title);
    const id = this.uniqueId(extra.id ?? `${section.key}-${String(sectionItems + 1).padStart(2, '0')}${slug ? `-${slug}` : ''}`);
    const category = categoryOfText(title) ?? ctx.titles.map((t) => categoryOfText(t)).find((c) => c !== undefined) ?? 'general';
    const priority = extra.priority ?? (ctx.role === 'runbook' ? 'low' : ctx.priority) ?? 'medium';
    const item: ImportedItem = {
      id,
      title,
      phase: ctx.phase,
      category,
      priority,
      owner: null,
      status: extra.status,
      check: null,
      source: { file: this.file, line },
    };
    if (extra.method !== undefined || extra.expected) {
      item.manual = { method: extra.method ?? title, ...(extra.expected ? { expected: extra.expected } : {}) };
    }
    const window = extra.window ?? ctx.window;
    if (window !== undefined) item.window = window;
    if (extra.estimate !== undefined) item.estimate = extra.estimate;
    if (extra.locations !== undefined && extra.locations.length > 0) item.locations = [...new Set(extra.locations)];
    if (extra.why !== undefined) item.why = extra.why;
    if (extra.details !== undefined && extra.details.length > 0) item.details = extra.details;
    if (extra.tags !== undefined && extra.tags.length > 0) item.tags = extra.tags;
    if (extra.owner !== undefined) this.ownerRefs.push({ item, text: extra.owner });
    this.items.push(item);
    return item;
  }

  /** `` `DB_SYNC=false` `` on a checklist line: the check belongs to this line (a sample block repeating it is evidence). */
  private settingOf(item: ImportedItem, head: string): void {
    const setting = settingOfLine(head, this.variables, item.source.line);
    if (setting === undefined) return;
    const target = this.facts.envFileNamed ? { file: this.facts.envFile } : { source: 'process' };
    this.attach(item, { check: { kind: 'env', ...target, name: setting.name, expect: setting.expect }, note: `environment variable ${setting.name}` });
    if (item.category === 'general') item.category = categoryOfText(setting.name) ?? 'backend';
    this.lineSettings.add(item);
  }

  /** A sample block's `NAME=value` for a setting a checklist line already checks is evidence on that line's item, not an item. */
  private mergeSampleSettings(): void {
    for (const [sample, written] of this.samples) {
      const owner = [...this.lineSettings].find((item) => item.check?.kind === 'env' && item.check.name === sample.check?.name);
      if (owner === undefined) continue;
      owner.details = [...(owner.details ?? []), `L${sample.source.line}: ${written}`];
      this.items.splice(this.items.indexOf(sample), 1);
      for (const own of this.itemsBySection.values()) if (own.includes(sample)) own.splice(own.indexOf(sample), 1);
    }
  }

  private attach(item: ImportedItem, proposal: Proposal): void {
    const expect = (proposal.check.expect ?? []).filter((condition) => this.condition(condition, item.source.line, item.title) !== undefined);
    const check = { ...proposal.check, ...(expect.length > 0 ? { expect } : {}) };
    if (expect.length === 0) delete check.expect;
    item.check = check;
    item.proposed = true;
  }

  private uniqueId(base: string): string {
    let id = base.slice(0, 60).replace(/-+$/, '');
    for (let n = 2; this.ids.has(id); n += 1) id = `${base.slice(0, 56)}-${n}`;
    this.ids.add(id);
    return id;
  }

  /** A condition the expectation language accepts, or undefined (reported). */
  private condition(condition: string, line: number, text: string): string | undefined {
    if (parseCondition(condition).ok) return condition;
    this.unrecognized(line, text, `condition-rejected: ${condition}`);
    return undefined;
  }

  private unrecognized(line: number, text: string, reason: string): void {
    const entry: UnrecognizedLine = { line, text: text.slice(0, 300), reason };
    this.report.unrecognized.push(entry);
  }

  // ---- numbers with meaning -------------------------------------------------------------------

  private thresholdsOf(text: string, line: number, item: ImportedItem, ctx: Context): void {
    const thresholds = findThresholds(text);
    if (thresholds.length === 0) return;
    const alert = ctx.role === 'monitors' || /告警|报警|alert|触发/i.test(text);
    if (alert) {
      this.monitorLines(text, line, ctx, true);
      return;
    }
    const conditions = thresholds.map((t) => this.condition(conditionOf(t, 'value', false), line, text)).filter((c): c is string => c !== undefined);
    if (conditions.length === 0) return;
    item.manual = { method: item.manual?.method ?? item.title, expected: conditions.join(' and ') };
    for (const [index, threshold] of thresholds.entries()) {
      const condition = conditions[index];
      if (condition !== undefined) this.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: `items.${item.id}.manual.expected` });
    }
  }

  private monitorLines(text: string, line: number, ctx: Context, alert: boolean): void {
    for (const threshold of findThresholds(text)) {
      const monitor = this.addMonitor(threshold.metric, threshold.metricId, line);
      const condition = this.condition(conditionOf(threshold, 'value', alert), line, text);
      if (condition) {
        monitor.threshold = condition;
        this.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: `monitors.${monitor.id}` });
      }
      if (threshold.for !== undefined) monitor.for = threshold.for;
    }
    void ctx;
  }

  private addMonitor(metric: string, metricId: string | undefined, line: number): ImportedMonitor {
    const base = metricId ?? (slugOf(metric).replace(/-/g, '_') || 'metric');
    let id = base;
    for (let n = 2; this.monitors.some((m) => m.id === id); n += 1) id = `${base}_${n}`;
    const monitor: ImportedMonitor = { id, metric: metric.replace(/\*\*/g, ''), source: { file: this.file, line } };
    this.monitors.push(monitor);
    return monitor;
  }

  private trigger(raw: string, line: number, description?: string): void {
    const text = raw.replace(/\*\*/g, '').replace(/`/g, '').trim();
    if (text === '') return;
    const described = (description ?? text).replace(/\*\*/g, '').replace(/`/g, '').trim();
    const thresholds = findThresholds(text);
    const threshold: Threshold | undefined = thresholds[0];
    if (threshold) {
      const monitorId = this.monitors.find((m) => m.id === threshold.metricId)?.id ?? threshold.metricId;
      const condition = this.condition(triggerOf(threshold, monitorId), line, text);
      if (condition) {
        this.triggers.push({ condition, ...(threshold.for === undefined ? {} : { for: threshold.for }), description: described });
        this.report.thresholds.push({ line, metric: threshold.metric, condition, placedIn: 'rollout.rollbackWhen' });
        return;
      }
    }
    if (/health|健康/i.test(text)) {
      this.triggers.push({ condition: 'health_ok == false', description: described });
      return;
    }
    this.triggers.push({ description: described, manual: true });
  }

  private grayOf(text: string, line: number, ctx: Context, title: string): void {
    if (ctx.role === 'info' || ctx.role === 'rollback-steps' || ctx.role === 'rollback-triggers') return;
    stageOfLine(text, line, title, this.stages);
  }

  // ---- roles ----------------------------------------------------------------------------------

  private addRole(role: { title: string; name?: string; duties?: string; signoff?: boolean }, line: number): void {
    const title = role.title.replace(/[*_`]/g, '').trim();
    if (title === '') return;
    const existing = this.roles.find((r) => r.title === title);
    if (existing) {
      if (role.name && !existing.name) existing.name = role.name;
      if (role.duties && !existing.duties) existing.duties = role.duties;
      if (role.signoff) existing.signoff = true;
      if (role.signoff && !this.report.signoffs.some((s) => s.role === existing.id)) this.report.signoffs.push({ role: existing.id, title, line });
      return;
    }
    const base = slugOf(title, 4) || slugOf(role.name ?? '', 3) || title.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'role';
    let id = base;
    for (let n = 2; this.roles.some((r) => r.id === id); n += 1) id = `${base}-${n}`;
    const entry: ImportedRole = { id, title };
    if (role.name) entry.name = role.name;
    if (role.duties) entry.duties = role.duties;
    if (role.signoff) entry.signoff = true;
    this.roles.push(entry);
    if (role.signoff) this.report.signoffs.push({ role: id, title, line });
  }

  private resolveOwners(): void {
    for (const ref of this.ownerRefs) {
      const text = ref.text.replace(/^@/, '').trim();
      const role =
        this.roles.find((r) => r.name !== undefined && r.name.toLowerCase() === text.toLowerCase()) ??
        this.roles.find((r) => r.id === text || r.title === text) ??
        this.roles.find((r) => r.id === slugOf(text, 4) && slugOf(text, 4) !== '');
      if (role) {
        ref.item.owner = role.id;
        continue;
      }
      const id = /^[A-Za-z][\w.-]*$/.test(text) ? text.toLowerCase() : text.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'owner';
      this.roles.push({ id, name: text });
      ref.item.owner = id;
    }
  }

  // ---- inspections ----------------------------------------------------------------------------

  private collectInspections(section: Section): void {
    if (section.depth > 0 && section.ctx.role === 'inspection') {
      const schedule = scheduleOf(section.title);
      const scheduledChildren = section.children.filter((child) => scheduleOf(child.title) !== undefined);
      if (schedule !== undefined || scheduledChildren.length === 0) {
        const items = this.subtreeItems(section).map((item) => item.id);
        if (items.length > 0) {
          const window = section.ctx.window;
          const days = window ? /^T\+?(\d+)\.\.T\+(\d+)$/.exec(window) : null;
          this.inspections.push({
            id: `${section.key}-${slugOf(section.title) || 'inspection'}`.replace(/-+$/, ''),
            title: section.title,
            schedule: schedule ?? 'daily 09:00',
            ...(days ? { for: `${Number(days[2]) - Number(days[1])}d` } : {}),
            items,
            source: { file: this.file, line: section.line },
          });
        }
        return;
      }
    }
    for (const child of section.children) this.collectInspections(child);
  }

  private subtreeItems(section: Section): ImportedItem[] {
    return [...(this.itemsBySection.get(section) ?? []), ...section.children.flatMap((child) => this.subtreeItems(child))];
  }
}

/** 张工, 王总, 李明, @alice, Alice Chen: a person rather than a duty. */
function isPersonName(text: string): boolean {
  return /^[\p{Script=Han}]{1,3}[工总哥姐师]?$/u.test(text) || /^@?[A-Za-z][\w.-]*(\s[A-Z][a-z]+)?$/.test(text);
}
