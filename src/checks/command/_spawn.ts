import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { bi } from '../../core/text.js';
import { ProbeError } from '../check-kind.js';

/** Bytes kept of stdout and of stderr each; the rest is read and dropped so the child never blocks. */
export const outputCap = 1024 * 1024;
/** After SIGTERM, how long the process group gets before SIGKILL. */
const killGraceMs = 500;
/** After exit, how long to wait for pipes a background grandchild may still hold. */
const pipeGraceMs = 200;

export interface ProcessRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly truncated: boolean;
  readonly durationMs: number;
}

interface Capture {
  chunks: Buffer[];
  size: number;
  truncated: boolean;
}

function capture(stream: Readable): Capture {
  const captured: Capture = { chunks: [], size: 0, truncated: false };
  stream.on('data', (chunk: Buffer) => {
    const room = outputCap - captured.size;
    if (chunk.length > room) captured.truncated = true;
    if (room > 0) {
      captured.chunks.push(chunk.subarray(0, room));
      captured.size += Math.min(room, chunk.length);
    }
  });
  return captured;
}

/** Ends the whole process group, so a shell's children go too. */
function killGroup(pid: number): void {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), killGraceMs);
}

function spawnFailure(error: NodeJS.ErrnoException, request: ProcessRequest): ProbeError {
  const { file } = request;
  switch (error.code) {
    case 'ENOENT':
      return new ProbeError(bi(`command not found: ${file} (not on PATH, or no such file)`, `找不到命令：${file}（不在 PATH 中或文件不存在）`), { cause: error });
    case 'EACCES':
      return new ProbeError(bi(`command is not executable: ${file}`, `命令没有执行权限：${file}`), { cause: error });
    default:
      return new ProbeError(bi(`could not start ${file}: ${error.message}`, `无法启动 ${file}：${error.message}`), { cause: error });
  }
}

/**
 * Runs one process in its own process group, without a shell unless asked, capturing capped
 * output. On abort the group gets SIGTERM, then SIGKILL, and the promise rejects at once.
 */
export function runProcess(request: ProcessRequest, signal: AbortSignal): Promise<ProcessResult> {
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: request.env,
      shell: request.shell,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    let settled = false;

    const onAbort = () => {
      if (child.pid !== undefined) killGroup(child.pid);
      finish(() => reject(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });

    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      settle();
    }

    child.once('error', (error) => finish(() => reject(spawnFailure(error, request))));
    child.once('exit', (exitCode, exitSignal) => {
      const durationMs = Math.round(performance.now() - started);
      const done = () =>
        finish(() =>
          resolve({
            exitCode,
            signal: exitSignal,
            stdout: Buffer.concat(stdout.chunks).toString('utf8'),
            stderr: Buffer.concat(stderr.chunks).toString('utf8'),
            truncated: stdout.truncated || stderr.truncated,
            durationMs,
          }),
        );
      // Wait for the pipes to drain, but not for a background grandchild that keeps them open.
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        done();
      }, pipeGraceMs);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
  });
}
