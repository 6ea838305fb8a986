import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretSet } from '../../redaction/secret-set.js';
import { runCheck } from '../../runner/run-check.js';
import { miniprogramKind, type MiniprogramCheck } from './index.js';

/** Real project layouts as Taro, uni-app and the devtools make them, written in the test; every rule passes on one and fails on another. */
async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A real git repository with a release tag, as a team's repository has after its last launch. */
function gitWithTag(dir: string, tag: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.cn', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'release');
  git('tag', tag);
}

const appid = 'wx1234567890abcdef';
const twoAndABitMB = Buffer.alloc(2 * 1024 * 1024 + 4096, 7);

const taro = (prodUrl: string, app: Record<string, unknown>, extra: Record<string, string | Buffer> = {}) => ({
  'package.json': JSON.stringify({ name: 'shop', version: '1.4.0', dependencies: { '@tarojs/taro': '3.6.23' } }),
  'config/index.js': "const config = { projectName: 'shop', designWidth: 750, sourceRoot: 'src', outputRoot: 'dist', framework: 'react' };\nmodule.exports = function (merge) { return merge({}, config, process.env.NODE_ENV === 'development' ? require('./dev') : require('./prod')); };\n",
  'config/dev.js': "module.exports = { defineConstants: { API_BASE_URL: '\"http://127.0.0.1:3000\"' } };\n",
  'config/prod.js': `module.exports = {\n  env: { NODE_ENV: '"production"' },\n  defineConstants: {\n    API_BASE_URL: JSON.stringify('${prodUrl}'),\n  },\n};\n`,
  'project.config.json': JSON.stringify({ appid, miniprogramRoot: 'dist/', compileType: 'miniprogram' }),
  'src/app.config.ts': "export default defineAppConfig({ pages: ['pages/index/index'] });\n",
  'src/services/request.ts': "import Taro from '@tarojs/taro';\nexport const get = (path: string) => Taro.request({ url: API_BASE_URL + path });\nexport const where = () => Taro.getLocation({ type: 'gcj02' });\n",
  'dist/project.config.json': JSON.stringify({ appid, compileType: 'miniprogram', setting: { urlCheck: true } }),
  'dist/app.json': JSON.stringify(app),
  'dist/app.js': 'require("./common");\n',
  'dist/pages/index/index.js': 'Page({});\n',
  'dist/pages/index/index.wxml': '<view>shop</view>\n',
  ...extra,
});

const uni = (envProduction: string, weixin: Record<string, unknown>, extra: Record<string, string | Buffer> = {}) => ({
  'package.json': JSON.stringify({ name: 'uni-shop', version: '2.0.0', dependencies: { '@dcloudio/uni-app': '3.0.0' } }),
  'src/manifest.json': `{
    // uni-app keeps the WeChat settings here; the build writes project.config.json from it
    "name": "uni-shop",
    "versionName": "2.0.0",
    "mp-weixin": ${JSON.stringify(weixin)},
  }`,
  'src/pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index' }], subPackages: [{ root: 'pkgA', pages: [{ path: 'detail/index' }] }] }),
  'src/pages/index/index.vue': '<template><view>{{ title }}</view></template>\n<script setup>\nimport { pick } from "../../utils/request";\n</script>\n',
  'src/pkgA/detail/index.vue': '<template><view class="detail">detail</view></template>\n<script>\nexport default { onLoad() { uni.getLocation({ type: \'gcj02\' }); } };\n</script>\n',
  'src/utils/request.js': "const BASE_URL = import.meta.env.VITE_API_BASE_URL;\nexport const get = (path) => uni.request({ url: BASE_URL + path });\nexport const pick = () => uni.chooseLocation({});\n",
  '.env.development': 'VITE_API_BASE_URL=http://localhost:3000\n',
  '.env.production': envProduction,
  ...extra,
});

