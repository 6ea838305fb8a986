import { resolve } from 'node:path';
import type { Command, OptionValues } from '@commander-js/extra-typings';
import { exitCodes, GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import type { MiniprogramSource } from '../../service/miniprogram.js';
import type { CliCommand, CliContext } from '../context.js';
import { examplesHelp } from '../options.js';
import { openPlanStore, resolveRun, withStore } from '../plan-store.js';
import { whoAmI } from '../../service/actor.js';

/** `--robot`: WeChat's CI robots are numbered 1–30; uploads show up in the console under the robot. */
function robotNumber(value: string): number {
  const robot = Number(value);
  if (!Number.isInteger(robot) || robot < 1 || robot > 30) throw new GoliveError('usage.robot', bi(`--robot takes 1 to 30, got "${value}"`, `--robot 取值 1 到 30，收到 "${value}"`));
  return robot;
}

/** What the target flags name, for the service. */
function sourceOf(ctx: CliContext, options: { project: string; appid?: string | undefined; robot: number; keyEnv: string }): MiniprogramSource {
  return { cwd: ctx.cwd, env: ctx.env, project: options.project, appid: options.appid, robot: options.robot, keyEnv: options.keyEnv };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- commander's type for a command with no options yet
function targetOptions<Global extends OptionValues>(command: Command<[], {}, Global>, t: CliContext['t']) {
  return command
    .option('--project <dir>', t(bi('the mini-program project: the folder with project.config.json, or a Taro / uni-app project (its build output is sent)', '小程序项目：含 project.config.json 的目录，或 Taro / uni-app 项目（上传其构建产物）')), '.')
    .option('--appid <appid>', t(bi('fail unless the project has this AppID', '项目 AppID 不是该值时失败')))
    .option('--robot <n>', t(bi('CI robot number, 1-30', 'CI 机器人编号，1-30')), robotNumber, 1)
    .option('--key-env <name>', t(bi('environment variable holding the path of the code-upload key', '保存代码上传密钥路径的环境变量')), 'GOLIVE_MP_KEY_FILE');
}

function sizeText(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / 1024).toFixed(1)} KB`;
}

export const miniprogramCommand: CliCommand = {
  register(program, context) {
    const t = context().t;
    const miniprogram = program
      .command('miniprogram')
      .description(t(bi('upload or preview the WeChat mini-program build through miniprogram-ci', '通过 miniprogram-ci 上传或预览微信小程序构建')))
      .addHelpText('after', examplesHelp(t, ['GOLIVE_MP_KEY_FILE=~/keys/private.wx1234567890abcdef.key golive miniprogram upload --version 1.4.0 --desc "pay fix"', 'golive miniprogram preview --qrcode preview.png']));

    targetOptions(miniprogram.command('upload'), t)
      .description(t(bi("upload the build as the development version, recorded in the run; refused while the run's gate has not passed", '将构建上传为开发版并记录到本次运行；运行门禁未通过时拒绝上传')))
      .requiredOption('--version <version>', t(bi('version shown in the console, e.g. 1.4.0', '在后台显示的版本号，如 1.4.0')))
      .requiredOption('--desc <text>', t(bi('description of the version', '版本描述')))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest open run)", '运行 ID（默认：计划最近的进行中运行）')))
      .option('--force', t(bi('upload although the gate has not passed (needs --reason; audited)', '门禁未通过也上传（需要 --reason；记入审计）')))
      .option('--reason <text>', t(bi('why the upload is forced', '强制上传的原因')))
      .option('--by <name>', t(bi('who uploads (default: git user.name, then the OS user)', '上传人（默认：git user.name，其次系统用户）')))
      .addHelpText('after', examplesHelp(t, ['golive miniprogram upload --version 1.4.0 --desc "支付回调修复"', 'golive miniprogram upload --version 1.4.1 --desc hotfix --force --reason "P0 fix, approved by 王总"'], bi('The key file path comes from GOLIVE_MP_KEY_FILE (or --key-env); the key never goes into the plan. Exit codes: 0 uploaded, 1 refused by the gate, 2 usage, key, network or WeChat error.', '密钥文件路径来自 GOLIVE_MP_KEY_FILE（或 --key-env），密钥不写入计划。退出码：0 已上传，1 门禁拒绝，2 用法、密钥、网络或微信错误。')))
      .action(async (options) => {
        const ctx = context();
        if (options.force === true && !options.reason?.trim()) throw new GoliveError('usage.force', bi('--force needs --reason: say why the gate is overridden', '--force 需要 --reason：说明为何越过门禁'));
        if (options.reason !== undefined && options.force !== true) throw new GoliveError('usage.force', bi('--reason is only for --force', '--reason 仅与 --force 一起使用'));
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run);
          const { uploadToRun } = await import('../../service/miniprogram.js');
          const outcome = await uploadToRun({
            store: sc.store,
            run,
            planPath: sc.planPath,
            source: sourceOf(ctx, options),
            version: options.version,
            description: options.desc,
            ...(options.force === true ? { force: { reason: options.reason ?? '' } } : {}),
            actor: whoAmI(options.by, sc.planDir),
            onNotice: (notice) => ctx.err(ctx.t(notice)),
          });
          if (!outcome.uploaded) {
            ctx.err(ctx.t(bi(`✖ upload refused: the gate of run ${run.id} has not passed (${outcome.gateReasons.length} reason(s)):`, `✖ 拒绝上传：运行 ${run.id} 的门禁未通过（${outcome.gateReasons.length} 条原因）：`)));
            for (const reason of outcome.gateReasons) ctx.err(`  - ${ctx.t(reason)}`);
            ctx.err(ctx.t(bi('Fix them, or override with --force --reason "…" (audited).', '请先解决，或使用 --force --reason "…" 强制上传（记入审计）。')));
            ctx.exit(exitCodes.gateFailed);
            return;
          }
          const { appid, record, forcedReason } = outcome;
          if (ctx.debug) for (const line of outcome.log) ctx.err(line);
          ctx.out(`${ctx.t(bi(`✔ uploaded ${appid} ${record.version} (robot ${record.robot}, ${sizeText(record.sizeBytes)}) by ${record.by}, recorded in run ${run.id}`, `✔ 已上传 ${appid} ${record.version}（机器人 ${record.robot}，${sizeText(record.sizeBytes)}），上传人 ${record.by}，已记录到运行 ${run.id}`))}\n`);
          if (forcedReason !== null) ctx.out(`${ctx.t(bi(`⚑ forced past the gate: ${forcedReason}`, `⚑ 越过门禁强制上传：${forcedReason}`))}\n`);
        });
      });

    miniprogram
      .command('uploads')
      .description(t(bi('list the uploads recorded in a run: version, robot, size, who, description, forced', '列出运行中记录的上传：版本、机器人、大小、上传人、描述、是否强制')))
      .addHelpText('after', examplesHelp(t, ['golive miniprogram uploads', 'golive miniprogram uploads --run r-20261122-0001']))
      .option('-p, --plan <file>', t(bi('the plan', '计划文件')), 'golive.yaml')
      .option('--run <id>', t(bi("run id (default: the plan's latest open run)", '运行 ID（默认：计划最近的进行中运行）')))
      .action(async (options) => {
        const ctx = context();
        await withStore(openPlanStore(ctx, options.plan, { mustExist: true }), async (sc) => {
          const run = await resolveRun(sc, options.run, { anyStatus: true });
          const { runUploads } = await import('../../service/miniprogram.js');
          const uploads = await runUploads(sc.store, run);
          if (uploads.length === 0) {
            ctx.out(`${ctx.t(bi(`run ${run.id}: no uploads yet`, `运行 ${run.id}：尚无上传`))}\n`);
            return;
          }
          const lines = uploads.map((upload) => {
            const forced = upload.forcedReason === null ? '' : `  ⚑ ${ctx.t(bi('forced', '强制'))}: ${upload.forcedReason}`;
            return `${upload.at}  ${upload.appid}  ${upload.version}  robot ${upload.robot}  ${sizeText(upload.sizeBytes)}  ${upload.by}  ${upload.description}${forced}`;
          });
          ctx.out(`${lines.join('\n')}\n`);
        });
      });

    targetOptions(miniprogram.command('preview'), t)
      .description(t(bi('send a preview build and show its QR code in the terminal and as a picture file', '发送预览构建，二维码显示在终端并保存为图片')))
      .option('--desc <text>', t(bi('description of the preview', '预览描述')), 'golive preview')
      .option('--qrcode <file>', t(bi('where the QR code picture is written', '二维码图片的保存位置')), 'preview-qrcode.png')
      .option('--page <path>', t(bi('page to open, e.g. pages/index/index', '打开的页面，如 pages/index/index')))
      .option('--query <query>', t(bi('query for the page, e.g. id=1', '页面参数，如 id=1')))
      .addHelpText('after', examplesHelp(t, ['golive miniprogram preview', 'golive miniprogram preview --project dist --page pages/order/detail --query id=42 --qrcode qr.png']))
      .action(async (options) => {
        const ctx = context();
        const { previewMiniprogram } = await import('../../service/miniprogram.js');
        const qrcodeFile = resolve(ctx.cwd, options.qrcode);
        const sent = await previewMiniprogram(sourceOf(ctx, options), { description: options.desc, qrcodeFile, ...(options.page ? { page: options.page } : {}), ...(options.query ? { query: options.query } : {}) });
        if (ctx.debug) for (const line of sent.log) ctx.err(line);
        if (sent.terminalQr) ctx.out(`${sent.terminalQr}\n`);
        ctx.out(`${ctx.t(bi(`✔ preview of ${sent.appid} (${sizeText(sent.sizeBytes)}): scan the QR code${sent.terminalQr ? ' above' : ''}, also saved to ${qrcodeFile}`, `✔ ${sent.appid} 预览（${sizeText(sent.sizeBytes)}）：扫描${sent.terminalQr ? '上方' : ''}二维码，图片已保存到 ${qrcodeFile}`))}\n`);
      });
  },
};
