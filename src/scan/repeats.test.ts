import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanFormatters } from './format/index.js';
import { builtinRules, scanText, scanTree, writeBaseline } from './index.js';
import { isDistinctive, maxRepeatedValues } from './repeats.js';

const j = (...parts: string[]): string => parts.join('');
/** A WeChat AppSecret made in the test: 32 hex of both letters and digits. */
const appSecret = j('7c3f9a1e', '5b2d8c4f', '0a6e9b3d', '1f7c5a28');
const dbPassword = j('Shop2023', '.Prod');

let root: string;

function put(rel: string, content: string): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'golive-repeats-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A tree with one AppSecret in its configuration and copies where no rule would find them by themselves. */
function treeWithCopies(): void {
  put('server/config/wx.js', `module.exports = {\n  appId: 'wx1a2b3c4d5e6f7a8b',\n  appSecret: '${appSecret}',\n};\n`);
  put('docs/部署.md', `# 部署\n\n| 小程序 | wx1a2b3c4d5e6f7a8b / ${appSecret} |\n`);
  put('scripts/check.sh', `#!/bin/sh\necho ${appSecret} > /tmp/x\n`);
  // Inside a longer token, and in another case: not the same value.
  put('server/ids.js', `const a = '${appSecret}00';\nconst b = '${appSecret.toUpperCase()}';\n`);
  // Tests and build output hold fixtures and copies of the source: not looked at.
  put('test/wx.test.js', `expect(secret).toBe('${appSecret}')\n`);
  put('dist/app.js', `var s="${appSecret}";\n`);
}

describe('copies of a reported secret (repeated-secret)', () => {
  it('are found in other files, rated like the finding they copy, with the original named and the value masked', async () => {
    treeWithCopies();
    for (const workers of [0, 2]) {
      const report = await scanTree({ root, workers, rules: 'secrets' });
      const copies = report.findings.filter((f) => f.rule === 'repeated-secret');
      expect(copies.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity}`), `workers ${workers}`).toEqual([
        'docs/部署.md:3:30 critical',
        'scripts/check.sh:2:6 critical',
      ]);
      expect(copies[0]?.preview).toContain('(wechat-app-secret, server/config/wx.js:3)');
      expect(JSON.stringify(report)).not.toContain(appSecret);
    }
  });

  it('never show the value in any output format or a baseline', async () => {
    treeWithCopies();
    const report = await scanTree({ root, workers: 0 });
    for (const format of Object.keys(scanFormatters) as (keyof typeof scanFormatters)[]) {
      const out = scanFormatters[format]({ report, rules: builtinRules, locale: 'zh-CN', color: false, version: '0.0.0' });
      expect(out, format).toContain('repeated-secret');
      expect(out, format).not.toContain(appSecret);
    }
    const baseline = path.join(root, 'baseline.json');
    await writeBaseline(baseline, report.findings, 'team-key-for-the-test');
    expect(readFileSync(baseline, 'utf8')).not.toContain(appSecret);
  });

  it('are not looked for when the configuration allows the original, nor when a tree holds more values than the limit', async () => {
    treeWithCopies();
    const allowed = await scanTree({ root, workers: 0, rules: 'secrets', config: { allow: [{ paths: ['server/config/'] }] } });
    expect(allowed.findings.filter((f) => f.rule === 'repeated-secret')).toEqual([]);

    // A dump of many distinct secrets: its copies would bury the report.
    const rows = Array.from({ length: maxRepeatedValues + 1 }, (_, i) => `APP${i}_SECRET=${j('9f3c0a7e', (1_000_000 + i).toString(16).padStart(8, 'a'), 'b4d2e6f8', '1c3a5e7d')}`);
    put('deploy/all.env', `${rows.join('\n')}\n`);
    const many = await scanTree({ root, workers: 0, rules: 'secrets' });
    expect(many.findings.filter((f) => f.file === 'deploy/all.env').length).toBeGreaterThan(maxRepeatedValues);
    expect(many.findings.filter((f) => f.rule === 'repeated-secret')).toEqual([]);
  });

  it('in one text: a copy further on, but not a common password or a name', () => {
    const text = `DB_PASSWORD=${dbPassword}\n# 备份库同上 | shop | ${dbPassword} |\n`;
    const found = scanText(text, '.env.production', { rules: 'secrets' });
    expect(found.map((f) => `${f.line} ${f.rule}`)).toEqual(['1 generic-secret', '2 repeated-secret']);
    expect(JSON.stringify(found)).not.toContain(dbPassword);
  });

  it('not a database named like the password, in a connection URL', () => {
    const schema = j('shop_db', '2023');
    const text = `spring:\n  datasource:\n    url: jdbc:mysql://47.100.23.45:3306/${schema}?useSSL=false\n    username: ${schema}\n    password: ${schema}\n# 备份库同上 | shop | ${schema} |\n#    url: jdbc:mysql://root:x@localhost/${schema}\n`;
    const found = scanText(text, 'src/main/resources/application-prod.yml', { rules: 'secrets' });
    expect(found.map((f) => `${f.line} ${f.rule}`)).toEqual(['5 password-with-host', '6 repeated-secret']);
  });

  it('only distinctive values are looked for', () => {
    expect(isDistinctive(appSecret)).toBe(true);
    expect(isDistinctive(dbPassword)).toBe(true);
    // Too short, common, a keyboard run, a name of something, digits that could be anything.
    for (const value of ['Ab3$xy', 'admin123', 'qwertyuiop12', 'freeShippingAmount', 'campus.auth.accessToken.v1', '2023061512', 'your_app_secret', 'pages/reset-password', '密码Shop2023']) {
      expect(isDistinctive(value), value).toBe(false);
    }
  });
});
