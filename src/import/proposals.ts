/** Checks a machine can run, proposed from what the checklist says; every one is marked `proposed: true` for review. */
import { posix } from 'node:path';
import { Variables } from './placeholders.js';
import { expectationOf, isSetupStep } from './probes.js';

export type ProposedCheck = { kind: string; expect?: string[] } & Record<string, unknown>;

export interface Proposal {
  readonly check: ProposedCheck;
  /** Why the importer proposed it (shown as a YAML comment). */
  readonly note: string;
  /** A suffix for the item title when one line yields several checks (ports 3306 and 6379). */
  readonly suffix?: string;
}

/** What the whole document tells the proposals (found in a first pass). */
export interface DocumentFacts {
  /** The dotenv file env checks read, e.g. apps/backend/.env.production. */
  envFile: string;
  /** True when the document names a dotenv file (otherwise env checks read the process environment). */
  envFileNamed: boolean;
  /** Containers named in `docker exec NAME …`. */
  containers: string[];
  /** Environment variable names the document mentions. */
  envNames: string[];
  /** Checkbox lines (`- [ ]`, `□`): a document that ticks its checklist with them uses plain bullets to explain. */
  boxes: number;
  /** Folder of the mini-program project, when the document names one. */
  miniprogramDir?: string;
  /** A backup folder the document names (BACKUP_DIR=/backup/mysql). */
  backupDir?: string;
  /** JSON bodies the document says a URL returns (`https://<API_DOMAIN>/healthz` 返回 `{"status":"ok"}`), by rewritten URL. */
  bodies: Map<string, RegExpExecArray>;
}

