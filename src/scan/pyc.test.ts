import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pycSource } from './pyc.js';
import { scanTree } from './scan-tree.js';

/** Built at run time so this file does not look like a leak itself. */
const appSecret = ['b7e2c9f4a1d8', '6e3c5b0a9f7d2e4c1b8a'].join('');
const dbPassword = ['Kq8vLm2x', '9Rt4'].join('');

/** The interpreter's version as 100 × major + minor (311 for 3.11), or undefined without python3. */
function pythonVersion(): number | undefined {
  try {
    const [major, minor] = execFileSync('python3', ['-c', 'import sys; print(sys.version_info[0], sys.version_info[1])'], { encoding: 'utf8' }).trim().split(' ').map(Number);
    return (major ?? 0) * 100 + (minor ?? 0);
  } catch {
    if (process.env.CI === 'true') throw new Error('python3 is missing, and CI=true requires it (.ci/run installs it)');
    console.warn('\n!!! python3 is missing: SKIPPING the tests that compile Python. They are NOT passing.\n');
    return undefined;
  }
}
const python = pythonVersion();

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A module compiled by the local python3 into `app/__pycache__/`, its source then cleaned as a team would. */
function compiledTree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'golive-pyc-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'app'));
  const source = path.join(root, 'app', 'settings.py');
  writeFileSync(
    source,
    [
      "APPID = 'wx8d3f2a1b4c5e6f70'",
      `APPSECRET = '${appSecret}'`,
      `DATABASES = {'default': {'HOST': '47.100.23.45', 'PASSWORD': '${dbPassword}'}}`,
      'def login(code):',
      `    return 'https://api.weixin.qq.com/sns/jscode2session?appid=wx8d3f2a1b4c5e6f70&secret=${appSecret}&js_code=' + code`,
      '',
    ].join('\n'),
  );
  execFileSync('python3', ['-m', 'py_compile', source]);
  writeFileSync(source, "import os\nAPPSECRET = os.environ['APPSECRET']\n");
  return root;
}

/** A Python 2.7 `.pyc` written byte by byte: `SECRET_KEY = '<value>'` at module level (no 2.7 interpreter here). */
function python27Pyc(value: string): Buffer {
  const int = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const str = (type: string, text: string): Buffer => Buffer.concat([Buffer.from(type), int(Buffer.byteLength(text, 'latin1')), Buffer.from(text, 'latin1')]);
  const tuple = (...items: Buffer[]): Buffer => Buffer.concat([Buffer.from('('), int(items.length), ...items]);
  // LOAD_CONST 0; STORE_NAME 0; LOAD_CONST 1; RETURN_VALUE
  const bytecode = Buffer.from([100, 0, 0, 90, 0, 0, 100, 1, 0, 83]).toString('latin1');
  const code = Buffer.concat([
    Buffer.from('c'),
    int(0), // argcount
    int(0), // nlocals
    int(1), // stacksize
    int(64), // flags
    str('s', bytecode),
    tuple(str('s', value), Buffer.from('N')),
    tuple(str('t', 'SECRET_KEY')),
    tuple(),
    tuple(),
    tuple(),
    str('s', 'config.py'),
    str('t', '<module>'),
    int(1),
    str('s', ''),
  ]);
  return Buffer.concat([Buffer.from([0x03, 0xf3, 0x0d, 0x0a]), int(0), code]);
}

/**
 * The module `compiledTree` writes, compiled by CPython 3.13.2 (Pyodide 0.28.3, as no 3.13 runs here) with `#` × 32 and
 * `%` × 12 where the AppSecret and the password go; they are put in at run time, the lengths being the same.
 */
