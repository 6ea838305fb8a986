import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { GoliveError, exitCodes } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { CliCommand } from '../context.js';
import { resumeOptimisingCompiler } from '../early.js';

const severityChoices = ['critical', 'high', 'medium', 'low', 'info'] as const;

/** Parses `5MB`, `512k`, `1048576` into bytes. */
function byteSize(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i.exec(value.trim());
  if (m === null) throw new GoliveError('cli.invalid-size', bi(`Not a size: ${value} (try 5MB, 512KB or a number of bytes)`, `不是有效的大小：${value}（例如 5MB、512KB 或字节数）`));
  const unit = (m[2] ?? 'b').toLowerCase()[0] ?? 'b';
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * factor);
}

async function loadConfig(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new GoliveError('scan.config-unreadable', bi(`Cannot read scan configuration ${file}`, `无法读取扫描配置 ${file}`), { cause });
  }
  try {
    if (/\.json$/i.test(file)) return JSON.parse(text) as unknown;
    const { parse } = await import('yaml');
    const doc = parse(text) as unknown;
    // Accept either the bare block or a whole plan holding a `scan:` block.
    return typeof doc === 'object' && doc !== null && 'scan' in doc ? (doc as { scan: unknown }).scan : doc;
  } catch (cause) {
    throw new GoliveError('scan.config-invalid', bi(`Scan configuration ${file} is not valid JSON/YAML`, `扫描配置 ${file} 不是有效的 JSON/YAML`), { cause });
  }
}

