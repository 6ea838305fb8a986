import type { InitAnswers, TemplateName } from '../answers.js';
import { cloudbaseTemplate } from './cloudbase.js';
import { composeTemplate } from './compose.js';
import { serverlessTemplate } from './serverless.js';

/** The text of each starter template; every one must validate against the plan schema (see init.test.ts). */
export const templates = {
  compose: composeTemplate,
  cloudbase: cloudbaseTemplate,
  serverless: serverlessTemplate,
} satisfies Record<TemplateName, (answers: InitAnswers) => string>;

export function renderTemplate(answers: InitAnswers): string {
  return templates[answers.template](answers);
}
