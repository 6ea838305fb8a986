import { resolve } from 'node:path';
import { z } from 'zod';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { booleanField } from '../../core/fields.js';
import { customPatternSchema, scanTree, type Finding, type ScanReport } from '../../scan/index.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type ProbeContext } from '../check-kind.js';

/** `file:line` entries kept in facts and evidence; `count` keeps the real number. */
const matchCap = 50;

/** The scan engine's leftover groups, by the names the plan uses. */
const leftoverGroups = ['todo', 'console', 'debugger', 'debugSwitches', 'localUrls'] as const;
type LeftoverGroup = (typeof leftoverGroups)[number];

const filesSchema = checkSchema('files', {
  path: z.string().min(1).optional().describe('The tree to search, relative to the plan folder (default the plan folder)'),
  patterns: z
    .array(customPatternSchema)
    .optional()
    .describe('Patterns that must not occur: { id, regex | literal, paths (gitignore-style), message, severity }'),
  leftovers: z
    .union([booleanField, z.array(z.enum(leftoverGroups)).min(1)])
    .optional()
    .describe('Built-in leftovers: true for all, or some of todo, console, debugger, debugSwitches, localUrls'),
  ignore: z.array(z.string().min(1)).optional().describe('More gitignore-style paths to leave out (.gitignore and .goliveignore are honoured)'),
}).superRefine((spec, context) => {
  if ((spec.patterns?.length ?? 0) === 0 && (spec.leftovers === undefined || spec.leftovers === false)) {
    context.addIssue({ code: 'custom', path: ['patterns'], message: 'give `patterns`, `leftovers`, or both: otherwise there is nothing to look for' });
  }
  const ids = (spec.patterns ?? []).map((pattern) => pattern.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) context.addIssue({ code: 'custom', path: ['patterns'], message: `pattern id ${duplicate} is used twice` });
});

export type FilesCheck = z.infer<typeof filesSchema>;

function enabledGroups(leftovers: FilesCheck['leftovers']): ReadonlySet<LeftoverGroup> {
  if (leftovers === true) return new Set(leftoverGroups);
  if (Array.isArray(leftovers)) return new Set(leftovers);
  return new Set();
}

/**
 * Runs the repository scan engine (the one `golive scan` uses) over a tree; the engine's
 * configuration errors (a missing tree, a bad baseline) become ProbeErrors with their own text.
 */
async function scanForCheck(run: () => Promise<ScanReport>, context: ProbeContext): Promise<ScanReport> {
  try {
    return await run();
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (error instanceof GoliveError) throw new ProbeError(error.text, { cause: error });
    throw error;
  }
}

/** `file:line` of a finding, the way editors and reviewers jump to it. */
function place(finding: Finding): string {
  return `${finding.file}:${finding.line}`;
}

export const filesKind = defineCheckKind({
  name: 'files',
  summary: bi('Patterns that must not be in a source tree: TODO, console.log, debug switches, local URLs, your own', '源码中不应出现的内容：TODO、console.log、调试开关、本地地址，以及自定义模式'),
  schema: filesSchema,
  facts: {
    count: bi('number of matches', '匹配数量'),
    matches: bi(`matches as file:line (first ${matchCap})`, `匹配位置 file:line（最多 ${matchCap} 个）`),
    by_pattern: bi('matches per pattern or leftover rule id', '按模式或遗留规则 id 统计的匹配数'),
    files_scanned: bi('number of files read', '读取的文件数'),
  },
  defaultExpect: ['count == 0'],
  defaultTimeoutMs: 60_000,
  secretFields: [],
  describe: (spec) => {
    const what = [...(spec.patterns ?? []).map((pattern) => pattern.id), ...[...enabledGroups(spec.leftovers)].map((group) => `leftovers:${group}`)];
    return `files ${spec.path ?? '.'} [${what.join(', ')}]`;
  },
  async probe(spec, context) {
    const root = resolve(context.planDir, spec.path ?? '.');
    const groups = enabledGroups(spec.leftovers);
    // The `leftovers` group with every leftover rule switched off runs the custom patterns alone.
    const report = await scanForCheck(
      () =>
        scanTree({
          root,
          rules: 'leftovers',
          patterns: spec.patterns ?? [],
          config: {
            ignore: spec.ignore ?? [],
            leftovers: {
              todo: groups.has('todo'),
              console: groups.has('console'),
              debugger: groups.has('debugger'),
              debugSwitches: groups.has('debugSwitches'),
              localUrls: groups.has('localUrls'),
            },
          },
          signal: context.signal,
        }),
      context,
    );
    const byPattern: Record<string, number> = {};
    for (const finding of report.findings) byPattern[finding.rule] = (byPattern[finding.rule] ?? 0) + 1;
    return {
      facts: {
        count: report.findings.length,
        matches: report.findings.slice(0, matchCap).map(place),
        by_pattern: byPattern,
        files_scanned: report.stats.files,
      },
      evidence: {
        root,
        count: report.findings.length,
        by_pattern: byPattern,
        // Previews come from the engine with every recognised secret already redacted.
        matches: report.findings.slice(0, matchCap).map((finding) => ({ at: place(finding), rule: finding.rule, preview: finding.preview })),
        files_scanned: report.stats.files,
        ...(report.skipped.length > 0 ? { skipped: report.skipped.slice(0, 20).map((entry) => `${entry.file} (${entry.reason})`) } : {}),
      },
    };
  },
});
