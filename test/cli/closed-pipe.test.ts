import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const golive = resolve('bin/golive.js');

describe('a reader that closes the pipe early (golive … | head)', () => {
  it('ends quietly with the command\'s own exit code, no EPIPE stack trace', async () => {
    // `golive schema` prints ~450 KB, far beyond a pipe's 64 KB buffer, so closing our end after the
    // first chunk makes the CLI's later writes fail with EPIPE, as `| head -1` does in a shell.
    const child = spawn(process.execPath, [golive, 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((done) => child.on('close', done));

    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
