import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchRequest, WorkerSetup } from './batch.js';
import { defaultScanConfig } from './defaults.js';
import { readBaseline, redactSecrets, redactValue, scanText, scanTree, writeBaseline } from './index.js';
import { prestartWorkers, takePrestarted, WorkerPool } from './pool.js';
import { fileScanner, runBatch } from './run-batch.js';
import { isBuildOutput, startOf, type DirTask } from './walk.js';

const j = (...parts: string[]): string => parts.join('');
const aliyunId = j('LTAI', '5tQ8mZ2kR7vN4pW9xL3c');
const dbPassword = j('Qx7vR2pL', 'm9Tz');
const dbUrl = j('mysql://app:', dbPassword, '@rm-bp1.mysql.rds.aliyuncs.com:3306/shop');
const teamKey = 'team-key-3f9a2c7e5b1d4f8a';

let root: string;

function put(rel: string, content: string | Buffer): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'golive-scan-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('scanTree walking', () => {
  it('in a git work tree, .gitignore hides untracked files only; .goliveignore hides anything; never enters .git, .svn, .hg or node_modules', async () => {
    put('.gitignore', 'dist/\n*.log\n*.env\nsecrets/\n');
    put('app/.gitignore', 'generated.js\n');
    put('.goliveignore', 'fixtures/\n');
    put('dist/bundle.js', `const id = '${aliyunId}';\n`);
    put('vendor/overtrue/wechat/src/Client.php', `$id = '${aliyunId}';\n`);
    put('debug.log', `${aliyunId}\n`);
    put('app/generated.js', `${aliyunId}\n`);
    put('local.env', `${aliyunId}\n`);
    put('fixtures/keys.env', `${aliyunId}\n`);
    put('node_modules/x/index.js', `${aliyunId}\n`);
    put('app/config.js', `export const id = '${aliyunId}';\n`);
    // Committed although .gitignore matches them (`git add -f`): every clone has them.
    put('production.env', `ALIYUN_KEY_ID=${aliyunId}\n`);
    put('secrets/deploy/id.js', `export const id = '${aliyunId}';\n`);
    put('fixtures/tracked.js', `export const id = '${aliyunId}';\n`);
    const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root });
    git('init', '-q');
    git('add', '.gitignore', 'app/.gitignore', '.goliveignore', 'app/config.js');
    git('add', '-f', 'production.env', 'secrets/deploy/id.js', 'fixtures/tracked.js');
    git('commit', '-qm', 'start');
    put('.git/config-copy', `${aliyunId}\n`);
    // Subversion's pristine copies, committed by mistake: copies of files, never the work tree.
    put('lib/.svn/pristine/3f/3f9a.svn-base', `$id = '${aliyunId}';\n`);
    put('.hg/store/data/config.js.i', `${aliyunId}\n`);
    git('add', '-f', 'lib/.svn/pristine/3f/3f9a.svn-base');
    git('commit', '-qm', 'svn copies');

    for (const workers of [0, 2]) {
      const report = await scanTree({ root, workers });
      expect(report.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['app/config.js:aliyun-access-key-id', 'production.env:aliyun-access-key-id', 'secrets/deploy/id.js:aliyun-access-key-id']);
    }
  });

  it('outside a git work tree .gitignore is honoured (a deployed folder keeps its .env), unless told the tree is an export', async () => {
    put('.gitignore', '*.key\nconfig/\n');
    put('.goliveignore', 'vendor/\n');
    put('server.key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n-----END RSA PRIVATE KEY-----\n');
    put('config/prod.js', `export const id = '${aliyunId}';\n`);
    put('vendor/lib.js', `export const id = '${aliyunId}';\n`);
    put('app.js', `export const id = '${aliyunId}';\n`);

    const deployed = await scanTree({ root, workers: 0 });
    const exported = await scanTree({ root, workers: 0, config: { gitignore: false } });

    expect(deployed.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['app.js:aliyun-access-key-id']);
    expect(exported.findings.map((f) => `${f.file}:${f.rule}`)).toEqual(['app.js:aliyun-access-key-id', 'config/prod.js:aliyun-access-key-id', 'server.key:private-key']);
  });

  it('reports each hostile entry with a reason instead of crashing or hanging', async () => {
    put('big.bin.txt', '');
    truncateSync(path.join(root, 'big.bin.txt'), 2 * 1024 ** 3);
    symlinkSync('loop-b', path.join(root, 'loop-a'));
    symlinkSync('loop-a', path.join(root, 'loop-b'));
    execFileSync('mkfifo', [path.join(root, 'pipe')]);
    put('locked.env', `DATABASE_URL=${dbUrl}\n`);
    chmodSync(path.join(root, 'locked.env'), 0o000);
    put('latin1.env', Buffer.concat([Buffer.from('name=caf\xe9\n', 'latin1'), Buffer.from(`DATABASE_URL=${dbUrl}\n`)]));
    put('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    put('one-line.js', 'a'.repeat(50 * 1024 * 1024));

    const report = await scanTree({ root, workers: 0 });

    const reasons = Object.fromEntries(report.skipped.map((s) => [s.file, s.reason]));
    expect(reasons).toMatchObject({
      'big.bin.txt': 'too-large',
      'loop-a': 'symlink-loop',
      'loop-b': 'symlink-loop',
      pipe: 'not-a-file',
      'latin1.env': 'invalid-encoding',
      'image.png': 'binary',
      'one-line.js': 'too-large',
    });
    // Running as root the locked file is still readable; otherwise it is reported as unreadable.
    const locked = report.findings.some((f) => f.file === 'locked.env') || reasons['locked.env'] === 'unreadable';
    expect(locked).toBe(true);
    expect(report.findings.filter((f) => f.file === 'latin1.env').map((f) => f.rule)).toEqual(['connection-string-password']);
    expect(report.stats.skipped).toBe(report.skipped.length);
  });

  it('reads a notes file saved in GBK (Chinese Windows) as text, and leaves Latin-1 as it is', async () => {
    const password = ['Vq7', 'mZ2k', 'Lp9x'].join('');
    // `数据库密码：` in GBK, then the password: the bytes Notepad wrote on Chinese Windows before 2019.
    put('服务器信息.txt', Buffer.concat([Buffer.from('cafdbeddbfe2c3dcc2eba3ba', 'hex'), Buffer.from(`${password}\r\n`)]));
    put('latin1.txt', Buffer.from('caf\xe9\npassword: hunter\n', 'latin1'));

    const report = await scanTree({ root, workers: 0, rules: 'secrets' });

    expect(report.findings.filter((f) => f.file === '服务器信息.txt').map((f) => f.rule)).toEqual(['plaintext-password']);
    expect(report.findings.find((f) => f.file === '服务器信息.txt')?.preview).toContain('数据库密码');
    expect(report.skipped.map((s) => [s.file, s.reason])).toEqual([['latin1.txt', 'invalid-encoding']]);
    expect(JSON.stringify(report)).not.toContain(password);
  });

  it('reads a file with the old Mac line ends (\\r alone) line by line, as an editor shows it', async () => {
    const password = ['Vq7', 'mZ2k', 'Lp9x'].join('');
    put('.env', `APP_DEBUG = true\r\r[DATABASE]\rHOSTNAME = 47.100.23.61\rUSERNAME = shop\rPASSWORD = ${password}\rHOSTPORT = 3306\r`);

    const report = await scanTree({ root, workers: 0, rules: 'secrets' });

    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.preview}`)).toEqual(['.env:6 password-with-host PASSWORD = ••••9x']);
  });

  it('scans a single 50 MB line in bounded time when the limit is raised', async () => {
    const filler = 'x=1;'.repeat(6 * 1024 * 1024);
    put('bundle.min.js', `${filler}var k="${aliyunId}";${filler}console.log(k);`);

    const started = Date.now();
    // Minified files are build output, left out unless asked for.
    const report = await scanTree({ root, workers: 0, maxFileBytes: 64 * 1024 * 1024, config: { includeBuildOutput: true } });

    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.findings.map((f) => f.rule)).toContain('aliyun-access-key-id');
    expect(report.findings.every((f) => f.preview.length <= 170)).toBe(true);
  });

  it('leaves build output and minified bundles out unless asked for, and finds key stores by name', async () => {
    const leak = `const k = "${aliyunId}";\n`;
    for (const file of ['dist/app.js', 'build/static/js/main.js', 'unpackage/dist/build/mp-weixin/common/vendor.js', 'miniprogram_dist/index.js', 'static/js/chunk-vendors.js', 'static/js/2.3f9a.chunk.js', 'lib/vendor.min.js', 'h5/assets/index-3f9a2c1b.js', 'h5/assets/index-BkXq3f9A.js', 'static/js/app.8f3a2c.js', 'src/app.js']) put(file, leak);
    put('cert/apiclient_cert.p12', Buffer.from([0x30, 0x82, 0x0a, 0x00, 0x02, 0x01, 0x03]));
    // An empty placeholder for the merchant's certificate holds no key.
    put('src/main/resources/xxx.p12', '');

    const byDefault = await scanTree({ root, workers: 0, rules: 'secrets' });
    const everything = await scanTree({ root, workers: 0, rules: 'secrets', config: { includeBuildOutput: true } });

    expect(byDefault.findings.map((f) => `${f.file} ${f.rule} ${f.severity}`)).toEqual(['cert/apiclient_cert.p12 key-file critical', 'src/app.js aliyun-access-key-id high']);
    expect(byDefault.skipped).toEqual([{ file: 'cert/apiclient_cert.p12', reason: 'binary', detail: 'NUL byte in the first 8 KB' }]);
    expect(everything.findings.filter((f) => f.rule === 'aliyun-access-key-id')).toHaveLength(11);
  });

  it('leaves third-party code, Maven output but its packaged configuration, and agents\' documents out unless asked for, and keeps the team\'s own', async () => {
    const leak = `const accessKeyId = '${aliyunId}';\n`;
    const yaml = `aliyun:\n  access-key-id: ${aliyunId}\n`;
    const example = `\`\`\`yaml\npassword: "${j('Xk9mPq2w', 'Lr7vTz4N')}"\n\`\`\`\n`;
    for (const file of ['node_modules_bak/ali-oss/lib/client.js', 'miniprogram_npm/@vant/weapp/index.js', 'bower_components/x/index.js', 'npm-cache/_cacache/content-v2/sha512/3f/a9/0c1d', 'src/utils/config.js', 'pages/target/index.js']) put(file, leak);
    put('server/pom.xml', '<project/>\n');
    for (const file of ['server/src/main/resources/application.yml', 'server/target/classes/application.yml']) put(file, yaml);
    // Of Maven's output, only the configuration and key stores it packaged are read: what was deployed.
    put('server/target/classes/static/js/app.js', leak);
    put('server/target/classes/gateway.jks', 'not read: a key store is a finding by its name and type\n');
    put('server/target/classes/static/img/logo.pem.txt', leak);
    for (const file of ['.claude/skills/db/SKILL.md', '.cursor/rules/db.mdc', '.agents/skills/x/README.md', '.github/copilot-instructions.md', '.github/prompts/db.prompt.md']) put(file, example);
    // Pasted by a person into an agent's settings: real.
    put('.claude/settings.local.json', `{ "env": { "ALIYUN_ACCESS_KEY_ID": "${aliyunId}" } }\n`);
    // Libraries copied in under plain names, known by their licence banners; a team's own header is no such banner.
    put('public/static/lib/codemirror/codemirror.js', `// CodeMirror, copyright (c) by Marijn Haverbeke and others\n// Distributed under an MIT license: https://codemirror.net/5/LICENSE\n\n${leak}`);
    put('utils/md5.js', `/*! md5 v2.3.0 | (c) 2024 someone | MIT */\n${leak}`);
    put('utils/own.js', `/* Copyright (c) 2024 Acme Inc. All rights reserved. */\n${leak}`);
    // A browser's saved page: `list_files/` beside `list.html` is the page's assets; `upload_files/` alone is the team's.
    put('view/list.html', '<html></html>\n');
    put('view/list_files/container.html', leak);
    put('upload_files/config.js', leak);

    const byDefault = await scanTree({ root, workers: 0, rules: 'secrets' });
    const everything = await scanTree({ root, workers: 0, rules: 'secrets', config: { includeBuildOutput: true } });

    expect(byDefault.findings.map((f) => f.file)).toEqual([
      '.claude/settings.local.json',
      'pages/target/index.js',
      'server/src/main/resources/application.yml',
      'server/target/classes/application.yml',
      'server/target/classes/gateway.jks',
      'src/utils/config.js',
      'upload_files/config.js',
      'utils/own.js',
    ]);
    expect(new Set(everything.findings.map((f) => f.file)).size).toBe(22);
  });

  it('tells a bundler\'s hashed script name and source maps from names people write', () => {
    // apidoc's generated data (`doc/api_data.json`) repeats its docblocks' sample responses.
    const hashed = ['index-3f9a2c1b.js', 'index-BkXq3f9A.js', 'index-Cq-34xZU.js', 'app.8f3a2c.js', 'vendor.abc12345.js', 'app.js.map', 'index.css.map', 'api_data.json', 'api_data.js', 'api_project.js'];
    const written = ['user-settings.js', 'api-getToken.js', 'icon-UserList.js', 'decade-facade.js', 'jquery-1.12.4.js', 'module-es2015.js', 'migration-20240101.js', 'api_config.json', 'data.json'];

    expect(hashed.filter((name) => !isBuildOutput(name, false))).toEqual([]);
    expect(written.filter((name) => isBuildOutput(name, false))).toEqual([]);
  });

  it('knows renamed node_modules, vendored editors and agents\' instruction files by name, not the documents people write', () => {
    const leftOut: [string, boolean][] = [['node_modules_bak', true], ['node_modules.old', true], ['miniprogram_npm', true], ['umeditor', true], ['ueditor', true], ['Vendor', true], ['venv', true], ['.venv', true], ['site-packages', true], ['extra_apps', true], ['rest_framework_simplejwt', true], ['pdfjs', true], ['codemirror', true], ['copilot-instructions.md', false], ['db.prompt.md', false], ['api.instructions.md', false], ['.cursorrules', false]];
    const kept: [string, boolean][] = [['modules', true], ['target', true], ['npm', true], ['README.md', false], ['AGENTS.md', false], ['CLAUDE.md', false], ['prompt.md', false], ['instructions.md', false]];

    expect(leftOut.filter(([name, isDir]) => !isBuildOutput(name, isDir))).toEqual([]);
    expect(kept.filter(([name, isDir]) => isBuildOutput(name, isDir))).toEqual([]);
  });

  it('leaves out a script minified under a plain name unless asked for, and keeps a script whose long line comes late', async () => {
    const minified = `!function(){${'var a=1;'.repeat(800)}var k="${aliyunId}"}();\n`;
    put('h5/static/js/index.js', minified);
    put('src/logo.js', `const k = "${aliyunId}";\n${'// notes\n'.repeat(1200)}export const logo = "${'A'.repeat(6000)}";\n`);

    const byDefault = await scanTree({ root, workers: 0, rules: 'secrets' });
    const everything = await scanTree({ root, workers: 0, rules: 'secrets', config: { includeBuildOutput: true } });

    expect(byDefault.findings.map((f) => f.file)).toEqual(['src/logo.js']);
    expect(everything.findings.map((f) => f.file).sort()).toEqual(['h5/static/js/index.js', 'src/logo.js']);
  });

  it('finds the same things on worker threads as inline, with the walk itself shared out', async () => {
    // 300 files in one directory (more than a worker takes at once), 40 nested directories with their own ignore
    // files, a planted secret deep down, skipped entries: every share of the tree must come back exactly once.
    for (let i = 0; i < 300; i++) put(`src/m${i}.js`, `export const v${i} = ${i};\n`);
    for (let d = 0; d < 40; d++) {
      const dir = `packages/p${d}/lib/deep`;
      put(`packages/p${d}/.goliveignore`, 'ignored.js\n');
      put(`packages/p${d}/ignored.js`, `const k = '${aliyunId}';\n`);
      for (let i = 0; i < 5; i++) put(`${dir}/f${i}.js`, `// TODO ${d}.${i}\nexport default ${i};\n`);
    }
    put('packages/p33/lib/deep/db.js', `const pool = mysql.createPool('${dbUrl}');\n`);
    put('pages/index/index.js', "console.log('hi')\n");
    put('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));

    const inline = await scanTree({ root, workers: 0 });
    const threaded = await scanTree({ root, workers: 2 });

    expect(threaded.findings).toEqual(inline.findings);
    expect(threaded.skipped).toEqual(inline.skipped);
    expect(threaded.stats.files).toBe(inline.stats.files);
    expect(threaded.stats.bytes).toBe(inline.stats.bytes);
    expect(inline.stats.files).toBe(300 + 40 * 5 + 2 + 40);
    expect(inline.findings.filter((f) => f.rule === 'todo-marker')).toHaveLength(200);
    expect(inline.findings.filter((f) => f.category === 'secret').map((f) => `${f.file}:${f.rule}`)).toEqual(['packages/p33/lib/deep/db.js:connection-string-password']);
    expect(inline.skipped.map((f) => `${f.file}:${f.reason}`)).toEqual(['assets/logo.png:binary']);
  });

  it('gives workers their setup after they start, and a warm pool a new one', async () => {
    put('app/db.js', `// TODO move to env\nconst pool = mysql.createPool('${dbUrl}');\n`);
    const pool = new WorkerPool(1);
    const share = (id: number): BatchRequest => ({ id, files: [], dirs: [(startOf(root, []) as { dir: DirTask }).dir], budget: 100 });
    const setup = (group: 'secrets' | 'leftovers'): WorkerSetup => ({ spec: { group, leftovers: defaultScanConfig().leftovers, patterns: [] }, maxFileBytes: 1 << 20, fingerprintKey: undefined });
    try {
      pool.configure(setup('secrets'));
      // Posted before the worker has loaded: the share waits in the pool until it is ready.
      const secrets = await pool.run(share(1));
      pool.configure(setup('leftovers'));
      const leftovers = await pool.run(share(2));

      expect(secrets.findings.map((f) => f.rule)).toEqual(['connection-string-password']);
      expect(leftovers.findings.map((f) => f.rule)).toEqual(['todo-marker']);
    } finally {
      await pool.close();
    }
  });

  it('takes the workers prestarted before the scan was set up', async () => {
    for (let d = 0; d < 30; d++) for (let i = 0; i < 20; i++) put(`mod${d}/f${i}.js`, `// TODO ${d}.${i}\nexport const url = '${i === 7 ? dbUrl : 'x'}';\n`);
    const inline = await scanTree({ root, workers: 0 });

    prestartWorkers(3);
    const early = await scanTree({ root, workers: 3 });

    expect(early.findings).toEqual(inline.findings);
    expect(early.findings).toHaveLength(630);
    expect(takePrestarted(3)).toBeUndefined();
  });

  it('finds the same with the calling thread reading and the worker running the rules (light shares)', async () => {
    // Prestarted workers: the calling thread reads and prefilters from the first file on and hands files with keyword
    // hits to the worker. Key stores by name with and without a private key inside, invalid UTF-8, binaries, inline
    // markers, a secret on a leftover's line (preview redaction), files without hits: the same report as inline.
    const pem = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n-----END RSA PRIVATE KEY-----\n`;
    for (let d = 0; d < 12; d++) {
      for (let i = 0; i < 40; i++) put(`mod${d}/f${i}.js`, i % 3 === 0 ? `// TODO ${d}.${i}\nconsole.log('${i}');\n` : `export const v = ${i};\n`);
      put(`mod${d}/cert/apiclient_key.pem`, d % 2 === 0 ? pem : 'not a key\n');
      put(`mod${d}/db.js`, `// TODO rotate ${dbUrl}\nconst pool = mysql.createPool('${dbUrl}'); // golive:allow=todo-marker\n`);
      put(`mod${d}/latin1.js`, Buffer.concat([Buffer.from(`const k = '${aliyunId}'; // caf`), Buffer.from([0xe9, 0x0a])]));
      put(`mod${d}/logo.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    }
    const inline = await scanTree({ root, workers: 0 });
    const leftoversInline = await scanTree({ root, workers: 0, rules: 'leftovers' });

    prestartWorkers(1);
    const light = await scanTree({ root, workers: 1 });
    prestartWorkers(1);
    const leftoversLight = await scanTree({ root, workers: 1, rules: 'leftovers' });

    expect(light.findings).toEqual(inline.findings);
    expect(light.skipped).toEqual(inline.skipped);
    expect(light.stats.bytes).toBe(inline.stats.bytes);
    expect(leftoversLight.findings).toEqual(leftoversInline.findings);
    expect(inline.findings.filter((f) => f.rule === 'key-file').map((f) => f.file)).toEqual([1, 3, 5, 7, 9, 11].map((d) => `mod${d}/cert/apiclient_key.pem`).sort());
    expect(inline.findings.filter((f) => f.rule === 'private-key')).toHaveLength(6);
    expect(inline.skipped.filter((s) => s.reason === 'invalid-encoding')).toHaveLength(12);
    expect(JSON.stringify([light, leftoversLight])).not.toContain(dbPassword);
  });

  it('runs the rules on a file read and prefiltered on another thread exactly as on one it reads itself', () => {
    put('a/db.js', `// TODO\nconst pool = mysql.createPool('${dbUrl}');\n`);
    put('a/plain.js', 'export const v = 1;\n');
    // Minified under a plain name: left out before its rules run, so never handed on as a heavy file.
    put('a/static/index.js', `!function(){${'var a=1;'.repeat(800)}var k="${aliyunId}"}();\n`);
    const setup: WorkerSetup = { spec: { group: 'all', leftovers: defaultScanConfig().leftovers, patterns: [] }, maxFileBytes: 1 << 20, fingerprintKey: undefined, skipBuildOutput: true };
    const share: BatchRequest = { id: 1, files: [], dirs: [(startOf(root, []) as { dir: DirTask }).dir], budget: 10 };

    const full = runBatch(share, fileScanner(setup));
    const light = runBatch(share, fileScanner(setup), true);
    const rules = runBatch({ id: 2, files: [], dirs: [], budget: 0, heavy: light.heavy ?? [] }, fileScanner(setup));

    expect(light.heavy?.map((h) => h.rel)).toEqual(['a/db.js']);
    expect(light.findings).toEqual([]);
    expect([light.files, light.bytes, rules.files, rules.bytes]).toEqual([full.files, full.bytes, 0, 0]);
    expect(rules.findings).toEqual(full.findings);
    expect(full.findings.map((f) => f.rule).sort()).toEqual(['connection-string-password', 'todo-marker']);
  });

  it('ends a share early when asked, handing back every file and directory it has not reached', () => {
    for (let d = 0; d < 6; d++) for (let i = 0; i < 10; i++) put(`d${d}/f${i}.js`, `// TODO ${d}.${i}\n`);
    const setup: WorkerSetup = { spec: { group: 'all', leftovers: defaultScanConfig().leftovers, patterns: [] }, maxFileBytes: 1 << 20, fingerprintKey: undefined };
    const scanner = fileScanner(setup);
    const whole = runBatch({ id: 1, files: [], dirs: [(startOf(root, []) as { dir: DirTask }).dir], budget: 1000 }, scanner);

    const shares = [runBatch({ id: 2, files: [], dirs: [(startOf(root, []) as { dir: DirTask }).dir], budget: 1000 }, scanner, false, () => true)];
    for (let last = shares[0]; last !== undefined && (last.pending.files.length > 0 || last.pending.dirs.length > 0); ) {
      last = runBatch({ id: 3, files: last.pending.files, dirs: last.pending.dirs, budget: 1000 }, scanner, false, () => true);
      shares.push(last);
    }

    expect(shares[0]?.files).toBe(16);
    expect(shares.length).toBeGreaterThan(3);
    expect(shares.flatMap((s) => s.findings).sort((a, b) => a.file.localeCompare(b.file))).toEqual([...whole.findings].sort((a, b) => a.file.localeCompare(b.file)));
    expect(whole.files).toBe(60);
  });

  it('runs scans of different setups at the same time on their own warm pools', async () => {
    for (let d = 0; d < 30; d++) for (let i = 0; i < 20; i++) put(`mod${d}/f${i}.js`, `// TODO ${d}.${i}\nexport const url = '${i === 7 ? dbUrl : 'x'}';\n`);

    const alone = [await scanTree({ root, rules: 'secrets', workers: 2 }), await scanTree({ root, rules: 'leftovers', workers: 2 })];
    const together = await Promise.all([scanTree({ root, rules: 'secrets', workers: 2 }), scanTree({ root, rules: 'leftovers', workers: 2 }), scanTree({ root, rules: 'secrets', workers: 2 })]);

    expect(together.map((r) => r.findings)).toEqual([alone[0]?.findings, alone[1]?.findings, alone[0]?.findings]);
    expect(alone[0]?.findings).toHaveLength(30);
    expect(alone[1]?.findings).toHaveLength(600);
  });

  it('stops mid-way when aborted, and the next scan still works', async () => {
    for (let d = 0; d < 40; d++) for (let i = 0; i < 25; i++) put(`mod${d}/f${i}.js`, `export const v = ${i};\n`);
    const controller = new AbortController();
    const progress: number[] = [];

    const aborted = scanTree({
      root,
      workers: 2,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.files);
        if (p.files >= 400) controller.abort();
      },
    });

    await expect(aborted).rejects.toThrow();
    expect(progress.at(-1)).toBeLessThan(1000);
    expect((await scanTree({ root, workers: 2 })).stats.files).toBe(1000);
  });

  it('fails with a usage error when the path does not exist', async () => {
    await expect(scanTree({ root: path.join(root, 'missing') })).rejects.toMatchObject({ code: 'scan.root-missing', exitCode: 2 });
  });

  it('stops when aborted', async () => {
    for (let i = 0; i < 500; i++) put(`f${i}.js`, 'x\n');
    const controller = new AbortController();
    controller.abort();

    await expect(scanTree({ root, signal: controller.signal })).rejects.toThrow();
  });
});

