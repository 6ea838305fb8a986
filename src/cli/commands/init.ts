import { basename } from 'node:path';
import { GoliveError, exitCodes } from '../../core/errors.js';
import { bi, pick, type Bilingual, type Locale } from '../../core/text.js';
import {
  domainProblem,
  folderProblem,
  nameProblem,
  normalizeDomain,
  proxyNames,
  templateNames,
  templateSummaries,
  type InitAnswers,
  type ProxyName,
  type TemplateName,
} from '../../init/answers.js';
import type { CliCommand, CliContext } from '../context.js';

/** The questions `golive init` asks at a terminal; replaced by a script in tests. */
export interface InitPrompter {
  select<T extends string>(message: string, choices: readonly { value: T; name: string; description?: string }[], defaultValue?: T): Promise<T>;
  input(message: string, defaultValue: string, validate: (value: string) => string | true): Promise<string>;
}

/** Terminal prompts through @inquirer/prompts, loaded only when someone is asked. */
export const inquirerPrompter: InitPrompter = {
  async select(message, choices, defaultValue) {
    const { select } = await import('@inquirer/prompts');
    return select({ message, choices: [...choices], ...(defaultValue ? { default: defaultValue } : {}) });
  },
  async input(message, defaultValue, validate) {
    const { input } = await import('@inquirer/prompts');
    return input({ message, default: defaultValue, validate });
  },
};

interface InitOptions {
  template?: string;
  name?: string;
  apiDomain?: string;
  miniprogramDir?: string;
  proxy?: string;
  output: string;
  force?: boolean;
}

function usage(text: Bilingual): GoliveError {
  return new GoliveError('init.usage', text, { exitCode: exitCodes.usage });
}

function templateList(locale: Locale): string {
  return templateNames.map((name) => `  ${name.padEnd(11)} ${pick(templateSummaries[name], locale)}`).join('\n');
}

function checked(problem: Bilingual | undefined): void {
  if (problem) throw usage(problem);
}

/** Flags first; at a terminal, asks for whatever the flags left out; otherwise defaults (except the template). */
/** What the project itself says, used as defaults (see src/init/from-project.ts). */
interface ProjectDefaults {
  readonly template: TemplateName | undefined;
  readonly apiDomain: string | undefined;
  readonly miniprogramDir: string | undefined;
  readonly proxy: ProxyName | undefined;
}

async function collectAnswers(options: InitOptions, ctx: CliContext, prompter: InitPrompter, detectedDir: string | undefined, project: ProjectDefaults): Promise<InitAnswers> {
  const asks = ctx.interactive;
  const validator = (problem: (value: string) => Bilingual | undefined) => (value: string) => {
    const found = problem(value);
    return found ? ctx.t(found) : true;
  };

  let template: TemplateName;
  if (options.template !== undefined) {
    if (!(templateNames as readonly string[]).includes(options.template)) {
      throw usage(bi(`unknown template "${options.template}"; choose one of:\n${templateList('en')}`, `未知模板 "${options.template}"；可选：\n${templateList('zh-CN')}`));
    }
    template = options.template as TemplateName;
  } else if (asks) {
    template = await prompter.select(
      ctx.t(bi('Which backend does the mini-program use?', '小程序使用哪种后端？')),
      templateNames.map((name) => ({ value: name, name, description: ctx.t(templateSummaries[name]) })),
      project.template,
    );
  } else if (project.template) {
    template = project.template;
  } else {
    throw usage(bi(`choose a template with --template (no terminal to ask in):\n${templateList('en')}\nExample: golive init --template compose --api-domain api.example.com`, `请用 --template 指定模板（当前无法在终端中提问）：\n${templateList('zh-CN')}\n示例：golive init --template compose --api-domain api.example.com`));
  }

  if (options.proxy !== undefined && !(proxyNames as readonly string[]).includes(options.proxy)) {
    throw usage(bi(`unknown proxy "${options.proxy}"; choose caddy or nginx`, `未知代理 "${options.proxy}"；可选 caddy 或 nginx`));
  }

  const defaultName = basename(ctx.cwd) || 'my-app';
  const name = options.name ?? (asks ? await prompter.input(ctx.t(bi('Plan name', '计划名称')), defaultName, validator(nameProblem)) : defaultName);
  checked(nameProblem(name));

  const domainDefault = project.apiDomain ?? 'api.example.com';
  const apiDomain =
    options.apiDomain ?? (asks ? await prompter.input(ctx.t(bi('Production API domain', '生产环境 API 域名')), domainDefault, validator(domainProblem)) : domainDefault);
  checked(domainProblem(apiDomain));

  const defaultDir = detectedDir ?? project.miniprogramDir ?? 'miniprogram';
  const miniprogramDir =
    options.miniprogramDir ??
    (asks ? await prompter.input(ctx.t(bi('Mini-program folder (holding project.config.json)', '小程序目录（包含 project.config.json）')), defaultDir, validator(folderProblem)) : defaultDir);
  checked(folderProblem(miniprogramDir));

  let proxy: ProxyName = (options.proxy as ProxyName | undefined) ?? project.proxy ?? 'caddy';
  if (options.proxy === undefined && project.proxy === undefined && template === 'compose' && asks) {
    proxy = await prompter.select(ctx.t(bi('Reverse proxy in front of the backend', '后端前面的反向代理')), proxyNames.map((value) => ({ value, name: value === 'caddy' ? 'Caddy' : 'Nginx' })), 'caddy');
  }

  return { template, name: name.trim(), apiDomain: normalizeDomain(apiDomain), miniprogramDir: miniprogramDir.trim().replace(/\/+$/, '') || '.', proxy };
}

