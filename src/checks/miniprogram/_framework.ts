import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { parse as parseEnv } from 'dotenv';
import { parse as parseJsonc } from 'jsonc-parser';
import { z } from 'zod';
import { GoliveError } from '../../core/errors.js';
import { bi } from '../../core/text.js';
import { codeLines, type CodeLine } from './_code.js';
import { appJsonSchema, loadProject, readJsonc, type AppJson, type MiniProgramProject } from './_project.js';
import { findUrls, isBaseUrlKey, type FoundUrl } from './_urls.js';

/** How the team builds its mini-program; each keeps the AppID and the production API base URL somewhere else. */
export const frameworkNames = ['native', 'taro', 'uni-app'] as const;
export type FrameworkName = (typeof frameworkNames)[number];

/** Where a framework's project keeps its sources, its WeChat settings and its build output. */
export interface FrameworkLayout {
  readonly framework: FrameworkName;
  /** The project folder (package.json, project.config.json or manifest.json). */
  readonly dir: string;
  /** Sources scanned for base URLs and API calls (native: `miniprogramRoot`; Taro: `sourceRoot`; uni-app: `src/` or the project). */
  readonly sourceDir: string;
  /** The build output WeChat receives (app.json, pages, project.config.json); for native projects the source root itself. */
  readonly outputDir: string;
  /** Files that told golive the framework and the folders, relative to the project folder. */
  readonly markers: readonly string[];
  /** uni-app: `manifest.json` → `mp-weixin` (appid, setting, requiredPrivateInfos, __usePrivacyCheck__). */
  readonly uniWeixin?: Readonly<Record<string, unknown>>;
  /** The file `uniWeixin` came from, relative to the project folder. */
  readonly manifestFile?: string;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

async function firstExisting(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) if (await exists(join(dir, name))) return name;
  return undefined;
}

function rel(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/') || '.';
}

const taroConfigs = ['config/index.ts', 'config/index.js', 'config/index.mjs', 'config/index.cjs'];
const taroProdConfigs = ['config/prod.ts', 'config/prod.js', 'config/prod.mjs', 'config/prod.cjs'];
/** HBuilderX projects keep manifest.json at the root and build into unpackage/; Vite CLI projects keep it in src/ and build into dist/. */
const uniManifests = [
  { manifest: 'src/manifest.json', source: 'src', outputs: ['dist/build/mp-weixin', 'unpackage/dist/build/mp-weixin'] },
  { manifest: 'manifest.json', source: '.', outputs: ['unpackage/dist/build/mp-weixin', 'dist/build/mp-weixin'] },
];

/** A string option of Taro's config/index (`outputRoot: 'dist'`), read from the text: the file is code, not data. */
function taroOption(text: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*:\\s*['"\`]([^'"\`]+)['"\`]`).exec(text)?.[1];
}

/** Tells native, Taro and uni-app projects apart by the files each framework keeps, and finds their folders. */
export async function detectFramework(dir: string, nativeRoot: () => Promise<string>): Promise<FrameworkLayout> {
  for (const candidate of uniManifests) {
    const path = join(dir, candidate.manifest);
    if (!(await exists(path))) continue;
    const manifest = parseJsonc(await readFile(path, 'utf8'), [], { allowTrailingComma: true }) as Record<string, unknown> | undefined;
    const weixin = manifest?.['mp-weixin'];
    if (typeof weixin !== 'object' || weixin === null) continue;
    const output = (await firstExisting(dir, candidate.outputs)) ?? candidate.outputs[0] ?? 'dist/build/mp-weixin';
    return {
      framework: 'uni-app',
      dir,
      sourceDir: resolve(dir, candidate.source),
      outputDir: resolve(dir, output),
      markers: [candidate.manifest],
      uniWeixin: weixin as Record<string, unknown>,
      manifestFile: candidate.manifest,
    };
  }
  const taroConfig = await firstExisting(dir, taroConfigs);
  if (taroConfig) {
    const text = await readFile(join(dir, taroConfig), 'utf8');
    if (/@tarojs|outputRoot|defineConfig|designWidth/.test(text)) {
      return {
        framework: 'taro',
        dir,
        sourceDir: resolve(dir, taroOption(text, 'sourceRoot') ?? 'src'),
        outputDir: resolve(dir, taroOption(text, 'outputRoot') ?? 'dist'),
        markers: [taroConfig],
      };
    }
  }
  const root = await nativeRoot();
  return { framework: 'native', dir, sourceDir: root, outputDir: root, markers: ['project.config.json'] };
}

