import type { Root, RootContent } from 'mdast';
import { parseCondition } from '../expect/index.js';
import type { Priority } from '../plan/schema.js';
import { collectInspections } from './inspections.js';
import { ownerOfText } from './owners.js';
import { Variables } from './placeholders.js';
import { takeItemPriority } from './priorities.js';
import { pathProbe } from './probes.js';
import { documentFacts, type DocumentFacts, type Proposal, proposeFromText } from './proposals.js';
import { code, mergeSampleSettings, settingOf } from './read-code.js';
import { list } from './read-list.js';
import { paragraph } from './read-prose.js';
import { table } from './read-table.js';
import { grayOf, thresholdsOf } from './read-thresholds.js';
import { resolveOwners } from './roles.js';
import type { Stage } from './rollout.js';
import { type Label, locationsIn, type SectionBody } from './section-body.js';
import { buildSections, cleanTitle, type Context, contextFor, type Section, toString } from './sections.js';
import type { ImportedGuard, ImportedInspection, ImportedItem, ImportedMonitor, ImportedRisk, ImportedRole, ImportedTrigger, ImportReport, UnrecognizedLine } from './types.js';
import { categoryOfText, slugOf } from './vocabulary.js';

/**
 * Interprets a parsed checklist; pure. Holds what the reading collects; each construct is read by its own module
 * (read-prose, read-list, read-code, read-table, read-thresholds, roles, inspections), which writes through it.
 */
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
  documentOwner: string | undefined;
  description: string | undefined;
  readonly ids = new Set<string>();
  readonly ordinals = new Map<Section, number>();
  readonly ownerRefs: { item: ImportedItem | ImportedMonitor; text: string }[] = [];
  readonly itemsBySection = new Map<Section, ImportedItem[]>();
  readonly facts: DocumentFacts;
  /** Items made from a sample dotenv block, with the line as written there. */
  readonly samples = new Map<ImportedItem, string>();
  /** Items whose check comes from the setting their own line names. */
  readonly lineSettings = new Set<ImportedItem>();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.facts = documentFacts(text);
  }

  /** The Markdown as written (inline code keeps its backticks, which the proposals read). */
  raw(node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined }): string {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    return start === undefined || end === undefined ? '' : this.text.slice(start, Math.min(end, start + 20_000));
  }

  run(root: Root): void {
    const top = buildSections(root);
    const h1 = top.blocks.find((node) => node.type === 'heading');
    this.title = h1 ? cleanTitle(toString(h1)) : '';
    this.section(top, top.ctx, true);
    mergeSampleSettings(this);
    const owner = this.documentOwner;
    if (owner !== undefined) {
      const owned = new Set(this.ownerRefs.map((ref) => ref.item));
      for (const item of this.items) if (!owned.has(item)) this.ownerRefs.push({ item, text: owner });
    }
    collectInspections(this, top);
    resolveOwners(this);
  }

  section(section: Section, parent: Context, isTop = false): void {
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

  finishSection(section: Section, body: SectionBody, own: ImportedItem[]): void {
    const ctx = section.ctx;
    // `Owner: @release-team` above the first heading owns the document's items that name no owner of their own.
    if (section.depth === 0 && body.owner !== undefined) this.documentOwner = ownerOfText(body.owner);
    if (section.depth === 0 || !(ctx.role === 'checklist' || ctx.role === 'runbook' || ctx.role === 'inspection' || ctx.role === 'monitors')) return;
    // `**负责人**: @team` and `**状态**: ✅ 已完成` above sub-tasks apply to them.
    for (const item of own) {
      const owner = body.owner === undefined ? undefined : ownerOfText(body.owner);
      if (owner !== undefined && item.owner === null && !this.ownerRefs.some((ref) => ref.item === item)) this.ownerRefs.push({ item, text: owner });
      if (body.status !== undefined && body.status !== 'todo' && item.status === 'todo') item.status = body.status;
    }
    if (own.length === 0 && body.status !== undefined && body.status !== 'todo') body.marks.push(body.status);
    const proseOnly = body.prose && own.length === 0 && section.children.length === 0;
    const loose = body.hasContent || proseOnly || (body.example === true && own.length === 0) || body.estimate !== undefined || body.marks.length > 0 || body.locations.length > 0;
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

  block(node: RootContent, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): Label | undefined {
    const ctx = section.ctx;
    switch (node.type) {
      case 'heading':
        return label;
      case 'paragraph':
        return paragraph(this, node, section, body, own, label);
      case 'list':
        list(this, node, section, body, own, label);
        return label;
      case 'table':
        table(this, node, section, own);
        return undefined;
      case 'code':
        code(this, node, section, body, own, label);
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

  itemFromLine(
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
    thresholdsOf(this, raw, line, item, ctx);
    grayOf(this, `${raw} ${extra.manual?.method ?? ''}`, line, ctx, title);
    const proposals = proposeFromText(text, line, this.facts, this.variables);
    const probe = proposals[0] === undefined && ctx.role !== 'info' ? pathProbe(raw, this.variables, line) : undefined;
    if (proposals[0]) this.attach(item, proposals[0]);
    else if (probe) this.attach(item, { check: probe, note: 'a path and the status the document states' });
    else settingOf(this, item, (extra.proposalText ?? raw).split('\n')[0] ?? '');
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

  makeItem(
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

  attach(item: ImportedItem, proposal: Proposal): void {
    const expect = (proposal.check.expect ?? []).filter((condition) => this.condition(condition, item.source.line, item.title) !== undefined);
    const check = { ...proposal.check, ...(expect.length > 0 ? { expect } : {}) };
    if (expect.length === 0) delete check.expect;
    item.check = check;
    item.proposed = true;
  }

  uniqueId(base: string): string {
    let id = base.slice(0, 60).replace(/-+$/, '');
    for (let n = 2; this.ids.has(id); n += 1) id = `${base.slice(0, 56)}-${n}`;
    this.ids.add(id);
    return id;
  }

  /** A condition the expectation language accepts, or undefined (reported). */
  condition(condition: string, line: number, text: string): string | undefined {
    if (parseCondition(condition).ok) return condition;
    this.unrecognized(line, text, `condition-rejected: ${condition}`);
    return undefined;
  }

  unrecognized(line: number, text: string, reason: string): void {
    const entry: UnrecognizedLine = { line, text: text.slice(0, 300), reason };
    this.report.unrecognized.push(entry);
  }
}
