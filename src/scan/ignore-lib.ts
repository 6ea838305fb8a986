import { createRequire } from 'node:module';
import type ignoreType from 'ignore';
import type { Ignore } from 'ignore';

/**
 * The `ignore` package (CommonJS), loaded with `require`. An ESM `import` of a CommonJS package makes Node run its
 * export lexer over the package's source (50 KB here) in every thread that imports it, and that lexer's loop is hot
 * enough to be compiled by TurboFan in each fresh thread: ~20 ms on the thread and ~40 ms of background compilation,
 * twice per `golive scan` (calling thread and worker).
 */
export const ignore = createRequire(import.meta.url)('ignore') as typeof ignoreType;
export type { Ignore };
