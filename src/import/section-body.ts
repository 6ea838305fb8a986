/** What a section holds besides items: the loose content that becomes one item when nothing else holds it, and the bold label steering what follows. */
import type { Proposal } from './proposals.js';
import type { ImportedItem } from './types.js';
import type { LabelKind } from './vocabulary.js';

/** Loose content of a section that becomes one item when nothing else holds it. */
export interface SectionBody {
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
  /** A block introduced as an example: the section's item only when it has no items of its own. */
  example?: boolean;
}

export interface Label {
  readonly kind: LabelKind;
  readonly text: string;
}

const locationPattern = /((?:[\w@.-]+\/)+[\w.-]+\.[A-Za-z0-9]{1,8}):(\d+(?:[,，-]\d+)*)/g;

export function locationsIn(text: string): string[] {
  return [...text.matchAll(locationPattern)].map((m) => `${m[1] ?? ''}:${(m[2] ?? '').replace(/，/g, ',')}`);
}

export const labelValue = /^\s*([^:：]{1,24}?)\s*[:：]\s*(.*)$/s;
