import { z } from 'zod';
import { idField } from '../../core/fields.js';
import { priorities } from '../../plan/schema.js';
import { collectionNames, signalNames } from '../derive.js';

/** Why a suggestion matters; the terminal output is grouped by these, in this order. */
export const groupNames = ['data', 'money', 'security', 'users', 'operations'] as const;
export type GroupName = (typeof groupNames)[number];

const text = z.strictObject({ en: z.string().min(1), zh: z.string().min(1) });

/** `mysql` (a signal), `env:/JWT/i` (a variable the project declares or reads), `file:/(^|\/)Caddyfile$/` (a file path). */
const predicate = z.string().refine((value) => (signalNames as readonly string[]).includes(value) || /^(env|file):\/.+\/[a-z]*$/.test(value), {
  message: `a signal (${signalNames.join(', ')}), env:/regex/ or file:/regex/`,
});

const itemProposal = z.strictObject({
  id: z.string().min(1).describe('Item id; may use {{field}} of the entry, e.g. jwt-secret-{{name|slug}}'),
  title: text,
  phase: idField,
  category: idField,
  priority: z.enum(priorities),
  owner: idField,
  check: z.record(z.string(), z.unknown()).optional().describe('The check, as in a plan; {{field}} are filled from the project'),
  manual: z.strictObject({ method: text, expected: text }).optional(),
  details: z.array(z.string()).optional(),
});

const guardProposal = z.strictObject({
  command: z.string().min(1),
  action: z.enum(['forbid', 'require-gate']),
  environments: z.array(z.string()).optional(),
  reason: text,
});

const variableProposal = z.strictObject({
  description: text,
  value: z.string().optional().describe('Default value; {{field}} is filled from the project, left out when unknown'),
  example: z.string().optional(),
  secret: z.boolean().optional(),
});

/** One lesson file: where it was learned, when it applies, what it proposes. */
export const lessonSchema = z.strictObject({
  id: idField,
  source: z.strictObject({
    seed: z.string().min(1).describe('Which checklist taught it, e.g. "000" or "team"'),
    section: z.string().optional(),
    quote: z.string().optional().describe('The checklist line, as written'),
  }),
  group: z.enum(groupNames),
  lesson: text.describe('Which kind of team missed it and what broke'),
  detection: z.strictObject({
    requires: z.array(predicate).default([]).describe('All must hold'),
    any: z.array(predicate).default([]).describe('At least one must hold (when listed)'),
    excludes: z.array(predicate).default([]).describe('None may hold'),
    each: z
      .strictObject({
        in: z.enum(collectionNames),
        where: z.record(z.string(), z.string()).optional().describe('field: value, or field: /regex/flags'),
      })
      .optional()
      .describe('Propose one item per matching entry; none matching means the lesson does not apply'),
  }),
  covers: z.array(z.string()).default([]).describe('Regexes over a plan item (title, why, check); a match means the plan already has it'),
  proposal: z
    .strictObject({
      item: itemProposal.optional(),
      guard: guardProposal.optional(),
      variables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), variableProposal).optional(),
    })
    .refine((proposal) => proposal.item !== undefined || proposal.guard !== undefined, { message: 'a proposal has an item or a guard' }),
});

export type Lesson = z.infer<typeof lessonSchema>;
export type LessonInput = z.input<typeof lessonSchema>;
