import type { Locale } from '../core/text.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { Reporter, RunView } from './run-view.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export { renderText, type TextOptions } from './text.js';

/** Every output format; adding one is its file plus one line here. */
export const reporterNames = ['text', 'json', 'junit', 'sarif', 'markdown', 'html'] as const;
export type ReporterName = (typeof reporterNames)[number];

export const reporters = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
  html: htmlReporter,
} satisfies Record<ReporterName, Reporter>;

/** True for a name `--format` accepts. */
export function isReporterName(name: string): name is ReporterName {
  return (reporterNames as readonly string[]).includes(name);
}

/** Renders a run in one format. */
export function renderReport(name: ReporterName, view: RunView, locale: Locale): string {
  return reporters[name].render(view, locale);
}
