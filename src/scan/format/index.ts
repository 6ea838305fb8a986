import type { Locale } from '../../core/text.js';
import type { Rule } from '../rule.js';
import type { ScanReport } from '../types.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const scanFormats = ['text', 'json', 'sarif', 'markdown'] as const;
export type ScanFormat = (typeof scanFormats)[number];

export interface FormatInput {
  report: ScanReport;
  /** Rules that ran, for descriptions (SARIF rule list, text summary). */
  rules: readonly Rule[];
  locale: Locale;
  color: boolean;
  /** Version reported as the tool version in SARIF. */
  version: string;
}

/** Output formats; each turns a report into text. None of them sees a secret: findings carry only redacted previews. */
export const scanFormatters = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
} satisfies Record<ScanFormat, (input: FormatInput) => string>;