describe('miniprogram kind on Taro, uni-app and native layouts', () => {
  let root = '';
  const probe = (project: string, spec: Omit<MiniprogramCheck, 'kind' | 'project'> = {}) =>
    miniprogramKind.probe({ kind: 'miniprogram', project, ...spec }, { signal: new AbortController().signal, planDir: root, variables: {}, logger: { debug() {}, info() {}, warn() {} } });
  const failed = async (project: string, expect: string[], spec: Omit<MiniprogramCheck, 'kind' | 'project' | 'expect'> = {}) => {
    const outcome = await runCheck(miniprogramKind, { kind: 'miniprogram', project, expect, ...spec }, { planDir: root, variables: {}, secrets: createSecretSet() });
    return outcome.evidence.conditions?.filter((record) => !record.passed).map((record) => record.condition);
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'golive-mp-frameworks-'));
    const goodApp = { pages: ['pages/index/index'], requiredPrivateInfos: ['getLocation'], sitemapLocation: 'sitemap.json', __usePrivacyCheck__: true };
    await writeTree(join(root, 'taro-good'), taro('https://api.shop.cn', goodApp, { 'dist/sitemap.json': JSON.stringify({ rules: [{ action: 'allow', page: '*' }] }) }));
    gitWithTag(join(root, 'taro-good'), 'v1.3.2');
    await writeTree(
      join(root, 'taro-bad'),
      taro('http://10.0.0.5:8080', { pages: ['pages/index/index', 'pages/cart/index'], sitemapLocation: 'sitemap.json', requiredPrivateInfos: ['getFuzzyLocation', 'getLocation'] }, { 'dist/assets/banner.png': twoAndABitMB }),
    );
    gitWithTag(join(root, 'taro-bad'), 'v1.4.0');

    const goodWeixin = { appid, setting: { urlCheck: true }, __usePrivacyCheck__: true, requiredPrivateInfos: ['chooseLocation', 'getLocation'] };
    await writeTree(join(root, 'uni-good'), uni('VITE_API_BASE_URL=https://api.uni.cn\nVITE_APP_TITLE=shop\n', goodWeixin));
    await writeTree(
      join(root, 'uni-bad'),
      uni('VITE_API_BASE_URL=http://api.uni.cn:8080\n', { appid, requiredPrivateInfos: ['getFuzzyLocation', 'startLocationUpdate'] }, {
        'src/pages.json': JSON.stringify({ pages: [{ path: 'pages/index/index' }], subPackages: [{ root: 'pkgA', pages: [{ path: 'detail/index' }, { path: 'missing/index' }] }] }),
        'src/utils/map.js': 'export const key = import.meta.env.VITE_MAP_KEY;\n',
      }),
    );
    await writeTree(
      join(root, 'uni-built'),
      uni('VITE_API_BASE_URL=https://api.uni.cn\n', goodWeixin, {
        'dist/build/mp-weixin/project.config.json': JSON.stringify({ appid }),
        'dist/build/mp-weixin/app.json': JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'pkgA', pages: ['detail/index'] }] }),
        'dist/build/mp-weixin/pages/index/index.js': 'Page({});\n',
        'dist/build/mp-weixin/pages/index/index.wxml': '<view/>\n',
        'dist/build/mp-weixin/pkgA/detail/index.js': 'Page({});\n',
        'dist/build/mp-weixin/pkgA/detail/index.wxml': '<view/>\n',
        'dist/build/mp-weixin/pkgA/static/video-poster.png': twoAndABitMB,
      }),
    );

    const native = (app: Record<string, unknown>, extra: Record<string, string> = {}) => ({
      'project.config.json': JSON.stringify({ appid, miniprogramRoot: 'miniprogram/', compileType: 'miniprogram' }),
      'package.json': JSON.stringify({ name: 'native', version: '3.1.0' }),
      'miniprogram/app.json': JSON.stringify(app),
      'miniprogram/app.js': "App({ globalData: { baseUrl: 'https://api.native.cn' } });\n",
      'miniprogram/pages/index/index.js': 'Page({ onLoad() { wx.getLocation({}); } });\n',
      'miniprogram/pages/index/index.wxml': '<view/>\n',
      ...extra,
    });
    await writeTree(join(root, 'native-good'), native({ pages: ['pages/index/index'], requiredPrivateInfos: ['getLocation'], sitemapLocation: 'sitemap.json' }, { 'miniprogram/sitemap.json': '{"rules":[]}' }));
    gitWithTag(join(root, 'native-good'), 'v3.0.9');
    await writeTree(join(root, 'native-bad'), native({ pages: ['pages/index/index', 'pages/me/me'], sitemapLocation: 'sitemap.json' }, { 'miniprogram/sitemap.json': '{"rules": [' }));
    gitWithTag(join(root, 'native-bad'), 'v3.2.0');
  });

  afterAll(() => rm(root, { recursive: true, force: true }));

  it('reads a Taro project where Taro keeps things: defineConstants in config/prod.js, the AppID and app.json in dist/', async () => {
    const { facts, evidence } = await probe('taro-good', { domains: { request: ['https://api.shop.cn'] } });

    expect(facts).toMatchObject({
      framework: 'taro',
      appid,
      base_urls: ['https://api.shop.cn'],
      base_urls_in_domains: true,
      required_private_infos_missing: [],
      pages_missing: [],
      sitemap_ok: true,
      use_privacy_check: true,
      location_declarations_conflict: false,
      packages_within_limits: true,
      version: '1.4.0',
      last_release_tag: 'v1.3.2',
      version_bumped: true,
    });
    expect(evidence.files_read).toEqual(['config/index.js', 'dist/project.config.json', 'dist/app.json', 'config/prod.js', 'package.json']);
    expect(evidence.base_urls).toEqual([{ url: 'https://api.shop.cn', at: 'config/prod.js:4', name: 'API_BASE_URL', allowed: true }]);
    expect(evidence.location_apis).toEqual({ getLocation: 'src/services/request.ts:3' });
    expect(evidence.build_output).toBe('dist');
  });

  it('fails the Taro rules: http + IP in defineConstants, a missing page, a missing sitemap, fuzzy with precise location, a main package over 2 MB, no version bump', async () => {
    const { facts, evidence } = await probe('taro-bad');
    const conditions = await failed('taro-bad', [
      'base_urls_https == true', 'base_urls_no_ip == true', 'len(pages_missing) == 0', 'sitemap_ok == true', 'location_declarations_conflict == false',
      'packages_within_limits == true', 'version_bumped == true', 'use_privacy_check == true',
    ]);

    expect(conditions).toEqual([
      'base_urls_https == true', 'base_urls_no_ip == true', 'len(pages_missing) == 0', 'sitemap_ok == true', 'location_declarations_conflict == false',
      'packages_within_limits == true', 'version_bumped == true', 'use_privacy_check == true',
    ]);
    expect(facts).toMatchObject({ base_urls: ['http://10.0.0.5:8080'], pages_missing: ['pages/cart/index'], last_release_tag: 'v1.4.0', version: '1.4.0' });
    expect(evidence).toMatchObject({ sitemap: 'sitemap.json (sitemapLocation) not found', over_limit: ['__APP__'], packages: { __APP__: { limit: 2 * 1024 * 1024 } } });
  });

  it('reads a uni-app project: manifest.json mp-weixin for the AppID and privacy, pages.json before a build, .env.production for VITE_ variables', async () => {
    const { facts, evidence } = await probe('uni-good', { domains: { request: ['api.uni.cn'] } });

    expect(facts).toMatchObject({
      framework: 'uni-app',
      appid,
      url_check: true,
      base_urls: ['https://api.uni.cn'],
      base_urls_in_domains: true,
      required_private_infos_missing: [],
      use_privacy_check: true,
      location_declarations_conflict: false,
      pages_missing: [],
      packages_within_limits: null,
      build_env_missing: [],
      version: '2.0.0',
      last_release_tag: null,
      version_bumped: null,
    });
    expect(evidence.files_read).toEqual(['src/manifest.json', 'src/manifest.json → mp-weixin.appid', 'src/pages.json', '.env.production', 'package.json']);
    expect(evidence.base_urls).toEqual([{ url: 'https://api.uni.cn', at: '.env.production:1', name: 'VITE_API_BASE_URL', allowed: true }]);
    expect(evidence.build_output).toBe('dist/build/mp-weixin (not built)');
    expect(evidence.build_env_used).toEqual({ VITE_API_BASE_URL: 'src/utils/request.js:1' });
    expect(evidence.location_apis).toEqual({ chooseLocation: 'src/utils/request.js:3', getLocation: 'src/pkgA/detail/index.vue:3' });
  });

  it('fails the uni-app rules: a non-https port in .env.production, a VITE_ variable nobody sets, an undeclared location API, fuzzy with precise, a missing subpackage page, no privacy check', async () => {
    const { facts } = await probe('uni-bad');
    const conditions = await failed('uni-bad', [
      'base_urls_https == true', 'len(build_env_missing) == 0', 'len(required_private_infos_missing) == 0', 'location_declarations_conflict == false', 'len(pages_missing) == 0', 'use_privacy_check == true',
    ], { domains: { request: ['api.uni.cn'] } });

    expect(conditions).toEqual([
      'base_urls_https == true', 'len(build_env_missing) == 0', 'len(required_private_infos_missing) == 0', 'location_declarations_conflict == false', 'len(pages_missing) == 0', 'use_privacy_check == true',
    ]);
    expect(facts).toMatchObject({ build_env_missing: ['VITE_MAP_KEY'], required_private_infos_missing: ['chooseLocation', 'getLocation'], pages_missing: ['pkgA/missing/index'], base_urls: ['http://api.uni.cn:8080'] });
  });

  it('measures a built uni-app output per subpackage: a 2 MB+ subpackage fails, a raised limit passes', async () => {
    const { facts, evidence } = await probe('uni-built');
    const raised = await failed('uni-built', ['packages_within_limits == true'], { limits: { subpackage: '4MB' } });

    expect(facts).toMatchObject({ packages_within_limits: false, pages_missing: [] });
    expect(evidence.over_limit).toEqual(['pkgA']);
    expect((evidence.packages as Record<string, { bytes: number }>).pkgA?.bytes).toBeGreaterThan(2 * 1024 * 1024);
    expect(evidence.files_read).toContain('dist/build/mp-weixin/app.json');
    expect(raised).toEqual([]);
  });

  it('checks a native project: pages, sitemap, version against the last tag (from package.json or the spec)', async () => {
    const good = await probe('native-good');
    const bad = await probe('native-bad');
    const declared = await probe('native-bad', { version: '3.3.0' });

    expect(good.facts).toMatchObject({ framework: 'native', pages_missing: [], sitemap_ok: true, version: '3.1.0', last_release_tag: 'v3.0.9', version_bumped: true, required_private_infos_missing: [] });
    expect(bad.facts).toMatchObject({ pages_missing: ['pages/me/me'], sitemap_ok: false, version_bumped: false, required_private_infos_missing: ['getLocation'] });
    expect(bad.evidence.sitemap).toBe('sitemap.json is not valid JSON');
    expect(declared.facts).toMatchObject({ version: '3.3.0', version_bumped: true });
  });
});
