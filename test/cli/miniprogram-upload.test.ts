import { execFile, execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWechatCi, type WechatCiStandIn } from '../stand-ins/wechat-ci.js';

/**
 * `golive miniprogram upload|preview` end to end: the built CLI in a child process, the real
 * miniprogram-ci 2.1.42 compiling and signing the package, and a stand-in for servicewechat.com
 * (WeChat's CI servers cannot be reached from tests). The child reaches the stand-in the way a
 * user behind a proxy reaches WeChat: HTTPS_PROXY, with the stand-in's certificate trusted through
 * NODE_EXTRA_CA_CERTS. Nothing in golive knows about the stand-in.
 */
const bin = resolve(import.meta.dirname, '../../bin/golive.js');
let wechat: WechatCiStandIn;
let dir = '';
let keyFile = '';

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function golive(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [bin, ...args],
      {
        cwd: dir,
        timeout: 120_000,
        env: { PATH: process.env.PATH ?? '', HOME: dir, LANG: 'en_US.UTF-8', HTTPS_PROXY: wechat.proxyUrl, NODE_EXTRA_CA_CERTS: wechat.caFile, GOLIVE_MP_KEY_FILE: keyFile, ...env },
      },
      (error, stdout, stderr) => resolvePromise({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  wechat = await startWechatCi();
  dir = await mkdtemp(join(tmpdir(), 'golive-mp-upload-'));
  keyFile = join(dir, 'keys', `private.${wechat.appid}.key`);
  await writeTree(dir, {
    [`keys/private.${wechat.appid}.key`]: wechat.privateKey,
    'keys/private.wx0000000000000000.key': wechat.privateKey,
    'keys/not-a-key.key': 'hello\n',
    'golive.yaml': 'name: shop-miniapp\nitems:\n  - id: regression\n    title: 回归测试通过\n    priority: blocker\n    manual: 测试负责人确认\n',
    'app/project.config.json': JSON.stringify({ appid: wechat.appid, compileType: 'miniprogram', setting: { urlCheck: true } }),
    'app/app.json': JSON.stringify({ pages: ['pages/index/index'] }),
    'app/app.js': 'App({});\n',
    'app/pages/index/index.js': 'Page({ data: { greeting: "hi" } });\n',
    'app/pages/index/index.wxml': '<view>{{greeting}}</view>\n',
    'taro/config/index.js': "module.exports = { projectName: 'shop', outputRoot: 'dist', sourceRoot: 'src', framework: 'react' };\n",
    'taro/package.json': JSON.stringify({ name: 'shop', dependencies: { '@tarojs/taro': '3.6.0' } }),
  });
  execFileSync('git', ['init', '-q'], { cwd: dir });
  const started = await golive(['run', 'start', '--release', 'v1.4.0', '--by', 'ci']);
  expect(started.stderr).not.toContain('unexpected error');
}, 120_000);

afterAll(async () => {
  await wechat.close();
  await rm(dir, { recursive: true, force: true });
});

describe('golive miniprogram upload', () => {
  it('refuses while the gate has not passed, and nothing reaches WeChat', async () => {
    const outcome = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.0', '--desc', 'pay fix']);

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('upload refused: the gate of run');
    expect(outcome.stderr).toContain('regression');
    expect(wechat.uploads).toEqual([]);
  });

  it('refuses --force without --reason (usage, exit 2)', async () => {
    const outcome = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.0', '--desc', 'x', '--force']);

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--force needs --reason');
  });

  it('uploads with --force --reason: WeChat gets the signed package, the run records version, description, size and who, the audit trail the reason', async () => {
    const outcome = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.0', '--desc', '支付回调修复', '--robot', '3', '--force', '--reason', 'P0 fix approved by 王总', '--by', '李工']);

    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/✔ uploaded wx1234567890abcdef 1\.4\.0 \(robot 3, [\d.]+ KB\) by 李工, recorded in run r-\d{8}-0001/);
    expect(outcome.stdout).toContain('forced past the gate: P0 fix approved by 王总');
    expect(wechat.tunnels.every((target) => target === 'servicewechat.com:443')).toBe(true);
    const upload = wechat.uploads.at(-1);
    expect(upload?.kind).toBe('upload');
    expect(upload?.query).toMatchObject({ appid: wechat.appid, version: '1.4.0', desc: '支付回调修复', robot: '3' });
    expect(upload?.files).toEqual(expect.arrayContaining(['/app.js', '/app.json', '/pages/index/index.js', '/pages/index/index.wxml']));
    const db = new Database(join(dir, '.golive', 'golive.db'), { readonly: true });
    const audited = db.prepare("select actor, data_json from audit_log where action = 'miniprogram.upload'").all() as { actor: string; data_json: string }[];
    db.close();
    expect(audited).toHaveLength(1);
    expect(audited[0]?.actor).toBe('李工');
    expect(JSON.parse(audited[0]?.data_json ?? '{}')).toMatchObject({ appid: wechat.appid, version: '1.4.0', description: '支付回调修复', robot: 3, sizeBytes: upload?.size, forced: { reason: 'P0 fix approved by 王总' } });
    const listed = await golive(['miniprogram', 'uploads']);
    expect(listed.stdout).toMatch(/1\.4\.0 {2}robot 3 {2}[\d.]+ KB {2}李工 {2}.*支付回调修复 {2}⚑ forced: P0 fix approved by 王总/);
    expect((await golive(['audit', 'verify'])).code).toBe(0);
  }, 120_000);

  it('uploads without --force once the gate passes', async () => {
    await golive(['item', 'regression', '--pass', '--note', 'all green', '--by', 'qa']);

    const outcome = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.1', '--desc', 'hotfix']);

    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).not.toContain('forced');
    expect(wechat.uploads.at(-1)?.query).toMatchObject({ version: '1.4.1', robot: '1' });
  }, 120_000);

  it('keeps the key out of the database, the output and the audit trail', async () => {
    const body = wechat.privateKey.split('\n')[1] ?? '';
    const database = await readFile(join(dir, '.golive', 'golive.db'));
    const audit = await golive(['audit', 'log']);
    const uploads = await golive(['miniprogram', 'uploads']);

    expect(body.length).toBeGreaterThan(20);
    expect(database.includes(Buffer.from(body))).toBe(false);
    expect(audit.stdout + uploads.stdout).not.toContain(body);
    expect(await readdir(join(dir, '.golive'))).not.toContain(`private.${wechat.appid}.key`);
  });

  it('says clearly, in both languages, that the key is missing', async () => {
    const missing = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x'], { GOLIVE_MP_KEY_FILE: '' });
    const zh = await golive(['--lang', 'zh-CN', 'miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x'], { GOLIVE_MP_KEY_FILE: '' });
    const notAKey = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x'], { GOLIVE_MP_KEY_FILE: join(dir, 'keys', 'not-a-key.key') });

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^golive: no code-upload key: set GOLIVE_MP_KEY_FILE to the path of the key file/);
    expect(zh.stderr).toContain('缺少代码上传密钥：请将 GOLIVE_MP_KEY_FILE 设为密钥文件');
    expect(notAKey.code).toBe(2);
    expect(notAKey.stderr).toContain('not-a-key.key (from GOLIVE_MP_KEY_FILE) is not a private key in PEM form');
    expect(missing.stderr + zh.stderr + notAKey.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the whitelist when WeChat answers -10008 for this IP', async () => {
    wechat.blockIp = true;
    const outcome = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x']).finally(() => {
      wechat.blockIp = false;
    });

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^golive: WeChat refused the upload from IP 127\.0\.0\.1 \(-10008, not on the whitelist\): add this machine's public IP/);
    expect(outcome.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  }, 120_000);

  it('catches a wrong AppID: a key of another mini-program, --appid, and WeChat refusing the appid', async () => {
    const otherKey = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x'], { GOLIVE_MP_KEY_FILE: join(dir, 'keys', 'private.wx0000000000000000.key') });
    const flag = await golive(['miniprogram', 'upload', '--project', 'app', '--appid', 'wx0000000000000000', '--version', '1.4.2', '--desc', 'x']);
    await writeFile(join(dir, 'app', 'project.config.json'), JSON.stringify({ appid: 'wxffffffffffffffff', compileType: 'miniprogram' }));
    await rm(keyFile.replace(wechat.appid, 'wxffffffffffffffff'), { force: true });
    const renamed = join(dir, 'keys', 'upload.key');
    await writeFile(renamed, wechat.privateKey);
    const remote = await golive(['miniprogram', 'upload', '--project', 'app', '--version', '1.4.2', '--desc', 'x'], { GOLIVE_MP_KEY_FILE: renamed }).finally(() =>
      writeFile(join(dir, 'app', 'project.config.json'), JSON.stringify({ appid: wechat.appid, compileType: 'miniprogram' })),
    );

    expect(otherKey.code).toBe(2);
    expect(otherKey.stderr).toContain(`wrong AppID: the key ${join(dir, 'keys', 'private.wx0000000000000000.key')} is for wx0000000000000000, the build in ${join(dir, 'app')} is for ${wechat.appid}`);
    expect(flag.stderr).toContain(`wrong AppID: ${join(dir, 'app', 'project.config.json')} says ${wechat.appid}, --appid says wx0000000000000000`);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(/^golive: WeChat does not accept appid wxffffffffffffffff \(40013: invalid appid\)/);
  }, 120_000);

  it('asks for the Taro build when the output folder is missing', async () => {
    const outcome = await golive(['miniprogram', 'upload', '--project', 'taro', '--version', '1.4.2', '--desc', 'x']);

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('taro project');
    expect(outcome.stderr).toContain('build it first (`npm run build:weapp`)');
  });
});

describe('golive miniprogram preview', () => {
  it('shows the QR code WeChat returns in the terminal and writes it as a picture', async () => {
    const outcome = await golive(['miniprogram', 'preview', '--project', 'app', '--qrcode', 'qr.png', '--page', 'pages/index/index', '--query', 'id=42']);

    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    // qrcode-terminal draws modules as ANSI black / white background cells.
    expect(outcome.stdout.startsWith('\u001b[47m') || outcome.stdout.startsWith('\u001b[40m')).toBe(true);
    expect(outcome.stdout).toContain(`preview of ${wechat.appid}`);
    expect((await readFile(join(dir, 'qr.png'))).subarray(1, 4).toString()).toBe('PNG');
    const preview = wechat.uploads.at(-1);
    expect(preview?.kind).toBe('preview');
    expect(preview?.query).toMatchObject({ path: 'pages/index/index?id=42' });
  }, 120_000);
});
