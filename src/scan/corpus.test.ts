import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFormatters } from './format/index.js';
import { builtinRules, scanTree, type Finding, type ScanReport } from './index.js';

/**
 * The hand-labelled corpus (test/fixtures/scan-corpus, see its README): repositories shaped like those of WeChat
 * mini-program teams. `⟦kind⟧` marks a real secret and becomes a generated value here, `⟦=text⟧` a real secret
 * written as it is (a weak password); every other line is not a secret.
 */
const fixture = fileURLToPath(new URL('../../test/fixtures/scan-corpus', import.meta.url));

/** A deterministic generator, so the corpus and its numbers are the same on every run. */
function generator(seed: number): (n: number, alphabet: string) => string {
  // xorshift32: 32-bit integer arithmetic throughout, so every bit is random (a float LCG loses its low bits).
  let x = seed >>> 0 || 1;
  return (n, alphabet) => {
    let out = '';
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out += alphabet[x % alphabet.length];
    }
    return out;
  };
}

const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const hex = '0123456789abcdef';
const upperDigits = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function values(rnd: (n: number, alphabet: string) => string): Record<string, () => string> {
  const base64 = `${alnum}+/`;
  return {
    hex32: () => rnd(32, hex),
    hex64: () => rnd(64, hex),
    alnum32: () => rnd(32, alnum),
    'aliyun-id': () => `LTAI${rnd(20, alnum)}`,
    'aliyun-secret': () => rnd(30, alnum),
    akid: () => `AKID${rnd(32, alnum)}`,
    sk32: () => rnd(32, alnum),
    pw: () => `${rnd(5, alnum)}#${rnd(3, '23456789')}${rnd(4, alnum)}`,
    jwt: () => rnd(40, alnum),
    ghp: () => `ghp_${rnd(36, alnum)}`,
    uuid: () => [8, 4, 4, 4, 12].map((n) => rnd(n, hex)).join('-'),
    qqmap: () => Array.from({ length: 6 }, () => rnd(5, upperDigits)).join('-'),
    amap: () => rnd(32, hex),
    qiniu: () => rnd(40, `${alnum}_-`),
    pem: () =>
      [
        '-----BEGIN RSA PRIVATE KEY-----',
        `MIIEpAIBAAKCAQEA${rnd(48, base64)}`,
        ...Array.from({ length: 6 }, () => rnd(64, base64)),
        '-----END RSA PRIVATE KEY-----',
      ].join('\n'),
  };
}

interface Label {
  file: string;
  line: number;
}

interface Materialized {
  root: string;
  labels: Label[];
  /** Every generated value: none may appear in any output. */
  planted: string[];
}

/** Copies the fixture to a temporary directory, fills in the labelled values and writes the binary key files. */
function materialize(): Materialized {
  const root = mkdtempSync(path.join(tmpdir(), 'golive-corpus-'));
  cpSync(fixture, root, { recursive: true });
  rmSync(path.join(root, 'README.md'));
  rmSync(path.join(root, 'corpus.json'));
  const make = values(generator(20261206));
  const labels: Label[] = [];
  const planted: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(abs);
        continue;
      }
      const text = readFileSync(abs, 'utf8');
      if (!text.includes('⟦')) continue;
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const out: string[] = [];
      for (const line of text.split('\n')) {
        if (line.includes('⟦')) labels.push({ file: rel, line: out.length + 1 });
        const filled = line.replace(/⟦(=?)([^⟧]*)⟧/g, (_token, literal: string, kind: string) => {
          if (literal === '=') return kind;
          const value = make[kind]?.();
          if (value === undefined) throw new Error(`unknown corpus value kind ${kind} in ${rel}`);
          planted.push(...value.split('\n').filter((part) => !part.startsWith('-----')));
          return value;
        });
        out.push(...filled.split('\n'));
      }
      writeFileSync(abs, out.join('\n'));
    }
  };
  walk(root);
  const binaries = JSON.parse(readFileSync(path.join(fixture, 'corpus.json'), 'utf8')) as { keyFiles: string[]; otherBinaries: string[] };
  for (const file of [...binaries.keyFiles, ...binaries.otherBinaries]) {
    // DER-like bytes with NULs: the scan cannot read them, only name them.
    writeFileSync(path.join(root, file), Buffer.from([0x30, 0x82, 0x0a, 0x3b, 0x02, 0x01, 0x03, 0x00, 0x30, 0x82, 0x09, 0xf7, 0x00]));
  }
  labels.push(...binaries.keyFiles.map((file) => ({ file, line: 1 })));
  return { root, labels, planted };
}

