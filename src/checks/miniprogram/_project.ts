import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';

/** The fields of project.config.json golive reads; everything else is passed over (the schema is the type). */
const projectConfigSchema = z.looseObject({
  appid: z.string().optional(),
  miniprogramRoot: z.string().optional(),
  compileType: z.string().optional(),
  cloudfunctionRoot: z.string().optional(),
  cloudbaseRoot: z.string().optional(),
  qcloudRoot: z.string().optional(),
  cloudcontainerRoot: z.string().optional(),
  setting: z.looseObject({ urlCheck: z.boolean().optional() }).optional(),
  packOptions: z.looseObject({ ignore: z.array(z.looseObject({ type: z.string(), value: z.string() })).optional() }).optional(),
});

const subpackageSchema = z.looseObject({ root: z.string(), pages: z.array(z.string()).optional() });

const appJsonSchema = z.looseObject({
  pages: z.array(z.string()).optional(),
  subPackages: z.array(subpackageSchema).optional(),
  subpackages: z.array(subpackageSchema).optional(),
  sitemapLocation: z.string().optional(),
  debug: z.boolean().optional(),
  requiredPrivateInfos: z.array(z.string()).optional(),
  __usePrivacyCheck__: z.boolean().optional(),
});

export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export type AppJson = z.infer<typeof appJsonSchema>;
export { appJsonSchema };

/** What the project files say, public and private config merged the way the devtools merge them. */
export interface MiniProgramProject {
  /** Absolute project folder (holds project.config.json). */
  readonly dir: string;
  /** Absolute source root (`miniprogramRoot`, default the project folder). */
  readonly root: string;
  /** project.config.json with project.private.config.json laid over it (private wins, `setting` merged key by key). */
  readonly config: ProjectConfig;
  /** `setting.urlCheck` as committed in project.config.json alone. */
  readonly committedUrlCheck: boolean | undefined;
  readonly hasPrivateConfig: boolean;
  /** app.json under the source root, or undefined when there is none (uni-app / Taro sources before a build). */
  readonly app: AppJson | undefined;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Reads a JSON-with-comments file; undefined when it does not exist, a ProbeError naming the line when it is broken. */
export async function readJsonc<T>(path: string, schema: z.ZodType<T>, signal: AbortSignal): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ProbeError(bi(`cannot read ${path} (${code})`, `无法读取 ${path}（${code}）`), { cause: error });
  }
  const errors: ParseError[] = [];
  const data: unknown = parse(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const where = `${path}:${lineOf(text, first.offset)}`;
    const what = printParseErrorCode(first.error);
    throw new ProbeError(bi(`invalid JSON in ${where} (${what})`, `${where} 不是合法的 JSON（${what}）`));
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new ProbeError(bi(`unexpected content in ${path}: ${field}: ${issue?.message ?? ''}`, `${path} 内容不符合预期：${field}：${issue?.message ?? ''}`));
  }
  return parsed.data;
}

/** Folders of server-side code (cloud functions, containers) inside the project: they may call api.weixin.qq.com. */
export function serverFolders(project: MiniProgramProject): string[] {
  const { cloudfunctionRoot, cloudbaseRoot, qcloudRoot, cloudcontainerRoot } = project.config;
  return [cloudfunctionRoot, cloudbaseRoot, qcloudRoot, cloudcontainerRoot]
    .filter((folder): folder is string => typeof folder === 'string' && folder !== '')
    .map((folder) => resolve(project.dir, folder));
}

/** Loads project.config.json (required), project.private.config.json and app.json of a mini-program project. */
export async function loadProject(dir: string, signal: AbortSignal): Promise<MiniProgramProject> {
  const publicConfig = await readJsonc(join(dir, 'project.config.json'), projectConfigSchema, signal);
  if (!publicConfig) {
    throw new ProbeError(
      bi(`not a mini-program project: no project.config.json in ${dir}`, `不是小程序项目：${dir} 中没有 project.config.json`),
    );
  }
  const privateConfig = await readJsonc(join(dir, 'project.private.config.json'), projectConfigSchema, signal);
  const config: ProjectConfig = {
    ...publicConfig,
    ...privateConfig,
    setting: { ...publicConfig.setting, ...privateConfig?.setting },
  };
  // miniprogramRoot shapes the build output, which the devtools never take from the private file.
  const root = resolve(dir, publicConfig.miniprogramRoot ?? '.');
  const app = await readJsonc(join(root, 'app.json'), appJsonSchema, signal);
  return {
    dir,
    root,
    config,
    committedUrlCheck: publicConfig.setting?.urlCheck,
    hasPrivateConfig: privateConfig !== undefined,
    app,
  };
}