describe('allow-listing and baselines', () => {
  it('accepts findings by inline marker, by path and rule in config, and by baseline', async () => {
    put('a.env', `DATABASE_URL=${dbUrl} # golive:allow\n`);
    put('b.env', `# golive:allow-next-line connection-string-password\nDATABASE_URL=${dbUrl}\n`);
    put('docs/setup.md', `mysql --uri ${dbUrl}\n`);
    put('c.env', `DATABASE_URL=${dbUrl}\n`);
    // The marker only covers the line right below it, also on CRLF files and after a long line.
    put('e.env', `# golive:allow-next-line\r\nDATABASE_URL=${dbUrl}\r\n\r\nREDIS=${'x'.repeat(9000)}\n# golive:allow-next-line\nAPI=1\nDATABASE_URL=${dbUrl}\n`);

    const first = await scanTree({ root, workers: 0, fingerprintKey: teamKey, config: { allow: [{ paths: ['docs/'], reason: 'sample' }] } });
    expect(first.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['c.env:1', 'e.env:7']);

    const baselineFile = path.join(root, '..', `${path.basename(root)}-baseline.json`);
    await writeBaseline(baselineFile, first.findings.filter((f) => f.file === 'c.env'), teamKey);
    rmSync(path.join(root, 'e.env'));
    put('d.env', `REDIS_URL=redis://:${j('Lm2Np8', 'Qr4zT')}@cache:6379\n`);
    const second = await scanTree({ root, workers: 0, fingerprintKey: teamKey, baseline: baselineFile, config: { allow: [{ paths: ['docs/'] }] } });

    expect(second.findings.map((f) => f.file)).toEqual(['d.env']);
    expect(second.baselined).toBe(1);
    expect((await readBaseline(baselineFile, teamKey)).size).toBe(1);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(baselineFile, 'utf8')).not.toContain(dbPassword);
    expect(readFileSync(baselineFile, 'utf8')).not.toContain(teamKey);
    rmSync(baselineFile);
  });

  it('keys fingerprints: a weak password cannot be guessed back from a baseline without the team key', async () => {
    const weak = '123456';
    put('application.yml', `spring:\n  datasource:\n    url: jdbc:mysql://47.100.23.61:3306/shop\n    username: root\n    password: ${weak}\n`);
    const keyed = await scanTree({ root, workers: 0, fingerprintKey: teamKey, rules: 'secrets' });
    const finding = keyed.findings.find((f) => f.rule === 'password-with-host');
    expect(finding?.severity).toBe('critical');
    const { createHash } = await import('node:crypto');
    // The unkeyed sha256 of version 1 was guessable by trying common passwords; neither form matches it now.
    const guess = createHash('sha256').update(`password-with-host\0application.yml\0${weak}`).digest('hex').slice(0, 32);
    expect(finding?.fingerprint).not.toBe(guess);
    const unkeyed = await scanTree({ root, workers: 0, rules: 'secrets' });
    expect(unkeyed.findings.find((f) => f.rule === 'password-with-host')?.fingerprint).not.toBe(guess);
    // The same key gives the same fingerprint (a team shares baselines); another key a different one.
    const again = await scanTree({ root, workers: 0, fingerprintKey: teamKey, rules: 'secrets' });
    const other = await scanTree({ root, workers: 0, fingerprintKey: 'another-key-0123456789', rules: 'secrets' });
    expect(again.findings.map((f) => f.fingerprint)).toEqual(keyed.findings.map((f) => f.fingerprint));
    expect(other.findings.find((f) => f.rule === 'password-with-host')?.fingerprint).not.toBe(finding?.fingerprint);
  });

  it('says how to migrate a version-1 baseline, and refuses a baseline without the key or with another one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'golive-baseline-'));
    const v1 = path.join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify({ version: 1, tool: 'golive', findings: [{ fingerprint: 'a'.repeat(32), rule: 'generic-secret', file: 'a.env' }] }));
    await expect(readBaseline(v1, teamKey)).rejects.toMatchObject({ code: 'scan.baseline-unkeyed', text: { en: expect.stringContaining('--write-baseline') } });
    const v2 = path.join(dir, 'v2.json');
    await writeBaseline(v2, [], teamKey);
    await expect(readBaseline(v2, undefined)).rejects.toMatchObject({ code: 'scan.baseline-key-missing', text: { zh: expect.stringContaining('GOLIVE_SCAN_KEY') } });
    await expect(readBaseline(v2, 'another-key-0123456789')).rejects.toMatchObject({ code: 'scan.baseline-key-mismatch' });
    await expect(writeBaseline(v2, [], undefined)).rejects.toMatchObject({ code: 'scan.baseline-key-missing' });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('leftovers', () => {
  it('finds console.log in shipped code, debug switches and local URLs in production config, and forbidden literals', async () => {
    put('pages/order/index.js', "console.log('order', id);\n// console.log('commented');\ndebugger;\n");
    put('test/order.test.js', "console.log('fine in tests');\n");
    put('backend/controllers/orderController.js', '// TODO: remove mock\n');
    put('.env.production', 'ENABLE_DEBUG_ROUTES=true\nLOG_LEVEL=debug\nAPI_BASE=http://localhost:3000\nDB_HOST=192.168.1.20\nCALLBACK=https://api-test.example.cn/pay/notify\n');
    put('.env.development', 'DEBUG=true\nAPI_BASE=http://localhost:3000\n');
    put('pages/distribution/invite.wxml', '<text>佣金比例 10%</text>\n');

    const report = await scanTree({
      root,
      workers: 0,
      rules: 'leftovers',
      config: { forbidden: [{ id: 'hard-coded-commission', literal: '10%', paths: ['pages/distribution/*.wxml'], severity: 'high', message: 'commission rate must come from config' }] },
    });

    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([
      '.env.production:1 debug-switch',
      '.env.production:2 debug-switch',
      '.env.production:3 local-url',
      '.env.production:5 test-domain-url',
      'backend/controllers/orderController.js:1 todo-marker',
      'pages/distribution/invite.wxml:1 hard-coded-commission',
      'pages/order/index.js:1 console-log',
      'pages/order/index.js:3 debugger-statement',
    ]);
  });

  it('turns leftover groups off through config', async () => {
    put('pages/a.js', "console.log('x') // TODO\n");

    const report = await scanTree({ root, workers: 0, config: { leftovers: { console: false } } });

    expect(report.findings.map((f) => f.rule)).toEqual(['todo-marker']);
  });
});

describe('redaction', () => {
  it('keeps only the last two characters of long values', () => {
    expect(redactValue('nrftI5r4ag9qAGvk')).toBe('••••vk');
    expect(redactValue('short')).toBe('••••');
  });

  it('redacts every recognised secret in free text, including whole PEM blocks', () => {
    const pem = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n-----END RSA PRIVATE KEY-----`;
    const text = `ssh root@112.74.36.81 (root/${j('nrftI5r4', 'ag9qAGvk')})\nDATABASE_URL=${dbUrl}\n${pem}\nkey ${aliyunId}`;

    const redacted = redactSecrets(text);

    for (const secret of [j('nrftI5r4', 'ag9qAGvk'), dbPassword, aliyunId, 'MIIEpAIBAAKCAQEA7VJTUt9Us8cKjMzEfYyjiWA4R4M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvuNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('rm-bp1.mysql.rds.aliyuncs.com');
  });

  it('masks a secret value wherever it recurs on the line, not only where the rule matched it', () => {
    const value = j('Kp4mZ8', 'qR2vXw');
    const findings = scanText(`| 测试账号 | ${value} | 密码：${value} |\nDB_USER=${value} DB_PASSWORD=${value}\n`, 'docs/accounts.md');

    expect(findings.filter((f) => f.category === 'secret').length).toBeGreaterThan(0);
    for (const finding of findings) expect(finding.preview).not.toContain(value);
    expect(redactSecrets(`login ${value}, 密码：${value}`)).not.toContain(value);
  });

  it('masks a secret written in groups (a Gmail app password) whole, not only its first group', () => {
    const groups = ['qwhd', 'zkrt', 'mvpe', 'lxna'];
    const text = `spring:\n  mail:\n    host: smtp.gmail.com\n    username: shop.notice@gmail.com\n    password: ${groups.join(' ')}\n`;
    const findings = scanText(text, 'src/main/resources/application.yml', { rules: 'secrets' });

    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) for (const group of groups) expect(finding.preview).not.toContain(group);
    for (const group of groups) expect(redactSecrets(text)).not.toContain(group);
  });

  it('redacts secrets in previews of leftover findings even when only leftovers are reported', () => {
    const findings = scanText(`const url = '${dbUrl}'; // TODO rotate\n`, 'src/db.js', { rules: 'leftovers' });

    expect(findings.map((f) => f.rule)).toEqual(['todo-marker']);
    expect(findings[0]?.preview).not.toContain(dbPassword);
  });
});
