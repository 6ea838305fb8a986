import { resolve } from 'node:path';
import { z } from 'zod';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { requireScanKey, scanKeyFrom, scanTree, type ScanReport } from '../../scan/index.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';

/** Findings kept in facts and evidence; `count` keeps the real number. */
const findingCap = 50;

const secretsSchema = checkSchema('secrets', {
  path: z.string().min(1).optional().describe('The tree to scan, relative to the plan folder (default the plan folder)'),
  baseline: z.string().min(1).optional().describe('A baseline file (from `golive scan --write-baseline`; needs the team key GOLIVE_SCAN_KEY in the environment): findings in it are accepted'),
  ignore: z.array(z.string().min(1)).optional().describe('More gitignore-style paths to leave out (.gitignore and .goliveignore are honoured)'),
});

export type SecretsCheck = z.infer<typeof secretsSchema>;

export const secretsKind = defineCheckKind({
  name: 'secrets',
  summary: bi(
    'No hard-coded credentials in a tree (Aliyun, Tencent Cloud, WeChat, DB URLs, private keys …)',
    '代码树中没有硬编码的凭据（阿里云、腾讯云、微信、数据库连接串、私钥等）',
  ),
  schema: secretsSchema,
  facts: {
    count: bi('number of secrets found (baselined ones excluded)', '发现的机密数量（不含基线中已接受的）'),
    findings: bi(`where: { file, line, rule, severity } (first ${findingCap}); never the secret`, `位置：{ file, line, rule, severity }（最多 ${findingCap} 个），不含机密本身`),
    by_rule: bi('findings per rule id', '按规则 id 统计的发现数'),
    by_severity: bi('findings per severity (critical, high, medium, low, info)', '按严重程度统计的发现数'),
    baselined: bi('findings left out because the baseline accepts them', '因基线已接受而略过的发现数'),
  },
  defaultExpect: ['count == 0'],
  defaultTimeoutMs: 120_000,
  secretFields: [],
  describe: (spec) => `secrets ${spec.path ?? '.'}${spec.baseline ? ` (baseline ${spec.baseline})` : ''}`,
  async probe(spec, context) {
    const root = resolve(context.planDir, spec.path ?? '.');
    let report: ScanReport;
    try {
      report = await scanTree({
        root,
        rules: 'secrets',
        config: { ignore: spec.ignore ?? [] },
        ...(spec.baseline ? { baseline: resolve(context.planDir, spec.baseline), fingerprintKey: requireScanKey(scanKeyFrom(process.env), spec.baseline) } : {}),
        signal: context.signal,
      });
    } catch (error) {
      // The engine's configuration errors (missing tree, unreadable baseline) carry their own bilingual text.
      if (!context.signal.aborted && error instanceof GoliveError) throw new ProbeError(error.text, { cause: error });
      throw error;
    }
    const byRule: Record<string, number> = {};
    const bySeverity: Record<string, number> = {};
    for (const finding of report.findings) {
      byRule[finding.rule] = (byRule[finding.rule] ?? 0) + 1;
      bySeverity[finding.severity] = (bySeverity[finding.severity] ?? 0) + 1;
    }
    const shown = report.findings.slice(0, findingCap);
    return {
      facts: {
        count: report.findings.length,
        findings: shown.map(({ file, line, rule, severity }) => ({ file, line, rule, severity })),
        by_rule: byRule,
        by_severity: bySeverity,
        baselined: report.baselined,
      },
      evidence: {
        root,
        count: report.findings.length,
        by_rule: byRule,
        // The engine's previews hold the line with the secret already redacted (••••3f); fingerprints feed baselines.
        findings: shown.map((finding) => ({
          at: `${finding.file}:${finding.line}:${finding.column}`,
          rule: finding.rule,
          severity: finding.severity,
          preview: finding.preview,
          fingerprint: finding.fingerprint,
        })),
        baselined: report.baselined,
        files_scanned: report.stats.files,
        ...(report.skipped.length > 0 ? { skipped: report.skipped.slice(0, 20).map((entry) => `${entry.file} (${entry.reason})`) } : {}),
      },
    };
  },
});
