/** Roles and sign-offs, and owners resolved to roles once the whole document is read. */
import type { Interpreter } from './interpret.js';
import type { ImportedRole } from './types.js';
import { slugOf } from './vocabulary.js';

export function addRole(self: Interpreter, role: { title: string; name?: string; duties?: string; signoff?: boolean }, line: number): void {
  const title = role.title.replace(/[*_`]/g, '').trim();
  if (title === '') return;
  const existing = self.roles.find((r) => r.title === title);
  if (existing) {
    if (role.name && !existing.name) existing.name = role.name;
    if (role.duties && !existing.duties) existing.duties = role.duties;
    if (role.signoff) existing.signoff = true;
    if (role.signoff && !self.report.signoffs.some((s) => s.role === existing.id)) self.report.signoffs.push({ role: existing.id, title, line });
    return;
  }
  const base = slugOf(title, 4) || slugOf(role.name ?? '', 3) || title.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'role';
  let id = base;
  for (let n = 2; self.roles.some((r) => r.id === id); n += 1) id = `${base}-${n}`;
  const entry: ImportedRole = { id, title };
  if (role.name) entry.name = role.name;
  if (role.duties) entry.duties = role.duties;
  if (role.signoff) entry.signoff = true;
  self.roles.push(entry);
  if (role.signoff) self.report.signoffs.push({ role: id, title, line });
}

export function resolveOwners(self: Interpreter): void {
  for (const ref of self.ownerRefs) {
    const text = ref.text.replace(/^@/, '').trim();
    const role =
      self.roles.find((r) => r.name !== undefined && r.name.toLowerCase() === text.toLowerCase()) ??
      self.roles.find((r) => r.id === text || r.title === text) ??
      self.roles.find((r) => r.id === slugOf(text, 4) && slugOf(text, 4) !== '');
    if (role) {
      ref.item.owner = role.id;
      continue;
    }
    const id = /^[A-Za-z][\w.-]*$/.test(text) ? text.toLowerCase() : text.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '') || 'owner';
    self.roles.push({ id, name: text });
    ref.item.owner = id;
  }
}

/** 张工, 王总, 李明, @alice, Alice Chen: a person rather than a duty. */
export function isPersonName(text: string): boolean {
  return /^[\p{Script=Han}]{1,3}[工总哥姐师]?$/u.test(text) || /^@?[A-Za-z][\w.-]*(\s[A-Z][a-z]+)?$/.test(text);
}
