import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { closedPort } from './net.js';

/** True when Debian's `prometheus` binary is installed; under CI=true its absence is a failure, locally a loud skip. */
export async function prometheusAvailable(): Promise<boolean> {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (await access(join(folder, 'prometheus')).then(() => true, () => false)) return true;
  }
  const ci = process.env.CI?.toLowerCase();
  if (ci && ci !== '0' && ci !== 'false') throw new Error('the prometheus binary is not on PATH, and CI=true requires it (.ci/install-prometheus.sh installs it).');
  console.warn('\n!!! The prometheus binary is not installed: SKIPPING tests that need a real Prometheus. They are NOT passing.\n!!! Run .ci/install-prometheus.sh; under CI=true they fail instead of skipping.\n');
  return false;
}

/** Polls until `test` is true, or fails naming what did not happen. */
export async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await test().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not happen within ${timeoutMs}ms`);
}

/** The value of an instant query, or undefined when it has none. */
export async function instantValue(url: string, query: string): Promise<number | undefined> {
  const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const answer = (await response.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
  const value = Number(answer.data?.result?.[0]?.value[1]);
  return Number.isFinite(value) ? value : undefined;
}

/** A real Prometheus on a loopback port, scraping the given loopback ports every second. */
export interface RunningPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startPrometheus(targetPorts: readonly number[]): Promise<RunningPrometheus> {
  const folder = await mkdtemp(join(tmpdir(), 'golive-prometheus-'));
  const port = await closedPort();
  const config = join(folder, 'prometheus.yml');
  const targets = targetPorts.map((target) => `'127.0.0.1:${target}'`).join(', ');
  await writeFile(config, `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [${targets}]\n`);
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${join(folder, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await waitFor('Prometheus ready', async () => (await fetch(`${url}/-/ready`)).ok);
    await waitFor('every target up', async () => (await instantValue(url, 'min(up{job="app"})')) === 1);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nprometheus stderr:\n${stderr}`);
  }
  return { url, stop };
}
