import { resolve } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi, type Bilingual } from '../core/text.js';
import type { BuildTarget, SentBuild } from '../miniprogram-ci/client.js';
import type { RunRecord, Store, UploadRecord } from '../store/store.js';
import { gateRun } from './gate.js';
import { runTextRedactor } from './run-secrets.js';

/** Where a build comes from: the project folder, the AppID it must have, the CI robot, and the variable naming the key file. */
export interface MiniprogramSource {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly project: string;
  readonly appid?: string | undefined;
  readonly robot: number;
  readonly keyEnv: string;
}

/** The folder miniprogram-ci sends (for Taro and uni-app the build output), its appid, and the key from the environment. */
async function buildTarget(source: MiniprogramSource, description: string): Promise<BuildTarget> {
  const { uploadFolder } = await import('../checks/miniprogram/index.js');
  const { readUploadKey } = await import('../miniprogram-ci/key.js');
  const folder = await uploadFolder(resolve(source.cwd, source.project));
  if (source.appid !== undefined && source.appid !== folder.appid) {
    throw new GoliveError('miniprogram.appid', bi(`wrong AppID: ${folder.configFile} says ${folder.appid}, --appid says ${source.appid}`, `AppID 不一致：${folder.configFile} 中为 ${folder.appid}，--appid 为 ${source.appid}`));
  }
  const key = await readUploadKey(source.env, source.keyEnv, source.cwd);
  if (key.appidInName !== undefined && key.appidInName !== folder.appid) {
    throw new GoliveError(
      'miniprogram.appid',
      bi(`wrong AppID: the key ${key.path} is for ${key.appidInName}, the build in ${folder.dir} is for ${folder.appid}`, `AppID 不一致：密钥 ${key.path} 属于 ${key.appidInName}，${folder.dir} 中的构建属于 ${folder.appid}`),
    );
  }
  return { projectPath: folder.dir, appid: folder.appid, key, robot: source.robot, description };
}

/** A refused upload (the gate's reasons), or the upload as recorded in the run with what miniprogram-ci printed. */
export type UploadOutcome =
  | { readonly uploaded: false; readonly gateReasons: readonly Bilingual[] }
  | { readonly uploaded: true; readonly appid: string; readonly record: UploadRecord; readonly forcedReason: string | null; readonly log: readonly string[] };

/**
 * Uploads the build as the development version of an open run whose gate passed (recomputed now), or past the gate
 * with a reason (`force`, audited); the description and the reason are redacted before they are sent or stored.
 */
export async function uploadToRun(input: {
  readonly store: Store;
  readonly run: RunRecord;
  readonly planPath: string;
  readonly source: MiniprogramSource;
  readonly version: string;
  readonly description: string;
  readonly force?: { readonly reason: string };
  readonly actor: string;
  onNotice?(text: Bilingual): void;
}): Promise<UploadOutcome> {
  const { store, run } = input;
  if (run.status !== 'open') throw new GoliveError('run.closed', bi(`run ${run.id} is closed; start a new run`, `运行 ${run.id} 已关闭；请开始新的运行`));
  const { gate } = await gateRun(store, run);
  if (!gate.passed && !input.force) return { uploaded: false, gateReasons: gate.reasons };
  const typed = await runTextRedactor(store, run, input.planPath, input.source.env);
  if (typed.notice) input.onNotice?.(typed.notice);
  const target = await buildTarget(input.source, typed.redact(input.description));
  const { uploadBuild } = await import('../miniprogram-ci/client.js');
  const sent = await uploadBuild(target, input.version);
  const forced = gate.passed ? null : { reason: typed.redact(input.force?.reason ?? ''), gateReasons: gate.reasons.map((reason) => reason.en) };
  await typed.keep();
  const record = await store
    .recordUpload(run.id, { appid: target.appid, version: input.version, description: target.description, robot: target.robot, sizeBytes: sent.sizeBytes, packages: sent.packages, by: input.actor, forced })
    .catch((error: unknown) => {
      // WeChat has the build already: say so, so nobody uploads the same version twice.
      const why = error instanceof GoliveError ? error.text : bi(String(error), String(error));
      throw new GoliveError(
        'miniprogram.unrecorded',
        bi(`${target.appid} ${input.version} WAS uploaded to WeChat, but recording it in run ${run.id} failed: ${why.en}`, `${target.appid} ${input.version} 已上传到微信，但记录到运行 ${run.id} 失败：${why.zh}`),
        { cause: error },
      );
    });
  return { uploaded: true, appid: target.appid, record, forcedReason: forced?.reason ?? null, log: sent.log };
}

/** Sends a preview build; WeChat's QR code is written to `qrcodeFile` and returned for a terminal. */
export async function previewMiniprogram(
  source: MiniprogramSource,
  preview: { readonly description: string; readonly qrcodeFile: string; readonly page?: string; readonly query?: string },
): Promise<SentBuild & { readonly appid: string; readonly terminalQr: string | undefined }> {
  const target = await buildTarget(source, preview.description);
  const { previewBuild } = await import('../miniprogram-ci/client.js');
  const sent = await previewBuild(target, { qrcodeFile: preview.qrcodeFile, ...(preview.page ? { pagePath: preview.page } : {}), ...(preview.query ? { query: preview.query } : {}) });
  return { ...sent, appid: target.appid };
}

/** The uploads recorded in a run, oldest first. */
export function runUploads(store: Store, run: RunRecord): Promise<UploadRecord[]> {
  return store.uploads(run.id);
}
