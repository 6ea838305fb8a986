import { readFile, stat } from 'node:fs/promises';
import { parse as parseJsonc } from 'jsonc-parser';
import { relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';
import { git } from '../_shared/git.js';
import { sizeBytes, sizeField } from '../_shared/size.js';
import { locationConflict, missingPages, sitemapProblem } from './_app-rules.js';
import { codeLines, type CodeLine } from './_code.js';
import { buildTimeUrls, loadFrameworkProject } from './_framework.js';
import { packageSizes, wechatLimits } from './_package-size.js';
import { serverFolders } from './_project.js';
import { compareVersions, lastReleaseTag, versionParts } from './_release.js';
import { isDefaultBaseUrlFile, listSources, readSource, type SourceFile } from './_sources.js';
import { domainProblem, findUrls, isIpOrLocal, urlParts, type FoundUrl } from './_urls.js';

/** Places listed in evidence for each finding kind. */
const shownPlaces = 20;

/** The 8 location APIs that must be declared in app.json `requiredPrivateInfos` since 2022-07-14. */
const locationApis = [
  'getFuzzyLocation', 'getLocation', 'onLocationChange', 'chooseAddress', 'choosePoi', 'chooseLocation', 'startLocationUpdate',
  'startLocationUpdateBackground',
] as const;
const locationCall = new RegExp(`\\b(?:wx|uni|Taro)\\s*\\.\\s*(${locationApis.join('|')})\\b`, 'g');

const domainEntry = z
  .string()
  .min(1)
  .refine((entry) => {
    const parts = urlParts(entry, 'https');
    return parts !== undefined && !parts.dynamic && parts.host !== '' && /^[a-z0-9.-]+$/.test(parts.host);
  }, 'a domain such as https://api.example.com or api.example.com:8443');

const miniprogramSchema = checkSchema('miniprogram', {
  project: z.string().min(1).optional().describe('The mini-program project folder holding project.config.json, relative to the plan folder'),
  domains: z
    .strictObject({
      request: z.array(domainEntry).min(1).describe('request 合法域名'),
      upload: z.array(domainEntry).optional().describe('uploadFile 合法域名'),
      download: z.array(domainEntry).optional().describe('downloadFile 合法域名'),
      socket: z.array(domainEntry).optional().describe('socket 合法域名'),
    })
    .optional()
    .describe('The production server domains configured in the mini-program console (WeChat offers no API to read them)'),
  baseUrlFiles: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Files or folders (relative to the project folder) holding the API base URL; default config/, utils/, api/, app.js …'),
  appid: z.string().min(1).optional().describe('The appid project.config.json must carry (fails otherwise)'),
  limits: z
    .strictObject({
      main: sizeField.optional().describe('main package limit (default 2MB)'),
      subpackage: sizeField.optional().describe('limit of each subpackage (default 2MB)'),
      total: sizeField.optional().describe('limit of all packages together (default 20MB)'),
    })
    .optional()
    .describe("WeChat's code-package limits, when the account has others than 2MB / 2MB / 20MB"),
  version: z.string().min(1).optional().describe('The version being released (e.g. ${RELEASE}); default package.json version (Taro, uni-app) or manifest versionName'),
  tagPattern: z.string().min(1).optional().describe('git tags that mark releases (default v*)'),
});

export type MiniprogramCheck = z.infer<typeof miniprogramSchema>;

// What `golive miniprogram upload` sends is read the way this kind reads the project (native, Taro or uni-app output),
// so an upload and a check never disagree about the folder: the kind's one export besides itself.
export { uploadFolder, type UploadFolder } from './_framework.js';

interface Place {
  readonly at: string;
}

export const miniprogramKind = defineCheckKind({
  name: 'miniprogram',
  summary: bi(
    'A WeChat mini-program project (native, Taro or uni-app): appid, base URLs on https inside the declared domains, no AppSecret calls, pages, sitemap, privacy declarations, package sizes, version bump',
    '微信小程序项目（原生、Taro 或 uni-app）：appid、基础 URL 为 https 且在声明的合法域名内、客户端不调用 api.weixin.qq.com、页面、sitemap、隐私声明、包大小、版本号递增',
  ),
  schema: miniprogramSchema,
  facts: {
    appid: bi('appid from project.config.json (project.private.config.json wins)', 'project.config.json 中的 appid（以 project.private.config.json 为准）'),
    url_check: bi('setting.urlCheck after merging the private config (null when unset)', '合并私有配置后的 setting.urlCheck（未设置时为 null）'),
    private_config_committed: bi('true when project.private.config.json is tracked by git', 'project.private.config.json 被 git 跟踪时为 true'),
    base_urls: bi('production API base URLs found in the code', '代码中找到的生产环境 API 基础 URL'),
    base_url_count: bi('number of production base URLs found', '找到的生产环境基础 URL 数量'),
    base_urls_https: bi('every base URL is https or wss (null when none found)', '所有基础 URL 均为 https 或 wss（未找到时为 null）'),
    base_urls_no_ip: bi('no base URL uses an IP address or localhost (null when none found)', '基础 URL 中没有 IP 地址或 localhost（未找到时为 null）'),
    base_urls_in_domains: bi(
      'every base URL is inside the declared domains, ports as WeChat requires (null when none found or no domains declared)',
      '所有基础 URL 都在声明的合法域名内且端口符合微信规则（未找到或未声明域名时为 null）',
    ),
    api_weixin_in_client: bi('client code calls api.weixin.qq.com, so the AppSecret is in the client', '客户端代码调用 api.weixin.qq.com，意味着 AppSecret 在客户端'),
    debug: bi('app.json `debug` (null without app.json)', 'app.json 的 `debug`（没有 app.json 时为 null）'),
    framework: bi('how the project is built: native, taro or uni-app', '项目构建方式：native、taro 或 uni-app'),
    pages_missing: bi('pages app.json lists whose files are missing (null without app.json)', 'app.json 中列出但文件缺失的页面（没有 app.json 时为 null）'),
    sitemap_ok: bi('sitemapLocation is unset or names a sitemap file with rules (null without app.json)', 'sitemapLocation 未设置或指向含 rules 的 sitemap 文件（没有 app.json 时为 null）'),
    use_privacy_check: bi('app.json __usePrivacyCheck__ (false when absent, null without app.json)', 'app.json 的 __usePrivacyCheck__（未设置为 false，没有 app.json 时为 null）'),
    location_declarations_conflict: bi(
      'requiredPrivateInfos declares getFuzzyLocation together with a precise location API (WeChat refuses both; null without app.json)',
      'requiredPrivateInfos 同时声明了 getFuzzyLocation 与精确位置接口（微信不允许；没有 app.json 时为 null）',
    ),
    main_package_bytes: bi('main package size of the build output (null when not built)', '构建产物主包大小（未构建时为 null）'),
    total_package_bytes: bi('all packages together (null when not built)', '所有分包合计大小（未构建时为 null）'),
    packages_within_limits: bi('main package, each subpackage and the total are within the limits (null when not built)', '主包、各分包及总大小均未超限（未构建时为 null）'),
    version: bi('the version being released (spec, package.json or manifest versionName; null when none)', '本次发布的版本（配置、package.json 或 manifest versionName；无则为 null）'),
    last_release_tag: bi('the newest git tag matching tagPattern (null when none)', '匹配 tagPattern 的最新 git 标签（无则为 null）'),
    version_bumped: bi('version is newer than the last release tag (null when either is unknown)', '版本号高于上一个发布标签（任一未知时为 null）'),
    build_env_missing: bi(
      'VITE_ / TARO_APP_ / UNI_ / VUE_APP_ variables the code reads but .env / .env.production do not set (the production build gets undefined)',
      '代码读取但 .env / .env.production 未设置的 VITE_ / TARO_APP_ / UNI_ / VUE_APP_ 变量（生产构建中为 undefined）',
    ),
    required_private_infos_missing: bi(
      'location APIs called in code but not declared in app.json requiredPrivateInfos (null without app.json)',
      '代码中调用但未在 app.json requiredPrivateInfos 声明的位置接口（没有 app.json 时为 null）',
    ),
  },
  defaultExpect: ['base_urls_https == true', 'base_urls_no_ip == true', 'base_urls_in_domains == true', 'api_weixin_in_client == false'],
  defaultTimeoutMs: 20_000,
  secretFields: [],
  describe: (spec) => `miniprogram ${spec.project ?? '.'}`,
  async probe(spec, context) {
    const { signal } = context;
    const dir = resolve(context.planDir, spec.project ?? '.');
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new ProbeError(bi(`mini-program project folder not found: ${dir}`, `找不到小程序项目目录：${dir}`));
    const { layout, project, appidFrom, appFrom, built } = await loadFrameworkProject(dir, signal);
    const buildTime = await buildTimeUrls(layout);

    const serverSide = serverFolders(project)
      .map((folder) => relative(project.root, folder).split(sep).join('/'))
      .filter((folder) => folder !== '' && !folder.startsWith('..'))
      .map((value) => ({ type: 'folder', value }));
    const listing = await listSources(project.root, [...(project.config.packOptions?.ignore ?? []), ...serverSide], signal);
    const skipped = [...listing.skipped];
    const constantFiles = spec.baseUrlFiles ? await explicitFiles(dir, spec.baseUrlFiles, project.root, signal) : undefined;
    const files = new Map<string, { file: SourceFile; constants: boolean }>();
    for (const file of listing.files) files.set(file.path, { file, constants: constantFiles ? false : isDefaultBaseUrlFile(file.rel) });
    for (const file of constantFiles ?? []) files.set(file.path, { file, constants: true });

    const urls: FoundUrl[] = [...buildTime.urls];
    const weixinCalls: Place[] = [];
    const locationUses = new Map<string, string>();
    const envUses = new Map<string, string>();
    for (const { file, constants } of files.values()) {
      const text = await readSource(file, skipped, signal);
      if (text === undefined) continue;
      const shown = projectPath(dir, file.path);
      const lines = codeLines(text);
      urls.push(...findUrls(shown, lines, constants ? 'constants' : 'requests'));
      scanCalls(shown, lines, weixinCalls, locationUses, envUses);
    }

    const production = urls.filter((url) => url.environment === 'production');
    const judged = production.map((url) => ({
      ...url,
      problem: spec.domains ? domainProblem(url.url, spec.domains) : undefined,
    }));
    const hosts = production.map((url) => urlParts(url.url));
    const found = production.length > 0;
    const declared = project.app?.requiredPrivateInfos ?? [];
    const missing = project.app ? [...locationUses.keys()].filter((api) => !declared.includes(api)).sort() : null;
    const appid = project.config.appid ?? null;
    const app = project.app;
    const pagesMissing = app ? await missingPages(built ? layout.outputDir : project.root, app) : null;
    const sitemap = app ? await sitemapProblem(built ? layout.outputDir : project.root, app) : undefined;
    const limits = {
      main: spec.limits?.main !== undefined ? sizeBytes(spec.limits.main) : wechatLimits.main,
      subpackage: spec.limits?.subpackage !== undefined ? sizeBytes(spec.limits.subpackage) : wechatLimits.subpackage,
      total: spec.limits?.total !== undefined ? sizeBytes(spec.limits.total) : wechatLimits.total,
    };
    const sizes = built ? await packageSizes(layout.outputDir, (app?.subPackages ?? app?.subpackages ?? []).map((pkg) => pkg.root), limits, signal) : undefined;
    const release = await releaseVersion(dir, layout.uniWeixin === undefined ? undefined : layout.manifestFile, spec.version, signal);
    const lastTag = (await lastReleaseTag(dir, spec.tagPattern ?? 'v*', signal)) ?? null;
    const current = release.version === null ? undefined : versionParts(release.version);
    const previous = lastTag === null ? undefined : versionParts(lastTag);
    const envMissing = [...envUses.keys()].filter((key) => !buildTime.envKeys.has(key)).sort();

    return {
      facts: {
        appid,
        url_check: project.config.setting?.urlCheck ?? null,
        private_config_committed: project.hasPrivateConfig ? await trackedByGit(dir, 'project.private.config.json', signal) : false,
        base_urls: [...new Set(production.map((url) => url.url))],
        base_url_count: production.length,
        base_urls_https: found ? hosts.every((parts) => parts?.scheme === 'https' || parts?.scheme === 'wss') : null,
        base_urls_no_ip: found ? hosts.every((parts) => parts !== undefined && !parts.dynamic && !isIpOrLocal(parts.host)) : null,
        base_urls_in_domains: found && spec.domains ? judged.every((url) => url.problem === undefined) : null,
        api_weixin_in_client: weixinCalls.length > 0,
        debug: project.app ? (project.app.debug ?? false) : null,
        required_private_infos_missing: missing,
        framework: layout.framework,
        pages_missing: pagesMissing,
        sitemap_ok: app ? sitemap === undefined : null,
        use_privacy_check: app ? (app.__usePrivacyCheck__ ?? false) : null,
        location_declarations_conflict: app ? locationConflict(declared) : null,
        main_package_bytes: sizes?.packages.find((entry) => entry.name === '__APP__')?.bytes ?? null,
        total_package_bytes: sizes?.total ?? null,
        packages_within_limits: sizes ? sizes.over.length === 0 : null,
        version: release.version,
        last_release_tag: lastTag,
        version_bumped: current && previous ? compareVersions(current, previous) > 0 : null,
        build_env_missing: layout.framework === 'native' ? [] : envMissing,
      },
      evidence: {
        project: dir,
        framework: layout.framework,
        files_read: [...new Set([...layout.markers, ...(appidFrom ? [appidFrom] : []), ...(appFrom ? [appFrom] : []), ...buildTime.read, ...(release.from ? [release.from] : [])])],
        source_root: relative(dir, project.root) || '.',
        build_output: built ? relative(dir, layout.outputDir) || '.' : `${relative(dir, layout.outputDir) || '.'} (not built)`,
        appid,
        appid_from: appidFrom,
        ...(spec.appid !== undefined ? { expected_appid: spec.appid } : {}),
        url_check: { effective: project.config.setting?.urlCheck ?? null, committed: project.committedUrlCheck ?? null },
        files_scanned: files.size,
        base_urls: judged.slice(0, shownPlaces).map((url) => ({
          url: url.url,
          at: url.at,
          name: url.key,
          ...(spec.domains ? { allowed: url.problem === undefined, ...(url.problem ? { problem: url.problem } : {}) } : {}),
        })),
        ...(found ? {} : { note: 'no API base URL found; point `baseUrlFiles` at the file that sets it' }),
        ...(spec.domains ? {} : { domains_note: 'no `domains` declared: base_urls_in_domains cannot be judged' }),
        non_production_urls: urls
          .filter((url) => url.environment === 'non-production')
          .slice(0, shownPlaces)
          .map((url) => ({ url: url.url, at: url.at, because: url.because ?? null })),
        api_weixin_calls: weixinCalls.slice(0, shownPlaces).map((place) => place.at),
        location_apis: Object.fromEntries([...locationUses].sort()),
        required_private_infos: project.app ? declared : null,
        ...(project.app ? {} : { app_json: 'not found under the source root' }),
        ...(pagesMissing && pagesMissing.length > 0 ? { pages_missing: pagesMissing.slice(0, shownPlaces) } : {}),
        ...(sitemap ? { sitemap: sitemap } : {}),
        ...(sizes
          ? { packages: Object.fromEntries(sizes.packages.map((entry) => [entry.name, { bytes: entry.bytes, limit: entry.limit }])), total_bytes: sizes.total, total_limit: limits.total, over_limit: sizes.over }
          : {}),
        version: { value: release.version, from: release.from, last_release_tag: lastTag },
        ...(envUses.size > 0 ? { build_env_used: Object.fromEntries([...envUses].sort()), build_env_defined_in: Object.fromEntries([...buildTime.envKeys].filter(([key]) => envUses.has(key))) } : {}),
        ...(skipped.length > 0 ? { skipped_files: skipped.slice(0, shownPlaces) } : {}),
      },
      ...(spec.appid !== undefined && spec.appid !== appid
        ? { failure: bi(`appid is ${appid ?? '(none)'}, expected ${spec.appid}`, `appid 为 ${appid ?? '（无）'}，应为 ${spec.appid}`) }
        : {}),
    };
  },
});

/** `apps/miniprogram/config/runtime.js`-style path relative to the project folder, with forward slashes. */
function projectPath(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

/** Build-time variables frameworks inline into the production build. */
const buildEnvRead = /\b(?:import\.meta\.env|process\.env)\.((?:VITE|TARO_APP|UNI|VUE_APP)_[A-Z0-9_]+)/g;

/** Records calls to api.weixin.qq.com, the location APIs and the build-time variables read in one file. */
function scanCalls(file: string, lines: readonly CodeLine[], weixinCalls: Place[], locationUses: Map<string, string>, envUses: Map<string, string>): void {
  for (const line of lines) {
    if (line.code.includes('api.weixin.qq.com')) weixinCalls.push({ at: `${file}:${line.number}` });
    for (const match of line.code.matchAll(buildEnvRead)) {
      const key = match[1] ?? '';
      if (!envUses.has(key)) envUses.set(key, `${file}:${line.number}`);
    }
    for (const match of line.code.matchAll(locationCall)) {
      const api = match[1] ?? '';
      if (!locationUses.has(api)) locationUses.set(api, `${file}:${line.number}`);
    }
  }
}

/** The files named by `baseUrlFiles` (a folder means the script files in it); a missing one is a configuration error. */
async function explicitFiles(dir: string, entries: readonly string[], root: string, signal: AbortSignal): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const entry of entries) {
    const path = resolve(dir, entry);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new ProbeError(bi(`baseUrlFiles: ${entry} not found in ${dir}`, `baseUrlFiles：在 ${dir} 中找不到 ${entry}`));
    if (info.isDirectory()) files.push(...(await listSources(path, [], signal)).files);
    else files.push({ path, rel: relative(root, path).split(sep).join('/') });
  }
  return files;
}