/**
 * Production base URLs a framework defines at build time: Taro's `config/prod.*` `defineConstants`
 * (`API_BASE_URL: JSON.stringify('https://…')` or `'"https://…"'`), and the `.env.production` entries
 * (`VITE_*`, `TARO_APP_*`, `UNI_*`) both frameworks load for a production build.
 */
export async function buildTimeUrls(layout: FrameworkLayout): Promise<{ urls: FoundUrl[]; envKeys: Map<string, string>; read: string[] }> {
  const urls: FoundUrl[] = [];
  const read: string[] = [];
  const envKeys = new Map<string, string>();
  if (layout.framework === 'native') return { urls, envKeys, read };
  if (layout.framework === 'taro') {
    const prod = await firstExisting(layout.dir, taroProdConfigs);
    if (prod) {
      read.push(prod);
      urls.push(...findUrls(prod, unquoted(codeLines(await readFile(join(layout.dir, prod), 'utf8'))), 'constants'));
    }
  }
  // Vite and Taro load .env, then .env.production over it: a key in the later file wins.
  const fromEnv = new Map<string, FoundUrl>();
  for (const root of new Set([layout.dir, layout.sourceDir])) {
    for (const name of ['.env', '.env.production']) {
      const path = join(root, name);
      if (!(await exists(path))) continue;
      const shown = rel(layout.dir, path);
      read.push(shown);
      const text = await readFile(path, 'utf8');
      const lines = text.split(/\r?\n/);
      for (const [key, value] of Object.entries(parseEnv(text))) {
        envKeys.set(key, shown);
        if (!isBaseUrlKey(key) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) continue;
        const line = lines.findIndex((entry) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(entry)) + 1;
        fromEnv.set(key, { url: value.trim().replace(/[?#].*$/s, ''), at: `${shown}:${line}`, key, environment: 'production' });
      }
    }
  }
  urls.push(...fromEnv.values());
  return { urls, envKeys, read };
}

/** `'"https://…"'` and `JSON.stringify('https://…')` both hold the URL: strip the inner quotes and blank the call (offsets kept) so findUrls sees `KEY: 'https://…'`. */
function unquoted(lines: readonly CodeLine[]): CodeLine[] {
  return lines.map((line) => ({
    ...line,
    code: line.code.replace(/JSON\s*\.\s*stringify\s*\(/g, (call) => ' '.repeat(call.length)),
    literals: line.literals.map((literal) => ({ ...literal, value: literal.value.replace(/^\\?["']|\\?["']$/g, '') })),
  }));
}

/** The folder miniprogram-ci uploads: the one with project.config.json (for Taro and uni-app, the build output). */
export interface UploadFolder {
  readonly dir: string;
  readonly appid: string;
  /** The file the appid came from. */
  readonly configFile: string;
  readonly framework: FrameworkName;
}

/** Finds what to upload under `dir`: a native project, or a Taro / uni-app project's built output; says how to build when it is missing. */
export async function uploadFolder(dir: string): Promise<UploadFolder> {
  if (!(await exists(dir))) throw new GoliveError('miniprogram.project', bi(`mini-program project folder not found: ${dir}`, `找不到小程序项目目录：${dir}`));
  const layout = await detectFramework(dir, async () => dir);
  const folder = layout.framework === 'native' ? dir : layout.outputDir;
  const configFile = join(folder, 'project.config.json');
  if (!(await exists(configFile))) {
    const build = layout.framework === 'taro' ? 'npm run build:weapp' : layout.framework === 'uni-app' ? 'npm run build:mp-weixin' : undefined;
    throw new GoliveError(
      'miniprogram.project',
      build
        ? bi(`${layout.framework} project ${dir}: no build in ${folder} (project.config.json missing); build it first (\`${build}\`)`, `${layout.framework} 项目 ${dir}：${folder} 中没有构建产物（缺少 project.config.json）；请先构建（\`${build}\`）`)
        : bi(`not a mini-program project: no project.config.json in ${dir}`, `不是小程序项目：${dir} 中没有 project.config.json`),
    );
  }
  const config = parseJsonc(await readFile(configFile, 'utf8'), [], { allowTrailingComma: true }) as { appid?: unknown } | undefined;
  const appid = typeof config?.appid === 'string' ? config.appid : '';
  if (!/^wx[0-9a-f]{16}$/i.test(appid)) {
    throw new GoliveError(
      'miniprogram.appid',
      bi(`wrong AppID: ${configFile} has "${appid}", not a mini-program AppID (wx + 16 hex digits; test and tourist AppIDs cannot upload)`, `AppID 错误：${configFile} 中为 "${appid}"，不是小程序 AppID（wx + 16 位十六进制；测试号和游客 AppID 无法上传）`),
    );
  }
  return { dir: folder, appid, configFile, framework: layout.framework };
}

/** A project read the way its framework builds it: the settings WeChat gets, and which files said so. */
export interface FrameworkProject {
  readonly layout: FrameworkLayout;
  /** The merged project settings, with `root` at the sources to scan and `app` from the build (or its source). */
  readonly project: MiniProgramProject;
  /** Where the AppID was read, relative to the project folder. */
  readonly appidFrom: string | null;
  /** Where the app config (pages, sitemap, privacy) was read, relative to the project folder. */
  readonly appFrom: string | null;
  /** True when the build output exists (package sizes can be measured). */
  readonly built: boolean;
}

const uniPagesSchema = z.looseObject({
  pages: z.array(z.looseObject({ path: z.string() })).optional(),
  subPackages: z.array(z.looseObject({ root: z.string(), pages: z.array(z.looseObject({ path: z.string() })).optional() })).optional(),
});

/** Reads a native, Taro or uni-app project: native from project.config.json, Taro from its output's (or root) config, uni-app from manifest.json → mp-weixin. */
export async function loadFrameworkProject(dir: string, signal: AbortSignal): Promise<FrameworkProject> {
  let native: MiniProgramProject | undefined;
  const layout = await detectFramework(dir, async () => (native = await loadProject(dir, signal)).root);
  const built = await exists(join(layout.outputDir, 'app.json'));
  if (layout.framework === 'native') {
    const project = native ?? (await loadProject(dir, signal));
    return { layout, project, appidFrom: 'project.config.json', appFrom: project.app ? rel(dir, join(project.root, 'app.json')) : null, built };
  }
  if (layout.framework === 'taro') {
    // Taro copies project.config.json into its output; before a build only the root one exists.
    const configDir = (await exists(join(layout.outputDir, 'project.config.json'))) ? layout.outputDir : dir;
    const loaded = await loadProject(configDir, signal);
    const app = built ? await readJsonc(join(layout.outputDir, 'app.json'), appJsonSchema, signal) : undefined;
    return {
      layout,
      project: { ...loaded, root: layout.sourceDir, app },
      appidFrom: rel(dir, join(configDir, 'project.config.json')),
      appFrom: app ? rel(dir, join(layout.outputDir, 'app.json')) : null,
      built,
    };
  }
  const weixin = layout.uniWeixin ?? {};
  const setting = typeof weixin.setting === 'object' && weixin.setting !== null ? (weixin.setting as { urlCheck?: boolean }) : {};
  const privacy = appJsonSchema.pick({ requiredPrivateInfos: true, __usePrivacyCheck__: true }).safeParse(weixin);
  let app: AppJson | undefined;
  let appFrom: string | null = null;
  if (built) {
    app = await readJsonc(join(layout.outputDir, 'app.json'), appJsonSchema, signal);
    appFrom = rel(dir, join(layout.outputDir, 'app.json'));
  } else {
    const pagesFile = join(layout.sourceDir, 'pages.json');
    const pages = await readJsonc(pagesFile, uniPagesSchema, signal);
    if (pages) {
      appFrom = rel(dir, pagesFile);
      app = {
        pages: (pages.pages ?? []).map((page) => page.path),
        subPackages: (pages.subPackages ?? []).map((pkg) => ({ root: pkg.root, pages: (pkg.pages ?? []).map((page) => page.path) })),
      };
    }
  }
  // uni-app writes manifest.json's mp-weixin privacy settings into app.json; the manifest is where the team edits them.
  if (app && privacy.success) app = { ...app, ...privacy.data };
  const appid = typeof weixin.appid === 'string' && weixin.appid !== '' ? weixin.appid : undefined;
  return {
    layout,
    project: {
      dir,
      root: layout.sourceDir,
      config: { ...(appid ? { appid } : {}), setting },
      committedUrlCheck: setting.urlCheck,
      hasPrivateConfig: false,
      app,
    },
    appidFrom: `${layout.manifestFile ?? 'manifest.json'} → mp-weixin.appid`,
    appFrom,
    built,
  };
}