async function toolVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const scanCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    program
      .command('scan')
      .description(t(bi('scan a source tree for hard-coded secrets and risky leftovers (TODO, console.log, debug switches, local URLs)', '扫描源码中的硬编码密钥和上线遗留问题（TODO、console.log、调试开关、本地地址）')))
      .argument('[path]', t(bi('directory or file to scan', '要扫描的目录或文件')), '.')
      .addOption(new Option('--format <format>', t(bi('output format', '输出格式'))).choices(['text', 'json', 'sarif', 'markdown'] as const).default('text' as const))
      .addOption(new Option('--fail-on <severity>', t(bi('exit 1 when a finding is at or above this severity', '存在该级别及以上的发现时退出码为 1'))).choices(severityChoices).default('high' as const))
      .addOption(new Option('--rules <group>', t(bi('which rules run', '运行哪些规则'))).choices(['secrets', 'leftovers', 'all'] as const).default('all' as const))
      .option('--baseline <file>', t(bi('fail only on findings not in this baseline file', '只对基线文件中没有的发现判定失败')))
      .option('--write-baseline <file>', t(bi("write today's findings as a baseline: fingerprints keyed with GOLIVE_SCAN_KEY, never values", '把当前发现写成基线：用 GOLIVE_SCAN_KEY 加密钥的指纹，不含密钥值')))
      .option('--max-file-size <size>', t(bi('skip files larger than this (default 5MB)', '跳过超过该大小的文件（默认 5MB）')), byteSize)
      .option('--no-gitignore', t(bi('also scan what .gitignore lists outside a git work tree (an export or download of a repository); in a work tree, tracked files are always scanned', '同时扫描 .gitignore 列出的文件（仓库的导出或下载包）；在 git 工作区中，已跟踪的文件总会被扫描')))
      .option('--include-build-output', t(bi("also scan build output and third-party code: dist/, build/, target/ beside pom.xml (its packaged *.yml and *.properties are always read), unpackage/, miniprogram_dist/, miniprogram_npm/, vendor/, renamed node_modules, a committed Python venv/, vendored editors and pdf.js, Django apps copied in (extra_apps/, xadmin/, allauth/ …), *.min.js, chunk files, minified scripts, scripts opening with a library's licence banner, a browser's saved-page folder (x_files/ beside x.html), AI agents' Markdown (.claude/, .cursor/, .agents/ …)", '同时扫描构建产物和第三方代码：dist/、build/、pom.xml 旁的 target/（其中打包的 *.yml、*.properties 始终扫描）、unpackage/、miniprogram_dist/、miniprogram_npm/、vendor/、改名的 node_modules、提交进仓库的 Python venv/、内置的富文本编辑器和 pdf.js、拷入项目的 Django 应用（extra_apps/、xadmin/、allauth/ 等）、*.min.js、chunk 文件、压缩过的脚本、以开源许可证声明开头的库文件、浏览器“网页另存为”的资源目录（x.html 旁的 x_files/）、AI 助手的 Markdown 文档（.claude/、.cursor/、.agents/ 等）')))
      .option('--config <file>', t(bi("scan configuration (JSON or YAML; a plan's `scan:` block)", '扫描配置（JSON 或 YAML，即计划中的 scan: 部分）')))
      .option('--workers <n>', t(bi('worker threads (default: number of cores; 0 scans inline)', '工作线程数（默认等于 CPU 核数；0 表示不用线程）')), (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new GoliveError('cli.invalid-number', bi(`Not a worker count: ${v}`, `不是有效的线程数：${v}`));
        return n;
      })
      .addHelpText(
        'after',
        `\n${t(bi('Examples', '示例'))}:\n  golive scan\n  golive scan ./miniprogram --rules secrets --fail-on critical\n  golive scan . --format sarif > golive.sarif\n  GOLIVE_SCAN_KEY=… golive scan . --write-baseline golive-scan-baseline.json\n  GOLIVE_SCAN_KEY=… golive scan . --baseline golive-scan-baseline.json\n\n${t(bi('Put `golive:allow` in a comment on a line to accept its findings (`golive:allow=rule-id` for one rule).', '在某行注释中写 `golive:allow` 可接受该行的发现（`golive:allow=规则ID` 只接受某条规则）。'))}\n`,
      )
      .action(async (target, options) => {
        const ctx = context();
        const root = path.resolve(ctx.cwd, target);
        // The workers start first and load the engine while this thread loads it too (a tree of a few hundred files is
        // done before they are ready and leaves them unused).
        if (options.workers !== 0 && statSync(root, { throwIfNoEntry: false })?.isDirectory() === true) (await import('../../scan/pool.js')).prestartWorkers(options.workers);
        // Only what this scan needs: zod and the baseline code load when a configuration or a baseline is given.
        const [{ scanTree, stopIdleScanWorkers }, { builtinRules }, { severities }, { scanKeyFrom, requireScanKey }] = await Promise.all([
          import('../../scan/scan-tree.js'),
          import('../../scan/rules/index.js'),
          import('../../scan/types.js'),
          import('../../scan/scan-key.js'),
        ]);
        const { scanFormatters } = await import('../../scan/format/index.js');
        const { customRule } = await import('../../scan/ruleset.js');
        const loaded = options.config === undefined ? undefined : await loadConfig(options.config);
        const base = typeof loaded === 'object' && loaded !== null ? loaded : {};
        const flags = { ...(options.includeBuildOutput === true ? { includeBuildOutput: true } : {}), ...(options.gitignore === false ? { gitignore: false } : {}) };
        const config = Object.keys(flags).length > 0 ? { ...base, ...flags } : loaded;
        const fingerprintKey = scanKeyFrom(ctx.env);
        if (options.writeBaseline !== undefined) requireScanKey(fingerprintKey, options.writeBaseline);
        let lastProgress = 0;
        const report = await scanTree({
          root,
          ...(config === undefined ? {} : { config: config as never }),
          ...(fingerprintKey === undefined ? {} : { fingerprintKey }),
          rules: options.rules,
          ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
          ...(options.maxFileSize === undefined ? {} : { maxFileBytes: options.maxFileSize }),
          ...(options.workers === undefined ? {} : { workers: options.workers }),
          onProgress: (p: { files: number; bytes: number }) => {
            resumeOptimisingCompiler(p);
            const now = Date.now();
            if (!ctx.interactive || now - lastProgress < 500) return;
            lastProgress = now;
            ctx.err(ctx.t(bi(`scanning… ${p.files} files, ${(p.bytes / 1e6).toFixed(1)} MB`, `扫描中… ${p.files} 个文件，${(p.bytes / 1e6).toFixed(1)} MB`)));
          },
        });
        stopIdleScanWorkers();
        if (options.writeBaseline !== undefined) {
          const { writeBaseline } = await import('../../scan/baseline.js');
          await writeBaseline(options.writeBaseline, report.findings, fingerprintKey);
          ctx.err(ctx.t(bi(`baseline written: ${options.writeBaseline} (${report.findings.length} findings)`, `已写入基线：${options.writeBaseline}（${report.findings.length} 项）`)));
        }
        const forbidden = (config as { forbidden?: unknown[] } | undefined)?.forbidden ?? [];
        const rules = [...builtinRules, ...forbidden.flatMap((p) => (typeof p === 'object' && p !== null && 'id' in p ? [customRule(p as never)] : []))];
        ctx.out(scanFormatters[options.format]({ report, rules, locale: ctx.locale, color: ctx.color, version: await toolVersion() }));
        const threshold = severities.indexOf(options.failOn);
        const failing = options.writeBaseline === undefined && report.findings.some((f) => severities.indexOf(f.severity) <= threshold);
        ctx.exit(failing ? exitCodes.gateFailed : exitCodes.ok);
      });
  },
};
