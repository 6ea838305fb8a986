import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Commands whose scan workers were started (ahead of a scan, or kept warm by a check) end when the command ends. Idle
 * workers once kept the process alive: `golive run start` with a secrets check printed its report and never exited, and
 * `golive scan <dir>` with a bad option printed the error and hung.
 */
const golive = path.resolve('bin/golive.js');
/** Far beyond how long these commands take; a process still alive then is reported as hung, not waited for. */
const hungAfterMs = 45_000;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'golive-exits-'));
  // More files than the calling thread scans alone before it leases workers (scan-tree.ts: inlineLimit).
  for (let index = 0; index < 900; index++) {
    const folder = path.join(dir, 'app', `m${index % 30}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `f${index}.js`), `export const value${index} = ${index};\n`);
  }
  writeFileSync(
    path.join(dir, 'golive.yaml'),
    ['name: exits', 'items:', '  - id: no-secrets', '    title: no secrets in the app', '    check: { kind: secrets, path: app, expect: [count == 0] }', ''].join('\n'),
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function golived(args: string[]): Promise<{ code: number | null; hung: boolean; stderr: string }> {
  const child = spawn(process.execPath, [golive, ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GOLIVE_LANG: 'en' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, hungAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, hung, stderr });
    }),
  );
}

describe('a command that started scan workers', () => {
  it('golive run start with a secrets check over a large tree exits after its report', { timeout: 60_000 }, async () => {
    const result = await golived(['run', 'start', '--release', 'v1']);

    expect(result.hung).toBe(false);
    expect(result.code).toBe(0);
  });

  it('golive scan <dir> with a bad option says so and exits 2', { timeout: 60_000 }, async () => {
    const result = await golived(['scan', 'app', '--fail-on', 'none']);

    expect(result.hung).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'--fail-on <severity>' argument 'none' is invalid");
  });
});
