import { z } from 'zod';
import { defaultCodeFiles, defaultProductionConfig, defaultShippedCode, defaultTestPaths } from './defaults.js';
import { severities } from './types.js';

export { defaultCodeFiles, defaultProductionConfig, defaultShippedCode, defaultTestPaths } from './defaults.js';

const pathList = z.array(z.string().min(1));
const bilingualSchema = z.object({ en: z.string(), zh: z.string() });

export const customPatternSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i, 'ids use letters, digits, ".", "_" and "-"'),
    regex: z.string().min(1).optional(),
    literal: z.string().min(1).optional(),
    paths: pathList.optional(),
    severity: z.enum(severities).default('high'),
    message: z.union([z.string(), bilingualSchema]).optional(),
  })
  .refine((p) => (p.regex === undefined) !== (p.literal === undefined), { message: 'give exactly one of `regex` and `literal`' })
  .refine(
    (p) => {
      if (p.regex === undefined) return true;
      try {
        new RegExp(p.regex, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: '`regex` is not a valid JavaScript regular expression' },
  );

const leftoversSchema = z.object({
  /** TODO / FIXME markers in source files. */
  todo: z.boolean().default(true),
  /** console.log / console.debug / console.trace in shipped code. */
  console: z.boolean().default(true),
  /** `debugger` statements in shipped code. */
  debugger: z.boolean().default(true),
  /** DEBUG=true, ENABLE_DEBUG_*=true, LOG_LEVEL=debug in production config. */
  debugSwitches: z.boolean().default(true),
  /** localhost, loopback, private-IP and test-domain URLs in production config. */
  localUrls: z.boolean().default(true),
  /** Where TODO/FIXME count (gitignore-style patterns). */
  codeFiles: pathList.default(defaultCodeFiles),
  /** Shipped code (gitignore-style patterns). */
  shippedCode: pathList.default(defaultShippedCode),
  /** Test code excluded from shipped code. */
  testPaths: pathList.default(defaultTestPaths),
  /** Production configuration files (gitignore-style patterns). */
  productionConfig: pathList.default(defaultProductionConfig),
});

const allowSchema = z
  .object({
    /** Rule ids this entry allows; all rules when absent. */
    rules: z.array(z.string().min(1)).optional(),
    /** gitignore-style patterns; all files when absent. */
    paths: pathList.optional(),
    /** Why this is acceptable (kept for reviewers). */
    reason: z.string().optional(),
  })
  .refine((a) => a.rules !== undefined || a.paths !== undefined, { message: 'an allow entry needs `rules`, `paths` or both' });

/** The plan's `scan:` block. */
export const scanConfigSchema = z.object({
  /** Extra gitignore-style patterns to leave out, on top of .gitignore and .goliveignore. */
  ignore: pathList.default([]),
  /** Findings to accept, by rule and/or path. */
  allow: z.array(allowSchema).default([]),
  leftovers: leftoversSchema.prefault({}),
  /** Literal values or patterns the plan forbids, e.g. a hard-coded commission rate in a page. */
  forbidden: z.array(customPatternSchema).default([]),
  /** Also scan build output and vendored code (dist/, build/, unpackage/, miniprogram_dist/, vendor/, *.min.js, chunk files), left out by default. */
  includeBuildOutput: z.boolean().default(false),
  /**
   * Honour .gitignore files (default). In a git work tree they never hide a file git tracks; outside one (a deployed
   * folder with its local .env) they hide what they list. `false`: scan what they list too (an export or download of a
   * repository, where every file was committed).
   */
  gitignore: z.boolean().default(true),
  /** Size limit in bytes; files above it are skipped unread. */
  maxFileBytes: z.number().int().positive().optional(),
});

export type ScanConfig = z.output<typeof scanConfigSchema>;
export type ScanConfigInput = z.input<typeof scanConfigSchema>;
export type LeftoversConfig = ScanConfig['leftovers'];
export type CustomPatternInput = z.input<typeof customPatternSchema>;
