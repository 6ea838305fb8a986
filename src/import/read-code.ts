/** Fenced blocks in a section: fenced checklists, dotenv blocks (a sample repeating a checklist line is evidence), probe lines, deploy guards. */
import type { Code } from 'mdast';
import { fencedBlocks, isFencedChecklist } from './code-blocks.js';
import type { Interpreter } from './interpret.js';
import { priorityOfHeading } from './priorities.js';
import { type CodeLine, codeLines, isSetupStep, probeOfLine } from './probes.js';
import { proposeFromText } from './proposals.js';
import type { Label, SectionBody } from './section-body.js';
import { lineOf, type Section } from './sections.js';
import { envAssignments, envExpectations, presentConditions, settingOfLine } from './settings.js';
import type { ImportedItem } from './types.js';
import { categoryOfText } from './vocabulary.js';

export function code(self: Interpreter, node: Code, section: Section, body: SectionBody, own: ImportedItem[], label: Label | undefined): void {
  const ctx = section.ctx;
  const line = lineOf(node);
  const rawLines = node.value.split('\n');
  if (ctx.role === 'info' || ctx.role === 'scores' || ctx.role === 'roles') return;
  const fenced = isFencedChecklist(node) ? fencedBlocks(node, self.text) : undefined;
  if (fenced !== undefined) {
    let current = label;
    for (const block of fenced) current = self.block(block, section, body, own, current);
    return;
  }
  if (ctx.role === 'rollback-steps') {
    for (const codeLine of rawLines) {
      const step = codeLine.trim();
      if (step !== '' && !step.startsWith('#') && !step.startsWith('//')) self.rollbackSteps.push(step);
    }
    return;
  }
  const assignments = envAssignments(node.value);
  const written = rawLines.filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const dotenv = assignments.length >= 2 && assignments.length === written.length && !/^\s*export\s/m.test(node.value) && /^(bash|sh|shell|env|dotenv|ini|properties)?$/i.test(node.lang ?? '');
  if (dotenv) {
    const fileComment = /^#\s*((?:[\w.-]+\/)*\.env[\w.-]*)/m.exec(node.value)?.[1];
    for (const assignment of assignments) {
      envItem(self, assignment.name, assignment.value, assignment.comment, line + 1 + assignment.offset, section, own, label, {
        file: fileComment ?? self.facts.envFile,
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
      if (/^(docker[ -]compose\b.*\bup\b|kubectl (apply|rollout)|helm (upgrade|install)|pm2 (deploy|reload|start)|npm run deploy|vercel --prod)/.test(command) && !self.guards.some((g) => g.command === command)) {
        self.guards.push({ command, action: 'require-gate', reason: `${section.title} (L${line + 1 + offset})`, source: { file: self.file, line: line + 1 + offset } });
      }
    });
  }
  // Each probe line is an item of its own, titled by the line and expecting what its comment says.
  const statements = codeLines(node.value);
  const probes = new Set<CodeLine>();
  // Test commands are read over the whole block, so `cd backend` on one line sets the folder of the next.
  const blockTests = proposeFromText(statements.map((s) => s.command).join('\n'), line, self.facts, self.variables).filter((p) => p.check.kind === 'command');
  for (const statement of statements) {
    const lineNo = line + 1 + statement.offset;
    const probe = probeOfLine(statement, self.variables, lineNo, self.facts.bodies);
    const tests = probe === undefined ? blockTests.filter((p) => p.suffix !== undefined && statement.command.includes(p.suffix)) : [];
    if (probe === undefined && tests.length === 0) continue;
    probes.add(statement);
    const item = self.makeItem(statement.text, lineNo, ctx, section, {
      status: 'todo',
      ...(probe === 'loopback' ? { method: statement.command, ...(statement.comment === '' ? {} : { expected: statement.comment }) } : {}),
    });
    if (probe !== undefined && probe !== 'loopback') self.attach(item, { check: probe, note: statement.command });
    else if (tests[0] !== undefined) self.attach(item, tests[0]);
    own.push(item);
  }
  // What the rest of the block says (docker exec … env | grep KEY) may still hold a check for the section; set-up steps never do.
  const rest = statements.filter((s) => !probes.has(s) && !isSetupStep(s.command)).map((s) => s.text).join('\n');
  if (rest !== '') body.proposals.push(...proposeFromText(rest, line, self.facts, self.variables).filter((p) => p.check.kind !== 'http' && p.check.kind !== 'command'));
  const consumed = (codeLine: string) => {
    const t = codeLine.trim();
    return t === '' || t.startsWith('#') || t.startsWith('//') || /^cd\s+\S+$/.test(t) || statements.some((s) => probes.has(s) && s.text === t);
  };
  if (rawLines.every(consumed)) return;
  const shown = rawLines.slice(0, 40).join('\n') + (rawLines.length > 40 ? `\n… (${rawLines.length - 40} more lines)` : '');
  body.details.push(label !== undefined && label.kind !== 'steps' ? `${label.text}:\n${shown}` : shown);
  // `配置示例：` above a config block: evidence for the section's items (the section is an item only without them);
  // an example shell script is still the step the section describes.
  if (/^(ya?ml|json5?|toml|ini|properties|conf|env|dotenv|xml|nginx)$/i.test(node.lang ?? '') && /示例|样例|例如|参考|example|sample|e\.g\./i.test(label?.text ?? '')) body.example = true;
  else body.hasContent = true;
  if (label?.kind === 'expected') body.expected.push(shown);
}

export function envItem(
  self: Interpreter,
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
  const { expect, differsFrom } = value === undefined && block === undefined ? { expect: [...presentConditions], differsFrom: undefined } : envExpectations(assignment, self.variables, line);
  const groupPriority = block !== undefined ? priorityOfHeading(block.group.replace(/(\d+\.\s*)/, '')) : undefined;
  const explanation = [note.replace(/^->\s*|^→\s*/, '').trim().replace(/^[（(](.*)[）)]$/, '$1'), block?.group ?? ''].filter(Boolean).join(' — ');
  const shownValue = value === undefined || value === '' ? '' : `=${value}`;
  const title = `${name}${shownValue.length <= 60 ? shownValue : ''}${explanation !== '' && block === undefined ? ` (${explanation})` : ''}`;
  const item = self.makeItem(title, line, ctx, section, {
    status: 'todo',
    ...(groupPriority === undefined ? {} : { priority: groupPriority }),
    ...(block !== undefined && block.group !== '' ? { details: [block.group] } : {}),
  });
  if (item.category === 'general') item.category = categoryOfText(name) ?? 'backend';
  self.attach(item, { check: { kind: 'env', ...target, name, ...(differsFrom === undefined ? {} : { differsFrom }), expect }, note: `environment variable ${name}` });
  own.push(item);
  if (block !== undefined) self.samples.set(item, `${name}=${assignment.value}`);
}

/** `` `DB_SYNC=false` `` on a checklist line: the check belongs to this line (a sample block repeating it is evidence). */
export function settingOf(self: Interpreter, item: ImportedItem, head: string): void {
  const setting = settingOfLine(head, self.variables, item.source.line);
  if (setting === undefined) return;
  const target = self.facts.envFileNamed ? { file: self.facts.envFile } : { source: 'process' };
  self.attach(item, { check: { kind: 'env', ...target, name: setting.name, expect: setting.expect }, note: `environment variable ${setting.name}` });
  if (item.category === 'general') item.category = categoryOfText(setting.name) ?? 'backend';
  self.lineSettings.add(item);
}

/** A sample block's `NAME=value` for a setting a checklist line already checks is evidence on that line's item, not an item. */
export function mergeSampleSettings(self: Interpreter): void {
  for (const [sample, written] of self.samples) {
    const owner = [...self.lineSettings].find((item) => item.check?.kind === 'env' && item.check.name === sample.check?.name);
    if (owner === undefined) continue;
    owner.details = [...(owner.details ?? []), `L${sample.source.line}: ${written}`];
    self.items.splice(self.items.indexOf(sample), 1);
    for (const own of self.itemsBySection.values()) if (own.includes(sample)) own.splice(own.indexOf(sample), 1);
  }
}
