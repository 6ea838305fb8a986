import { createRequire } from 'node:module';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import type { UploadedPackage } from '../store/store.js';
import { ciFailure } from './failures.js';
import type { UploadKey } from './key.js';

/** The part of miniprogram-ci 2.1.x golive calls (see its dist/@types/ci); the library's own typings pull in its whole compiler. */
interface CiModule {
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKey: string; ignores: string[] }) => unknown;
  upload(options: CiSendOptions & { version: string }): Promise<CiResult>;
  preview(options: CiSendOptions & { qrcodeFormat: 'image'; qrcodeOutputDest: string; pagePath?: string; searchQuery?: string }): Promise<CiResult>;
}

interface CiSendOptions {
  project: unknown;
  desc: string;
  robot: number;
  setting: { useProjectConfig: boolean };
  onProgressUpdate: (task: unknown) => void;
}

interface CiResult {
  subPackageInfo?: { name: string; size: number }[];
}

/** What every send needs: the folder holding project.config.json (a framework's build output), its appid and the key. */
export interface BuildTarget {
  readonly projectPath: string;
  readonly appid: string;
  readonly key: UploadKey;
  readonly robot: number;
  readonly description: string;
}

/** What WeChat reported back about the package. */
export interface SentBuild {
  /** `__FULL__` in bytes, null when WeChat reported no sizes. */
  readonly sizeBytes: number | null;
  readonly packages: readonly UploadedPackage[];
  /** What miniprogram-ci printed, kept for `--debug` instead of going to the terminal. */
  readonly log: readonly string[];
}

const packageName = 'miniprogram-ci';

/** Loads miniprogram-ci only here: it is an optional dependency with a heavy compiler behind it. */
async function loadCi(): Promise<CiModule> {
  try {
    // A variable specifier: the compiler must not resolve (or require) the optional package.
    const specifier: string = packageName;
    const loaded = (await import(specifier)) as { default?: CiModule } & CiModule;
    return loaded.default ?? loaded;
  } catch (error) {
    throw new GoliveError(
      'miniprogram.ci-missing',
      bi(
        'miniprogram-ci is not installed (it is an optional dependency): run `npm install miniprogram-ci@2.1.42` next to golive',
        '未安装 miniprogram-ci（可选依赖）：请在 golive 所在目录运行 `npm install miniprogram-ci@2.1.42`',
      ),
      { cause: error },
    );
  }
}

/** miniprogram-ci writes its progress with console.*; golive keeps it for --debug instead of mixing it into its output. */
/* eslint-disable no-console -- the library's console output is captured here, not printed */
async function quietly<T>(log: string[], fn: () => Promise<T>): Promise<T> {
  const methods = ['log', 'info', 'debug', 'warn', 'error'] as const;
  const saved = methods.map((method) => [method, console[method]] as const);
  for (const method of methods) console[method] = (...args: unknown[]) => void log.push(args.map(String).join(' '));
  try {
    return await fn();
  } finally {
    for (const [method, original] of saved) console[method] = original;
  }
}
/* eslint-enable no-console */

function packagesOf(result: CiResult): Pick<SentBuild, 'sizeBytes' | 'packages'> {
  const packages = (result.subPackageInfo ?? []).map((entry) => ({ name: String(entry.name), size: Number(entry.size) }));
  return { sizeBytes: packages.find((entry) => entry.name === '__FULL__')?.size ?? null, packages };
}

/**
 * When WeChat refuses a request, miniprogram-ci's compiler leaves the same rejection unhandled a
 * moment later (its project attr() promise); golive has already reported it, so it only goes to the log.
 */
function keepLateRejections(log: string[]): void {
  process.on('unhandledRejection', (reason) => void log.push(`late rejection in miniprogram-ci: ${String(reason)}`));
}

async function send(target: BuildTarget, call: (ci: CiModule, options: CiSendOptions) => Promise<CiResult>): Promise<SentBuild> {
  const log: string[] = [];
  keepLateRejections(log);
  try {
    // Loaded inside `quietly`: miniprogram-ci prints as soon as it is imported.
    const result = await quietly(log, async () => {
      const ci = await loadCi();
      const project = new ci.Project({ appid: target.appid, type: 'miniProgram', projectPath: target.projectPath, privateKey: target.key.pem, ignores: ['node_modules/**/*'] });
      return call(ci, { project, desc: target.description, robot: target.robot, setting: { useProjectConfig: true }, onProgressUpdate: () => undefined });
    });
    return { ...packagesOf(result), log };
  } catch (error) {
    throw error instanceof GoliveError ? error : ciFailure(error, target, log);
  }
}

/** Uploads the build as a development version (开发版) under the robot; WeChat then lists it for 提交审核. */
export function uploadBuild(target: BuildTarget, version: string): Promise<SentBuild> {
  return send(target, (ci, options) => ci.upload({ ...options, version }));
}

/** Sends a preview build and writes WeChat's QR code picture to `qrcodeFile`; also returns it drawn for the terminal. */
export async function previewBuild(target: BuildTarget, preview: { qrcodeFile: string; pagePath?: string; query?: string }): Promise<SentBuild & { terminalQr: string | undefined }> {
  const sent = await send(target, (ci, options) =>
    ci.preview({ ...options, qrcodeFormat: 'image', qrcodeOutputDest: preview.qrcodeFile, ...(preview.pagePath ? { pagePath: preview.pagePath } : {}), ...(preview.query ? { searchQuery: preview.query } : {}) }),
  );
  return { ...sent, terminalQr: await terminalQr(preview.qrcodeFile) };
}

/** Draws the QR picture for the terminal with miniprogram-ci's own decoder (2.1.x path); undefined when it cannot. */
async function terminalQr(file: string): Promise<string | undefined> {
  try {
    const { readFile } = await import('node:fs/promises');
    const require = createRequire(createRequire(import.meta.url).resolve(packageName));
    const { generateTerminalQrcode } = require('./ci/utils/terminalQrcode.js') as { generateTerminalQrcode(base64: string): Promise<string> };
    return await generateTerminalQrcode((await readFile(file)).toString('base64'));
  } catch {
    return undefined;
  }
}