function nextSteps(output: string, answers: InitAnswers): Bilingual {
  const plan = output === 'golive.yaml' ? '' : ` -p ${output}`;
  const envFiles = answers.template === 'serverless' ? '.env.*.local (vercel env pull)' : '.env.staging / .env.preprod / .env.production';
  const rows: readonly (readonly [string, Bilingual])[] = [
    ['golive schema > golive.schema.json', bi('editor completion for the file', '为编辑器提供自动补全')],
    [`golive lint${plan ? ` ${output}` : ''}`, bi('check the plan', '检查计划')],
    [envFiles, bi('create them, keep them out of git', '创建这些文件，不要提交到 git')],
    [`golive check${plan} -e staging`, bi('run the checks', '运行检查')],
  ];
  const width = Math.max(...rows.map(([command]) => command.length));
  const lines = (locale: Locale) => rows.map(([command, note]) => `  ${command.padEnd(width)}   # ${pick(note, locale)}`).join('\n');
  return bi(`Wrote ${output} (template ${answers.template}). Next:\n${lines('en')}`, `已写入 ${output}（模板 ${answers.template}）。接下来：\n${lines('zh-CN')}`);
}

/** `golive init` with an injectable prompter (tests script the questions). */
export function createInitCommand(prompter: InitPrompter): CliCommand {
  return {
    register(program, context) {
      const t = context().t;
      program
        .command('init')
        .description(t(bi('write a commented starter golive.yaml for your kind of backend', '为你的后端类型生成带注释的 golive.yaml 初始计划')))
        .option('-t, --template <name>', t(bi(`template: ${templateNames.join(' | ')}`, `模板：${templateNames.join(' | ')}`)))
        .option('--name <name>', t(bi('plan name (default: the folder name)', '计划名称（默认：当前目录名）')))
        .option('--api-domain <domain>', t(bi('production API domain, e.g. api.example.com', '生产环境 API 域名，如 api.example.com')))
        .option('--miniprogram-dir <dir>', t(bi('mini-program folder (default: found by project.config.json, else miniprogram)', '小程序目录（默认：按 project.config.json 查找，否则为 miniprogram）')))
        .option('--proxy <proxy>', t(bi('reverse proxy of the compose template: caddy | nginx (default caddy)', 'compose 模板的反向代理：caddy | nginx（默认 caddy）')))
        .option('-o, --output <file>', t(bi('file to write; "-" prints to stdout', '写入的文件；"-" 表示输出到标准输出')), 'golive.yaml')
        .option('-f, --force', t(bi('overwrite an existing file', '覆盖已存在的文件')))
        .addHelpText(
          'after',
          t(
            bi(
              `\nTemplates:\n${templateList('en')}\n\nExamples:\n  golive init                                   # reads the project, asks for the rest\n  golive init --template compose --proxy nginx --api-domain api.example.com\n  golive init -t cloudbase --name 训练助手 -o plans/golive.yaml\n  golive init -t serverless -o - > golive.yaml\n\nThe project is read first (as golive suggest does): its stack picks the template and the plan gets the checks its\ncompose file, env files, proxy and mini-program need. At a terminal, golive asks for anything still missing;\nelsewhere --template is required when the stack is not recognised.\nExit codes: 0 written, 2 usage error or the file exists (use --force).\n`,
              `\n模板：\n${templateList('zh-CN')}\n\n示例：\n  golive init                                   # 在终端中逐项提问\n  golive init --template compose --proxy nginx --api-domain api.example.com\n  golive init -t cloudbase --name 训练助手 -o plans/golive.yaml\n  golive init -t serverless -o - > golive.yaml\n\n先读取项目（与 golive suggest 相同）：按技术栈选择模板，并加入 compose、env 文件、代理和小程序所需的检查。\n在终端中运行时，仍缺少的内容会逐项询问；否则在无法识别技术栈时必须指定 --template。\n退出码：0 已写入，2 用法错误或文件已存在（可用 --force）。\n`,
            ),
          ),
        )
        .action(async (options: InitOptions) => {
          const ctx = context();
          const { detectMiniprogramDir } = await import('../../init/detect.js');
          const { readProjectStart, fitToProject } = await import('../../init/from-project.js');
          const start = await readProjectStart(ctx.cwd);
          const answers = await collectAnswers(options, ctx, prompter, options.miniprogramDir === undefined ? await detectMiniprogramDir(ctx.cwd) : undefined, start);
          const { renderTemplate } = await import('../../init/templates/index.js');
          // The same engine as golive suggest: the starter plan is fitted to what the project holds.
          const text = fitToProject(renderTemplate(answers), answers.template, start);
          if (options.output === '-') {
            ctx.out(text);
            return;
          }
          const { writeStarterPlan } = await import('../../init/write.js');
          await writeStarterPlan(ctx.cwd, options.output, text, options.force === true);
          ctx.err(ctx.t(nextSteps(options.output, answers)));
        });
    },
  };
}

export const initCommand: CliCommand = createInitCommand(inquirerPrompter);
