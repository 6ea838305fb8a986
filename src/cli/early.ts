import { statSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

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
  deferOptimisingCompiler();
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

/**
 * A `golive scan` process starts without V8's optimising compiler (TurboFan). On two cores its background compiles
 * (two isolates, 100+ functions each) compete with the scan for the same cores, and a scan of a repository of usual
 * size never earns them back: on the benchmark corpus (20,000 files, 206 MB) a cold process took 14 % less CPU and
 * 17 % less wall time without it (docs/scan.md). A large scan turns it back on (`resumeOptimisingCompiler`): never
 * turned back on, a corpus four times as large took ~10 % more CPU. The flag is process-wide, which is why only the
 * CLI's own scan process sets it, never a server or a check run that embeds the engine.
 */
export function deferOptimisingCompiler(): void {
  v8.setFlagsFromString('--no-opt');
}

/** Work after which a scan is large enough for optimised code to pay for its compiles: twice the benchmark corpus. */
const largeScan = { files: 40_000, bytes: 400e6 };

/** Turns TurboFan back on once a scan's progress says it is a large one (see deferOptimisingCompiler). */
export function resumeOptimisingCompiler(progress: { files: number; bytes: number }): void {
  if (progress.files >= largeScan.files || progress.bytes >= largeScan.bytes) v8.setFlagsFromString('--opt');
}