/** The first pass: facts used by later proposals. */
export function documentFacts(text: string): DocumentFacts {
  const head = text.slice(0, 2_000_000);
  const envFiles = [...head.matchAll(/(?:^|[\s`'"(])((?:[\w.-]+\/)*\.env(?:\.[\w-]+)?)(?=[\s`'"),:：]|$)/gm)].map((m) => m[1] ?? '');
  const envFile =
    envFiles.find((file) => /prod/i.test(file) && !/example|sample|template/i.test(file)) ??
    envFiles.find((file) => !/example|sample|template/i.test(file)) ??
    '.env';
  const containers = unique([...head.matchAll(/docker\s+exec\s+(?:-\w+\s+)*([A-Za-z0-9][\w.-]*)/g)].map((m) => m[1] ?? ''));
  const envNames = unique([...head.matchAll(/(?:^|[\s`'"])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?==|[\s`'"]|$)/gm)].map((m) => m[1] ?? ''));
  const miniprogramDir = /`((?:[\w.-]+\/)*(?:miniprogram|miniapp|weapp[\w-]*|mini-program))\/?/i.exec(head)?.[1];
  const backupDir = /BACKUP_DIR=([/\w.-]+)/.exec(head)?.[1];
  const bodies = new Map<string, RegExpExecArray>();
  for (const match of head.matchAll(/(https?:\/\/[^\s`'"|)）]+)`?[^\n{]{0,30}?`?(\{\s*"\w+"\s*:\s*"[^"]{1,40}"\s*\})/g)) {
    const body = /\{\s*"(\w+)"\s*:\s*"([^"]{1,40})"\s*\}/.exec(match[2] ?? '');
    const url = new Variables().rewrite(match[1] ?? '', 0);
    if (body && !bodies.has(url)) bodies.set(url, body);
  }
  return {
    bodies,
    boxes: (head.match(/^\s*(?:[-*+]|\d+[.)])\s+\[[ xX]\]|^\s*(?:[-*+]\s+)?[□☐■]/gm) ?? []).length,
    envFile,
    envFileNamed: envFiles.length > 0,
    containers,
    envNames,
    ...(miniprogramDir === undefined ? {} : { miniprogramDir }),
    ...(backupDir === undefined ? {} : { backupDir }),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

function envName(facts: DocumentFacts, pattern: RegExp, fallback: string): string {
  return facts.envNames.find((name) => pattern.test(name)) ?? fallback;
}

function envTarget(facts: DocumentFacts): Record<string, string> {
  return facts.containers.length === 1 ? { container: facts.containers[0] ?? '' } : { file: facts.envFile };
}

/** A regular expression matching values shaped like an example (`v1.2.3-20260213` → /^v\d+\.\d+\.\d+-\d{8}$/). */
export function shapeOf(example: string): string {
  const body = example
    .replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`)
    .replace(/\d+/g, (digits) => (digits.length >= 6 ? `\\d{${digits.length}}` : '\\d+'));
  return `/^${body}$/`;
}

const portPattern = /`?(\d{2,5}(?:\s*\/\s*\d{2,5})+|\d{2,5})`?/;

/**
 * Proposals for one item, from its title, details and code. `line` is where the item starts
 * (placeholders are recorded against it).
 */
export function proposeFromText(text: string, line: number, facts: DocumentFacts, variables: Variables): Proposal[] {
  const proposals: Proposal[] = [];
  const add = (check: ProposedCheck, note: string, suffix?: string) =>
    proposals.push(suffix === undefined ? { check, note } : { check, note, suffix });

  // docker exec NAME env | grep KEY → the variable is set inside the running container.
  for (const match of text.matchAll(/docker\s+exec\s+(?:-\w+\s+)*([A-Za-z0-9][\w.-]*)\s+(?:printenv|env)\b[^\n`]*?grep\s+(?:-\w+\s+)*([A-Z_][A-Z0-9_]*)/g)) {
    add(
      { kind: 'env', container: match[1] ?? '', name: match[2] ?? '', expect: ['present == true', 'empty == false', 'is_placeholder == false'] },
      `docker exec ${match[1] ?? ''} env | grep ${match[2] ?? ''}`,
    );
  }

  // curl URL / 访问 URL → an HTTP check; a JSON body written next to it becomes a body condition.
  for (const match of text.matchAll(/(?:curl\s+(?:-{1,2}[A-Za-z-]+\s+)*|访问\s*`?|GET\s+|open\s+|打开\s*`?|`(?=https?:\/\/[^`]+`\s*(?:返回|returns?|responds?|应返回|→|->)))(https?:\/\/[^\s`'"|)）]+)/gi)) {
    const start = match.index ?? 0;
    const lineOfMatch = text.slice(text.lastIndexOf('\n', start) + 1, text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start));
    if (isSetupStep(lineOfMatch.replace(/^[\s>*-]*`?/, '').trim()) || /localhost|127\.0\.0\.1/.test(match[1] ?? '')) continue;
    const url = variables.rewrite(match[1] ?? '', line).replace(/[.,，。;；]+$/, '');
    if (!/^https?:\/\/[^/]+/.test(url)) continue;
    const after = text.slice(start + match[0].length, start + match[0].length + 200);
    const { expect, followRedirects } = expectationOf(after.split('\n')[0] ?? '');
    const body = /\{\s*"(\w+)"\s*:\s*"([^"]{1,40})"\s*\}/.exec(after) ?? facts.bodies.get(url);
    if (body) expect.push(`body.${body[1] ?? ''} == ${JSON.stringify(body[2] ?? '')}`);
    const jqLength = /jq\s+'\.(\w+)\s*\|\s*length'/.exec(after);
    if (jqLength) expect.push(`len(body.${jqLength[1] ?? ''}) > 0`);
    if (!proposals.some((p) => p.check.kind === 'http' && p.check.url === url)) add({ kind: 'http', url, ...(followRedirects === undefined ? {} : { followRedirects }), expect }, match[0].trim());
  }

  // Ports that must (not) be reachable from the internet.
  const closed = /(不建议|禁止|不要|不得|不允许|不应|不能|never|must not|do not|don't)[^\n]{0,12}(公网|对外|外网|public|internet)?[^\n]{0,6}(开放|暴露|open|expose)/i.exec(text);
  const open = /(对公网|对外|public(ly)?)\s*(开放|open|expose)/i.exec(text);
  if (closed || open) {
    const ports = portPattern.exec(text.slice((closed ?? open)?.index ?? 0))?.[1] ?? portPattern.exec(text)?.[1];
    if (ports !== undefined && /\d/.test(ports)) {
      const host = variables.use('SERVER_PUBLIC_IP', '云服务器公网 IP', line, '203.0.113.10');
      for (const port of ports.split('/').map((p) => Number(p.trim()))) {
        if (!(port >= 1 && port <= 65_535)) continue;
        const expect = closed ? ['open == false'] : ['open == true'];
        add({ kind: 'tcp', host, port, expect }, closed ? `port ${port} must not be reachable from the internet` : `port ${port} must be reachable`, String(port));
      }
    }
  }

  // 镜像标签规范（如 v1.2.3-20260213）→ the released commit carries a tag of that shape.
  const tag = /(?:标签|tag)[^\n`]{0,20}`?(v\d+(?:\.\d+){1,3}(?:-[\w.]+)?)`?/i.exec(text);
  if (tag) add({ kind: 'git', expect: [`head_tag matches ${shapeOf(tag[1] ?? '')}`] }, `tag format like ${tag[1] ?? ''}`);

  // 日志级别 `error` 或 `warn` → one of.
  if (/日志级别|log\s*level/i.test(text)) {
    const levels = [...text.matchAll(/`(error|warn|warning|info|debug|fatal)`/gi)].map((m) => (m[1] ?? '').toLowerCase());
    if (levels.length > 0) {
      add(
        { kind: 'env', ...envTarget(facts), name: envName(facts, /LOG_LEVEL/, 'LOG_LEVEL'), expect: [`lower(value) in [${unique(levels).map((l) => JSON.stringify(l)).join(', ')}]`] },
        'log level variable name guessed: review',
      );
    }
  }

  // CORS must not be `*`.
  if (/CORS/i.test(text) && /\*|具体域名|specific|whitelist|白名单/.test(text)) {
    add({ kind: 'env', ...envTarget(facts), name: envName(facts, /CORS/, 'CORS_ORIGINS'), expect: ['present == true', 'value != "*"'] }, 'CORS must name domains, not *');
  }

  // JWT secret of at least 32 characters.
  const jwtLength = /JWT[^\n]{0,30}?(?:≥|>=|至少|at least)\s*(\d+)|(?:≥|>=|至少|at least)\s*(\d+)\s*(?:位|字符|characters|chars)[^\n]{0,20}JWT/i.exec(text);
  if (jwtLength) {
    const min = jwtLength[1] ?? jwtLength[2] ?? '32';
    add({ kind: 'env', ...envTarget(facts), name: envName(facts, /^JWT_SECRET$|JWT/, 'JWT_SECRET'), expect: [`len >= ${min}`, 'is_placeholder == false'] }, `JWT secret of at least ${min} characters`);
  }

  // Aliyun RDS host written as rm-xxxx… → the configured host has that shape.
  if (/rm-x{2,}[\w.-]*rds\.aliyuncs\.com/i.test(text)) {
    add(
      { kind: 'env', ...envTarget(facts), name: envName(facts, /DB_HOST|MYSQL_HOST/, 'DB_HOST'), expect: ['value matches /^rm-[a-z0-9]+\\.mysql\\.rds\\.aliyuncs\\.com$/'] },
      'production database is the Aliyun RDS host (variable name guessed: review)',
    );
  }

  // An OSS bucket named in backticks → the configured bucket is that one.
  const bucket = /bucket[^\n`]{0,30}`([a-z0-9][a-z0-9-]{2,62})`/i.exec(text);
  if (bucket && !/your-?bucket/i.test(bucket[1] ?? '')) {
    add(
      { kind: 'env', ...envTarget(facts), name: envName(facts, /BUCKET/, 'OSS_BUCKET'), expect: [`value == ${JSON.stringify(bucket[1] ?? '')}`] },
      'bucket variable name guessed: review',
    );
  }

  // TLS certificate of a web domain: the one the line names, else the API domain. A push or signing certificate is not one.
  if (/(SSL|TLS|HTTPS)[\s/]*(证书|certificates?|certs?)|HTTPS\s*配置|(域名|domain|网站|site)[^\n]{0,12}(证书|certificate)|(证书|certificates?)[^\n]{0,20}(域名|domain|\.com|\.cn|\.io|example)/i.test(text) && !/推送|push|apns|签名|signing|code.?sign|p12|客户端证书|client cert/i.test(text)) {
    const named = /(?:^|[\s`(（:：])((?:[a-z0-9-]+\.)+(?:com|cn|net|org|io|dev|app|co|cloud|xyz|tech))(?=[\s`)）,，.。:/]|$)/i.exec(text)?.[1];
    const host = named === undefined || /^(?:[\w-]+\.)*(?:github|google|letsencrypt|sre|12factor)\./i.test(named) ? variables.use('API_DOMAIN', '<API_DOMAIN>', line) : variables.rewrite(named, line);
    add({ kind: 'tls', host, expect: ['chain_valid == true', 'hostname_valid == true', 'days_left > 30'] }, 'certificate of the domain');
  }

  // HTTP → HTTPS redirect.
  if (/HTTPS\s*(强制跳转|重定向|redirect)|redirect (to )?https/i.test(text)) {
    add(
      { kind: 'http', url: `http://${variables.use('API_DOMAIN', '<API_DOMAIN>', line)}/`, followRedirects: false, expect: ['status in [301, 302, 307, 308]', 'headers["location"] matches /^https:/'] },
      'plain http redirects to https',
    );
  }

  // Source control: committed, on the production branch.
  if (/(代码|所有代码)[^\n]{0,10}已提交|committed|clean (working )?tree/i.test(text)) {
    const branches = [...text.matchAll(/`(main|master|production|prod|release[\w/-]*)`/g)].map((m) => m[1] ?? '');
    const expect = ['clean == true'];
    if (branches.length > 0) expect.push(`branch in [${unique(branches).map((b) => JSON.stringify(b)).join(', ')}]`);
    add({ kind: 'git', expect }, 'the release is built from a clean, committed tree');
  }

  // Backups exist and are recent.
  if (/(数据库)?备份(已配置|策略|脚本)|自动备份|backups? (are )?configured/i.test(text)) {
    add({ kind: 'backup', path: facts.backupDir ?? variables.use('BACKUP_DIR', '<BACKUP_DIR>', line, '/backup/mysql') }, 'a recent backup file exists');
  }

  // Mini-program API base URL: https, not an IP, inside the production domains.
  // VITE_API_BASE_URL and friends configure a web front end (seed 004's admin), not the mini-program.
  if (/apiBaseUrl|(?<!VITE_|REACT_APP_|VUE_APP_|NEXT_PUBLIC_|NUXT_PUBLIC_)API_BASE_URL|正式(接口|域名)|服务器域名|request\s*合法域名|合法域名/i.test(text)) {
    const project = /`((?:[\w.-]+\/)*(?:miniprogram|miniapp|weapp[\w-]*|mini-program))\//i.exec(text)?.[1] ?? facts.miniprogramDir;
    const file = /`((?:[\w.-]+\/)*[\w.-]+\.(?:js|ts|json))`/.exec(text)?.[1];
    const check: ProposedCheck = { kind: 'miniprogram' };
    if (project !== undefined) check.project = project.replace(/\/$/, '');
    if (file !== undefined && project !== undefined && file.startsWith(`${project}/`)) check.baseUrlFiles = [file.slice(project.length + 1)];
    if (/<API_DOMAIN>|\$\{API_DOMAIN\}/.test(text)) check.domains = { request: [`https://${variables.use('API_DOMAIN', '<API_DOMAIN>', line)}`] };
    // Without declared domains base_urls_in_domains is always null, so the kind's default expect could never pass.
    if (check.domains === undefined) check.expect = ['base_urls_https == true', 'base_urls_no_ip == true', 'api_weixin_in_client == false'];
    add(check, check.domains === undefined ? 'mini-program base URL is https and not an IP (add `domains` from the console to check them too)' : 'mini-program base URL is https, not an IP, inside the production domains');
  }

  // ADMIN_JWT_SECRET … 与 JWT_SECRET 不同 / differs from.
  const differs = /`?([A-Z][A-Z0-9_]{2,})`?[^\n]{0,40}?(?:differs? from|different from|与|不同于)\s*`?([A-Z][A-Z0-9_]{2,})`?/.exec(text);
  if (differs && differs[1] !== differs[2] && /不同|differ/i.test(text)) {
    add({ kind: 'env', ...envTarget(facts), name: differs[1] ?? '', differsFrom: differs[2] ?? '', expect: ['present == true', 'differs == true'] }, `${differs[1] ?? ''} differs from ${differs[2] ?? ''}`);
  }

  // Leftovers in the source tree: TODO comments, console.log, debug switches.
  const leftovers: string[] = [];
  if (/\bTODO\b|FIXME/.test(text)) leftovers.push('todo');
  // A snippet that calls console.log (`.then(console.log)`, `node -e "console.log(…)"`) is not asking to remove it.
  const prose = text.replace(/\(\s*console\.\w+\s*\)|console\.\w+\s*\(/g, '');
  if (/console\.log|调试代码|debug(ging)? (code|statements)/i.test(prose)) leftovers.push('console');
  if (leftovers.length > 0) add({ kind: 'files', leftovers, expect: ['count == 0'] }, `no ${leftovers.join(' / ')} left in the code`);

  // Hard-coded credentials in the code.
  if (/敏感信息不在代码|密钥.{0,6}(不在|未)?硬编码|硬编码.{0,6}(密钥|密码|凭证)|no (hard-?coded )?secrets|secrets? (are )?not in (the )?code/i.test(text)) {
    add({ kind: 'secrets', expect: ['count == 0'] }, 'no credentials committed in the code');
  }

  // Test suites.
  proposals.push(...proposeCommands(text));

  return proposals;
}

const testCommand = /^(?:go test\b|npm (?:run )?test\b|npm t\b|pnpm (?:run )?test\b|yarn (?:run )?test\b|npx (?:vitest|jest)\b|pytest\b|mvn (?:-\S+ )*test\b|gradle(?:w)? test\b|cargo test\b|make test\b)/;

/** `cd backend && go test ./...` → a command check run in `backend`. */
function proposeCommands(text: string): Proposal[] {
  const proposals: Proposal[] = [];
  let cwd = '.';
  // Commands written inline (`执行 \`npm test\``) count as lines of their own.
  const inline = [...text.matchAll(/`([^`\n]{2,200})`/g)].map((m) => m[1] ?? '').filter((code) => testCommand.test(code));
  const lines = inline.length > 0 && !text.includes('\n') ? inline : [...text.split('\n'), ...inline.filter((code) => !text.split('\n').some((l) => l.trim() === code))];
  for (const raw of lines) {
    const line = raw.replace(/^\s*[-*]\s+/, '').replace(/`/g, '').trim();
    if (line.startsWith('#')) continue;
    for (const part of line.split(/\s*&&\s*/)) {
      const cd = /^cd\s+(\S+)$/.exec(part);
      if (cd) {
        const target = cd[1] ?? '.';
        cwd = target.startsWith('/') || target.startsWith('~') || target.startsWith('<') ? '.' : posix.normalize(posix.join(cwd, target));
        if (cwd.startsWith('..')) cwd = '.';
        continue;
      }
      if (testCommand.test(part)) {
        const check: ProposedCheck = { kind: 'command', run: part.split(/\s+/), expect: ['exit_code == 0'] };
        if (cwd !== '.') check.cwd = cwd;
        proposals.push({ check, note: `tests pass: ${part}`, suffix: part });
      }
    }
  }
  return proposals;
}