/** True when git tracks `name` in `dir`; false outside a repository or without git. */
async function trackedByGit(dir: string, name: string, signal: AbortSignal): Promise<boolean> {
  try {
    const output = await git(['ls-files', '--error-unmatch', '--', name], dir, signal);
    return output.code === 0;
  } catch (error) {
    if (signal.aborted) throw error;
    return false;
  }
}

/** The version being released: the spec's, else package.json `version` (Taro, uni-app CLI), else manifest.json `versionName`. */
async function releaseVersion(dir: string, manifestFile: string | undefined, declared: string | undefined, signal: AbortSignal): Promise<{ version: string | null; from: string | null }> {
  if (declared !== undefined) return { version: declared, from: null };
  const sources: [string, (data: Record<string, unknown>) => unknown][] = [
    ['package.json', (data) => data.version],
    ...(manifestFile ? [[manifestFile, (data: Record<string, unknown>) => data.versionName] as [string, (data: Record<string, unknown>) => unknown]] : []),
  ];
  for (const [file, pickVersion] of sources) {
    const text = await readFile(resolve(dir, file), { encoding: 'utf8', signal }).catch(() => undefined);
    if (text === undefined) continue;
    const value = pickVersion((parseJsonc(text) ?? {}) as Record<string, unknown>);
    if (typeof value === 'string' && value !== '') return { version: value, from: file };
  }
  return { version: null, from: null };
}