const python313Module = [
  '8w0NCgAAAAAAAAAANgEAAOMAAAAAAAAAAAAAAAAEAAAAAAAAAPMgAAAAlQBTAHIAUwFyAVMCUwNTBFMFLgIwAXICUwYaAHIDZwcp',
  'CNoSd3g4ZDNmMmExYjRjNWU2ZjcweiAjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI9oHZGVmYXVsdHoMNDcuMTAwLjIz',
  'LjQ1egwlJSUlJSUlJSUlJSUpAtoESE9TVNoIUEFTU1dPUkRjAQAAAAAAAAAAAAAAAgAAAAMAAADzDAAAAJUAUwFVAC0AAAAkACkC',
  'Tnp2aHR0cHM6Ly9hcGkud2VpeGluLnFxLmNvbS9zbnMvanNjb2RlMnNlc3Npb24/YXBwaWQ9d3g4ZDNmMmExYjRjNWU2ZjcwJnNl',
  'Y3JldD0jIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyZqc19jb2RlPakAKQHaBGNvZGVzAQAAACDaD2FwcC9zZXR0aW5n',
  'cy5wedoFbG9naW5yCgAAAAQAAABzGwAAAIAA8AIADEQC8AAARwJLAvEAAAxLAvAAAAVLAvMAAAAATikE2gVBUFBJRNoJQVBQU0VD',
  'UkVU2glEQVRBQkFTRVNyCgAAAHIHAAAAcgsAAAByCQAAANoIPG1vZHVsZT5yDwAAAAEAAABzJAAAAPADAQEB2AgcgAXYDC6ACdgN',
  'FqAeuF7RGEzQDE2ACfMCAQFLAnILAAAA',
].join('');

function python313Pyc(): Buffer {
  const pyc = Buffer.from(python313Module, 'base64');
  const put = (stand: string, value: string): void => {
    for (let at = pyc.indexOf(stand); at >= 0; at = pyc.indexOf(stand, at)) pyc.write(value, at, 'latin1');
  };
  put('#'.repeat(appSecret.length), appSecret);
  put('%'.repeat(dbPassword.length), dbPassword);
  return pyc;
}

describe('committed Python bytecode', () => {
  it('lists what a 2.7 module stores under its names', () => {
    expect(pycSource(python27Pyc(dbPassword))?.toString()).toBe(`SECRET_KEY = '${dbPassword}'\n`);
  });

  it('reads 3.13, whose opcodes were renumbered, as it reads 3.11, and masks what it finds', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'golive-pyc-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'app', '__pycache__'), { recursive: true });
    writeFileSync(path.join(root, 'app', '__pycache__', 'settings.cpython-313.pyc'), python313Pyc());
    expect(pycSource(python313Pyc())?.toString()).toContain(`APPSECRET = '${appSecret}'`);
    const report = await scanTree({ root, rules: 'secrets', workers: 0 });
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['wechat-app-secret', 'password-with-host']));
    const shown = JSON.stringify(report);
    expect(shown).not.toContain(appSecret);
    expect(shown).not.toContain(dbPassword);
  });

  it('leaves 3.14 and later unread: a skipped binary, not a misreading', () => {
    const pyc = python313Pyc();
    pyc.writeUInt16LE(3600, 0);
    expect(pycSource(pyc)).toBeUndefined();
  });

  it('gives up on bytes that are not bytecode of a known version, without throwing', () => {
    expect(pycSource(Buffer.from('not bytecode at all, just text'))).toBeUndefined();
    expect(pycSource(Buffer.concat([Buffer.from([0x03, 0xf3, 0x0d, 0x0a]), Buffer.alloc(4), Buffer.from('c\x00\x00')]))).toBeUndefined();
  });

  describe.skipIf(python === undefined)(`compiled by this machine's python3 (${python ?? 'missing'})`, () => {
    it('finds the secrets a cleaned source left in __pycache__, masked in every finding', async () => {
      const root = compiledTree();
      const report = await scanTree({ root, rules: 'secrets', workers: 0 });
      const [pyc] = readdirSync(path.join(root, 'app', '__pycache__'));
      const rel = `app/__pycache__/${pyc}`;

      const rules = report.findings.filter((f) => f.file === rel).map((f) => f.rule);
      expect(rules).toEqual(expect.arrayContaining(['wechat-app-secret', 'password-with-host']));
      expect(report.findings.filter((f) => f.file === 'app/settings.py')).toEqual([]);
      const shown = JSON.stringify(report);
      expect(shown).not.toContain(appSecret);
      expect(shown).not.toContain(dbPassword);
    });
  });
});
