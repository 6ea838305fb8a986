import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { startDockerEngineStandIn } from '../../test/stand-ins/docker-engine.js';
import { listen, startBackend, type Listening } from './backend.js';
import { makeCertificates } from './certs.js';
import { openDataSource, type DataSource } from './data.js';
import { loadSpec, type ExampleName, type StandInMode } from './spec.js';

const run = promisify(execFile);

/** A message for the person watching, in both languages. */
export interface Note {
  readonly en: string;
  readonly zh: string;
}

/** What the machine offers, which decides which plants and limits apply. */
export interface Availability {
  readonly mariadb: boolean;
  readonly redis: boolean;
  /** The Go toolchain runs (`go test` in seed 004). */
  readonly go: boolean;
  /** Ports 80 and 443 could be bound on SERVER_PUBLIC_IP (needs root). */
  readonly root: boolean;
}

/** A running stand-in: what golive needs to check it, and how to stop it. */
export interface RunningStack {
  /** `--var NAME=VALUE` for golive. */
  readonly vars: Readonly<Record<string, string>>;
  /** Environment for the golive process: the CA to trust, DOCKER_HOST, the team's git repository, the worker's env. */
  readonly env: Readonly<Record<string, string>>;
  readonly available: Availability;
  readonly notes: readonly Note[];
  stop(): Promise<void>;
}

/** True when something accepts TCP connections on host:port. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (up: boolean) => (socket.destroy(), resolve(up));
    socket.setTimeout(500, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** Forwards host:port to 127.0.0.1:port, as `ports: ["3306:3306"]` publishes a container's port on the server. */
async function publish(host: string, port: number): Promise<Listening> {
  const server = createServer((socket) => {
    const target = connect({ host: '127.0.0.1', port });
    socket.pipe(target).pipe(socket);
    socket.once('error', () => target.destroy());
    target.once('error', () => socket.destroy());
  });
  return listen(server, host, port);
}

/** Binds 80 and 443 on the public address (Caddy's ports); false where the OS reserves them for root. */
async function webPorts(host: string, stops: (() => Promise<void>)[]): Promise<boolean> {
  for (const port of [80, 443]) {
    const bound = await listen(createServer((socket) => socket.end()), host, port).catch(() => undefined);
    if (bound === undefined) return false;
    stops.push(() => bound.close());
  }
  return true;
}

/** The team's repository, kept in `.golive/team.git` because the example folder already sits inside golive's own repository. */
async function teamRepository(dir: string, branch: string, tag: string | undefined, uncommitted: readonly string[]): Promise<Record<string, string>> {
  const env = { ...process.env, GIT_DIR: join(dir, '.golive', 'team.git'), GIT_WORK_TREE: dir };
  const git = (args: string[]) =>
    run('git', ['-c', 'user.name=golive example', '-c', 'user.email=example@golive.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir, env }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error('git not found: the stand-ins keep each team\'s repository with it / 未找到 git：替身用它保存团队仓库', { cause: error });
    });
  await rm(env.GIT_DIR, { recursive: true, force: true });
  await mkdir(env.GIT_DIR, { recursive: true });
  await git(['init', '--quiet', `--initial-branch=${branch}`]);
  await git(['add', '--all']);
  if (uncommitted.length > 0) await git(['rm', '--quiet', '--cached', '--', ...uncommitted]);
  await git(['commit', '--quiet', '-m', 'release']);
  if (tag !== undefined) await git(['tag', tag]);
  return { GIT_DIR: env.GIT_DIR, GIT_WORK_TREE: dir };
}

/** `mysqldump` of the stand-in's database, or undefined where MariaDB or mysqldump is missing. */
async function mysqldump(database: string): Promise<string | undefined> {
  return run('mysqldump', ['-h', '127.0.0.1', '-P', '3306', '-u', 'root', '--skip-dump-date', database], { maxBuffer: 16 << 20 }).then(
    ({ stdout }) => stdout,
    () => undefined,
  );
}