interface Score {
  labelled: number;
  found: number;
  reported: number;
  truePositives: number;
  misses: Label[];
  falsePositives: Finding[];
}

function score(labels: readonly Label[], findings: readonly Finding[]): Score {
  const secrets = findings.filter((f) => f.category === 'secret');
  const at = (f: { file: string; line: number }): string => `${f.file}:${f.line}`;
  const labelled = new Set(labels.map(at));
  const reported = new Set(secrets.map(at));
  const misses = labels.filter((l) => !reported.has(at(l)));
  const falsePositives = secrets.filter((f) => !labelled.has(at(f)));
  return {
    labelled: labels.length,
    found: labels.length - misses.length,
    reported: secrets.length,
    truePositives: secrets.length - falsePositives.length,
    misses,
    falsePositives,
  };
}

describe('hand-labelled corpus of mini-program team repositories', () => {
  let corpus: Materialized;
  let report: ScanReport;

  beforeAll(async () => {
    corpus = materialize();
    report = await scanTree({ root: corpus.root, rules: 'secrets', workers: 0 });
  });

  afterAll(() => rmSync(corpus.root, { recursive: true, force: true }));

  it('finds at least 90% of the real secrets with at least 80% of its secret findings true', () => {
    const s = score(corpus.labels, report.findings);
    const recall = s.found / s.labelled;
    const precision = s.truePositives / s.reported;
    console.log(
      [
        `scan corpus: ${report.stats.files} files; ${s.labelled} labelled secrets, ${s.reported} secret findings`,
        `  recall ${(recall * 100).toFixed(1)}% (${s.found}/${s.labelled}), precision ${(precision * 100).toFixed(1)}% (${s.truePositives}/${s.reported})`,
        ...s.misses.map((m) => `  missed: ${m.file}:${m.line}`),
        ...s.falsePositives.map((f) => `  false:  ${f.file}:${f.line} ${f.rule} ${f.preview}`),
      ].join('\n'),
    );

    expect(s.labelled).toBeGreaterThanOrEqual(50);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });

  it('rates critical only what works as it is, and never a UI label', () => {
    const critical = report.findings.filter((f) => f.severity === 'critical');
    const ruleOf = (file: string, line: number): string | undefined => report.findings.find((f) => f.file === file && f.line === line)?.rule;

    expect(critical.map((f) => f.rule).filter((rule) => ['weak-secret', 'tencent-map-key', 'amap-key', 'aliyun-access-key-id', 'generic-secret'].includes(rule))).toEqual([]);
    expect(ruleOf('spring-shop/src/main/resources/application.yml', 10)).toBe('password-with-host');
    expect(report.findings.filter((f) => /placeholder|请输入密码|输入密码/.test(f.preview))).toEqual([]);
    expect(report.findings.find((f) => f.file === 'spring-shop/src/main/resources/cert/apiclient_cert.p12')).toMatchObject({ rule: 'key-file', severity: 'critical' });
  });

  it('skips build output by default and scans it when asked', async () => {
    const built = /(?:^|\/)(?:dist|unpackage)\/|chunk-|\.min\.js$/;
    expect(report.findings.filter((f) => built.test(f.file))).toEqual([]);

    const everything = await scanTree({ root: corpus.root, rules: 'all', workers: 0, config: { includeBuildOutput: true } });
    expect(everything.stats.files).toBeGreaterThan(report.stats.files);
  });

  it('never lets a planted value into any output format', () => {
    const outputs = (['text', 'json', 'sarif', 'markdown'] as const).map((format) =>
      scanFormatters[format]({ report, rules: builtinRules, locale: 'en', color: false, version: '0.0.0' }),
    );
    for (const value of corpus.planted) for (const out of outputs) expect(out).not.toContain(value);
  });
});
