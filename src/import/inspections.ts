/** Scheduled inspections: a 巡检 section and the items under it. */
import type { Interpreter } from './interpret.js';
import { scheduleOf, type Section } from './sections.js';
import type { ImportedItem } from './types.js';
import { slugOf } from './vocabulary.js';

export function collectInspections(self: Interpreter, section: Section): void {
  if (section.depth > 0 && section.ctx.role === 'inspection') {
    const schedule = scheduleOf(section.title);
    const scheduledChildren = section.children.filter((child) => scheduleOf(child.title) !== undefined);
    if (schedule !== undefined || scheduledChildren.length === 0) {
      const items = subtreeItems(self, section).map((item) => item.id);
      if (items.length > 0) {
        const window = section.ctx.window;
        const days = window ? /^T\+?(\d+)\.\.T\+(\d+)$/.exec(window) : null;
        self.inspections.push({
          id: `${section.key}-${slugOf(section.title) || 'inspection'}`.replace(/-+$/, ''),
          title: section.title,
          schedule: schedule ?? 'daily 09:00',
          ...(days ? { for: `${Number(days[2]) - Number(days[1])}d` } : {}),
          items,
          source: { file: self.file, line: section.line },
        });
      }
      return;
    }
  }
  for (const child of section.children) collectInspections(self, child);
}

export function subtreeItems(self: Interpreter, section: Section): ImportedItem[] {
  return [...(self.itemsBySection.get(section) ?? []), ...section.children.flatMap((child) => subtreeItems(self, child))];
}
