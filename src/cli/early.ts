import { statSync } from 'node:fs';
import path from 'node:path';

/** Options of `golive scan` and global ones that take a value: the word after them is not the path to scan. */
const takesValue = new Set(['--format', '--fail-on', '--rules', '--baseline', '--write-baseline', '--max-file-size', '--config', '--workers', '--lang']);

/**
 * What a command starts before the CLI itself is loaded (bin/golive.js calls this first). `golive scan <dir>` starts
 * its worker threads here, so they load while this thread loads commander and the command (half of the time before a
 * cold scan reads its first file), not after. Only a guess from the words on the line: the scan action asks again
 * (`prestartWorkers` starts a pool once), and a wrong guess leaves an idle worker that does not keep the process alive.
 */
export async function startEarly(argv: readonly string[], cwd: string): Promise<void> {
  if (argv[0] !== 'scan') return;
  let target: string | undefined;
  let workers: number | undefined;
  for (let index = 1; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '-h' || arg === '--help') return;
    if (arg === '--') {
      target ??= argv[index + 1];
      break;
    }
    if (arg.startsWith('--workers=')) workers = Number(arg.slice('--workers='.length));
    else if (arg === '--workers') workers = Number(argv[++index]);
    else if (takesValue.has(arg)) index++;
    else if (!arg.startsWith('-')) target ??= arg;
  }
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) return;
  try {
    if (statSync(path.resolve(cwd, target ?? '.'), { throwIfNoEntry: false })?.isDirectory() !== true) return;
  } catch {
    return; // an unreadable path: the scan itself says so, in its own words
  }
  (await import('../scan/pool.js')).prestartWorkers(workers);
}
