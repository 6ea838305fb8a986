/**
 * Which team server a command records into: `--server URL` or GOLIVE_SERVER, with the token from GOLIVE_TOKEN.
 * Kept free of heavy imports: every command file registers these options at start-up.
 */
import { Option } from '@commander-js/extra-typings';
import { parseDuration } from '../../core/duration.js';
import { GoliveError } from '../../core/errors.js';
import { bi, type Bilingual } from '../../core/text.js';
import type { CliContext } from '../context.js';

/** A server to talk to: its base URL, the token, and how long one exchange may take. */
export interface ServerTarget {
  readonly url: URL;
  readonly token: string;
  readonly timeoutMs: number;
}

const defaultTimeoutMs = 30_000;

/** The `--server` option of `check`, `item`, `waive`, `sign` and `gate`. */
export function serverOption(t: (text: Bilingual) => string) {
  return new Option('--server <url>', t(bi('record into the run on a team server (`golive serve`), as the user of the token in GOLIVE_TOKEN (default: GOLIVE_SERVER)', '记录到团队服务器（`golive serve`）上的运行中，操作人为 GOLIVE_TOKEN 中令牌的用户（默认取 GOLIVE_SERVER）')));
}

/** The help paragraph every command with `--server` shows. */
export const serverHelp = bi(
  "Team server: with --server URL (or GOLIVE_SERVER) the command acts on the server's run (give its id)\nas the user of the API token in GOLIVE_TOKEN; the server applies that user's project and plan roles,\nand --by is ignored. The token is read only from the environment, never from a flag: on the command\nline it would stay in the shell history and be visible to every user in `ps`.\nGOLIVE_SERVER_TIMEOUT (default 30s) bounds each request. Exit 2 when the server is unreachable or refuses.\n",
  '团队服务器：使用 --server URL（或 GOLIVE_SERVER）时，命令以 GOLIVE_TOKEN 中 API 令牌的用户身份操作服务器上的运行\n（需给出运行 ID）；服务器按该用户的项目角色和计划角色判断权限，--by 将被忽略。令牌只从环境变量读取，\n不接受命令行参数：写在命令行上会留在 shell 历史中，且所有用户都能在 `ps` 中看到。\nGOLIVE_SERVER_TIMEOUT（默认 30s）限制每个请求的时长。无法连接服务器或被拒绝时退出码为 2。\n',
);

function usage(code: string, text: Bilingual): GoliveError {
  return new GoliveError(code, text);
}

/** The server named by the flag or GOLIVE_SERVER, or undefined for the local store; refuses a URL or token that cannot work. */
export function serverTarget(ctx: CliContext, flag: string | undefined): ServerTarget | undefined {
  const given = flag ?? (ctx.env.GOLIVE_SERVER || undefined);
  if (given === undefined) return undefined;
  const where = flag === undefined ? 'GOLIVE_SERVER' : '--server';
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw usage('server.url', bi(`${where}: "${given}" is not a URL; give the server's address, e.g. https://golive.example.com`, `${where}："${given}" 不是 URL；请给出服务器地址，如 https://golive.example.com`));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usage('server.url', bi(`${where}: only http:// and https:// servers are supported, got ${url.protocol}`, `${where}：只支持 http:// 和 https:// 服务器，收到 ${url.protocol}`));
  if (url.username || url.password) throw usage('server.url', bi(`${where}: put no user name or password in the URL; the token goes in GOLIVE_TOKEN`, `${where}：URL 中不要包含用户名或密码；令牌请放在 GOLIVE_TOKEN 中`));
  if (url.search || url.hash) throw usage('server.url', bi(`${where}: give the server's base address without ? or #`, `${where}：请给出不带 ? 或 # 的服务器地址`));
  const token = ctx.env.GOLIVE_TOKEN?.trim();
  if (!token) {
    throw usage('server.token-missing', bi(`${where} needs an API token in the environment variable GOLIVE_TOKEN (create one in the dashboard under Settings → Tokens; it is never taken as a flag, which would leak into shell history and ps)`, `${where} 需要在环境变量 GOLIVE_TOKEN 中提供 API 令牌（在控制台“设置 → 令牌”中创建；令牌不接受命令行参数，否则会泄露到 shell 历史和 ps 中）`));
  }
  if (!/^glt_[A-Za-z0-9_-]+$/.test(token)) throw usage('server.token-format', bi('GOLIVE_TOKEN does not look like a golive API token (glt_…); copy it again from the dashboard', 'GOLIVE_TOKEN 看起来不是 golive API 令牌（glt_…）；请从控制台重新复制'));
  const timeoutText = ctx.env.GOLIVE_SERVER_TIMEOUT;
  const timeoutMs = timeoutText ? parseDuration(timeoutText) : defaultTimeoutMs;
  if (timeoutMs === undefined || timeoutMs <= 0) throw usage('server.timeout-setting', bi(`GOLIVE_SERVER_TIMEOUT takes a duration such as 30s or 2m, got "${timeoutText}"`, `GOLIVE_SERVER_TIMEOUT 需要时长，如 30s 或 2m，收到 "${timeoutText}"`));
  if (url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    ctx.err(ctx.t(bi(`warning: ${url.origin} is plain HTTP: the token and what you record cross the network unencrypted; use https://`, `警告：${url.origin} 是明文 HTTP：令牌和记录的内容将未加密地在网络上传输；请使用 https://`)));
  }
  // The base keeps a path prefix (a server behind /golive/) and ends in / so API paths resolve under it.
  return { url: new URL(url.pathname.endsWith('/') ? url.href : `${url.href}/`), token, timeoutMs };
}

/** With a server, the run must be named: the server has many plans and the CLI does not guess among them. */
export function serverRunId(runId: string | undefined): string {
  if (runId) return runId;
  throw usage('server.run-required', bi('with --server, name the run (e.g. --run r-20261206-0001; the dashboard shows its id)', '使用 --server 时请指定运行（如 --run r-20261206-0001；控制台上可以看到运行 ID）'));
}

/** Says that flags naming a person are not used: the server records the token's user. */
export function ignoredWithServer(ctx: CliContext, flags: Record<string, string | undefined>): void {
  const given = Object.entries(flags)
    .filter(([, value]) => value !== undefined)
    .map(([name]) => name);
  if (given.length === 0) return;
  ctx.err(ctx.t(bi(`note: ${given.join(', ')} ignored with --server: the server records the user of the token in GOLIVE_TOKEN`, `注意：使用 --server 时忽略 ${given.join('、')}：服务器记录的是 GOLIVE_TOKEN 中令牌的用户`)));
}