/** The backup job's newest file: a gzipped dump written now, dated `ageHours` back; older dumps are removed. */
async function backup(dir: string, file: string, ageHours: number, dump: string | undefined): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const old of await readdir(dir)) await rm(join(dir, old), { force: true });
  const taken = new Date(Date.now() - ageHours * 3_600_000);
  const stamp = taken.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const path = join(dir, file.replace('{stamp}', stamp));
  await writeFile(path, gzipSync(dump ?? `-- golive example backup, taken ${taken.toISOString()} (no MariaDB or mysqldump here: no rows)\n`));
  await utimes(path, taken, taken);
  return path;
}

async function goAvailable(): Promise<boolean> {
  return run('go', ['version']).then(
    () => true,
    () => false,
  );
}

/** Starts one example's stack in `dir` (the example folder, or a copy of it) in the planted or the fixed mode. */
export async function startStack(name: ExampleName, mode: StandInMode, dir: string): Promise<RunningStack> {
  const spec = loadSpec(name);
  const chosen = spec[mode];
  const stops: (() => Promise<void>)[] = [];
  const notes: Note[] = [];
  const env: Record<string, string> = {};
  const fill: Record<string, string> = { dir };
  const stop = async () => {
    for (const close of stops.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    for (const [path, text] of Object.entries(chosen.files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    const [mariadb, redis, go] = await Promise.all([reachable('127.0.0.1', 3306), reachable('127.0.0.1', 6379), goAvailable()]);
    if (!mariadb) notes.push({ en: 'skipped: MariaDB not running on 127.0.0.1:3306', zh: '已跳过：127.0.0.1:3306 上没有运行 MariaDB' });
    if (!redis) notes.push({ en: 'skipped: Redis not running on 127.0.0.1:6379', zh: '已跳过：127.0.0.1:6379 上没有运行 Redis' });
    let data: DataSource | undefined;
    if (spec.backend !== null) {
      const certs = spec.backend.tls ? await makeCertificates() : undefined;
      if (certs !== undefined) {
        env.NODE_EXTRA_CA_CERTS = certs.caFile;
        stops.push(() => rm(certs.dir, { recursive: true, force: true }));
      }
      data = spec.data === null ? undefined : await openDataSource(spec.data, { mariadb, redis });
      const opened = data;
      if (opened !== undefined) stops.push(() => opened.close());
      const api = await startBackend(spec.backend, certs, spec.data === null || data === undefined ? undefined : { route: spec.data.route, source: data });
      stops.push(() => api.close());
      fill.api = `127.0.0.1:${api.port}`;
    }
    if (spec.docker) {
      const engine = await startDockerEngineStandIn(chosen.containers.map((container, index) => ({ id: `${(index + 1).toString(16).padStart(4, '0')}${'ab'.repeat(30)}`, ...container })));
      stops.push(() => engine.close());
      env.DOCKER_HOST = engine.host;
    }
    let root = false;
    if (spec.publicIp) {
      // A loopback address of our own (Linux answers on all of 127/8), so nothing else listens on 3306 or 6379 there.
      const host = `127.${randomInt(64, 127)}.${randomInt(0, 255)}.${randomInt(1, 255)}`;
      fill.publicIp = host;
      root = await webPorts(host, stops);
      if (!root) notes.push({ en: `ports 80/443 on ${host} need root: the Caddy ports stay closed`, zh: `${host} 的 80/443 端口需要 root 才能监听：Caddy 端口保持关闭` });
      if (chosen.publishDataPorts) {
        for (const [port, up] of [[3306, mariadb], [6379, redis]] as const) {
          if (!up) continue;
          const published = await publish(host, port);
          stops.push(() => published.close());
        }
      }
    }
    if (spec.backup !== null) {
      fill.backupDir = spec.backup.dir;
      const dump = data?.database === undefined ? undefined : await mysqldump(data.database);
      await backup(join(dir, spec.backup.dir), spec.backup.file, chosen.backupAgeHours, dump);
    }
    if (spec.git !== null) Object.assign(env, await teamRepository(dir, spec.git.branch, spec.git.tag, chosen.uncommitted));
    const filled = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.replace(/\{(\w+)\}/g, (whole, slot: string) => fill[slot] ?? whole)]));
    return { vars: filled(spec.vars), env: { ...filled(spec.processEnv), ...env }, available: { mariadb, redis, go, root }, notes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
