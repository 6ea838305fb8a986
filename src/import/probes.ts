/**
 * Probes a checklist writes: `curl -I https://shop.example.com  # 应 301 跳 https`, `/docs 应返回 404`.
 * The expectation comes from the words around the command (its comment, the rest of the line), never a blanket
 * `status == 200`; set-up steps (`apt update`, `curl … | bash`) are deploy steps, not probes.
 */
import type { Variables } from './placeholders.js';
import type { ProposedCheck } from './proposals.js';

export interface CodeLine {
  /** The command as written, without its trailing comment. */
  readonly command: string;
  /** The line as written (trimmed), the item title. */
  readonly text: string;
  readonly comment: string;
  /** Offset of the line inside the block. */
  readonly offset: number;
}

/** The statements of a script, each with its trailing `# comment`. */
export function codeLines(code: string): CodeLine[] {
  const out: CodeLine[] = [];
  code.split('\n').forEach((raw, offset) => {
    const text = raw.trim();
    if (text === '' || text.startsWith('#') || text.startsWith('//')) return;
    const hash = /\s+#\s*(.*)$/.exec(text);
    out.push({ command: hash ? text.slice(0, hash.index).trim() : text, text, comment: hash?.[1] ?? '', offset });
  });
  return out;
}

/** Installs, configures or starts something: a step the team runs, never a probe of production. */
export function isSetupStep(command: string): boolean {
  return (
    /\|\s*(sudo\s+)?(ba|z)?sh\b/.test(command) ||
    /^(sudo\s+)?(apt(-get)?|yum|dnf|apk|brew|snap|pip3?|npm (i|install|ci)\b|pnpm (i|install|add)\b|yarn (add|install)\b|gem|go (get|install)|cargo install|git (clone|pull|checkout|fetch)|systemctl|service|chmod|chown|mkdir|cp|mv|rm|ln|tar|unzip|export|source|cd|echo|cat|tee|sed|useradd|ufw|firewall-cmd|certbot|crontab|docker (pull|build|run|compose|-compose|login|push|tag)|docker-compose|kubectl (apply|create|delete|rollout|set|scale)|helm|pm2|nohup|openssl (genrsa|req))\b/.test(command)
  );
}

const statusWords = /\b([1-5]\d\d)\b/g;

/** `status == 301` and the location for a redirect, `status == 404` for a page that must be gone, else 200. */
export function expectationOf(words: string): { expect: string[]; followRedirects?: false } {
  const codes = [...words.matchAll(statusWords)].map((m) => Number(m[1])).filter((code) => code >= 200 && code < 600);
  const redirect = codes.find((code) => code >= 300 && code < 400) ?? (/redirect|跳转|重定向|跳到|跳 https|→\s*https|->\s*https/i.test(words) ? 0 : undefined);
  if (redirect !== undefined) {
    const expect = [redirect === 0 ? 'status in [301, 302, 307, 308]' : `status == ${redirect}`];
    if (/https/i.test(words)) expect.push('headers["location"] matches /^https:/');
    return { expect, followRedirects: false };
  }
  const code = codes.find((c) => c !== 0) ?? (/not found|不存在|不可访问|不应.{0,4}(访问|暴露|开放)|禁止访问|关闭/i.test(words) ? 404 : 200);
  return { expect: [`status == ${code}`] };
}

const remoteUrl = /(https?:\/\/[^\s`'"|)）<>]*(?:<[A-Za-z_]+>[^\s`'"|)）]*)?)/;

/** An http check for one `curl`/`wget`/`http` line, or undefined (a set-up step, a loopback URL, no URL). */
export function probeOfLine(line: CodeLine, variables: Variables, sourceLine: number, bodies: ReadonlyMap<string, RegExpExecArray>): ProposedCheck | 'loopback' | undefined {
  if (isSetupStep(line.command) || !/^(curl|wget|http|https)\b/.test(line.command)) return undefined;
  const match = remoteUrl.exec(line.command);
  if (!match || !/^https?:\/\/\S/.test(match[1] ?? '')) return undefined;
  if (/localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]/.test(match[1] ?? '')) return 'loopback';
  const url = variables.rewrite(match[1] ?? '', sourceLine).replace(/[.,，。;；]+$/, '');
  const after = line.command.slice((match.index ?? 0) + (match[1] ?? '').length);
  const { expect, followRedirects } = expectationOf(`${line.comment} ${after.replace(/-w\s+\S+/, '')}`);
  const body = /\{\s*"(\w+)"\s*:\s*"([^"]{1,40})"\s*\}/.exec(`${line.comment} ${after}`) ?? bodies.get(url);
  if (body && expect.includes('status == 200')) expect.push(`body.${body[1] ?? ''} == ${JSON.stringify(body[2] ?? '')}`);
  const jq = /jq\s+'\.(\w+)\s*\|\s*length'/.exec(after);
  if (jq) expect.push(`len(body.${jq[1] ?? ''}) > 0`);
  return { kind: 'http', url, ...(followRedirects === undefined ? {} : { followRedirects }), expect };
}

/**
 * `/docs 应返回 404`, `探活接口 /api/ping 是否返回 200`: a path with a stated status, checked on the API domain.
 * Only when the line says both the path and the status.
 */
export function pathProbe(text: string, variables: Variables, sourceLine: number): ProposedCheck | undefined {
  const path = /(?:^|[\s`（(「])(\/[A-Za-z0-9_\-./]*[A-Za-z0-9_-])(?=[\s`）)」,，。？?]|$)/.exec(text);
  if (!path || /\.\w{1,5}$/.test(path[1] ?? '') || !/返回|return|respond|answers?|gives|应为|should be|→|->|是否为/i.test(text)) return undefined;
  const statuses = [...text.matchAll(statusWords)].map((m) => Number(m[1]));
  if (statuses.length !== 1) return undefined;
  const host = variables.use('API_DOMAIN', '<API_DOMAIN>', sourceLine);
  const { expect, followRedirects } = expectationOf(text);
  return { kind: 'http', url: `https://${host}${path[1] ?? ''}`, ...(followRedirects === undefined ? {} : { followRedirects }), expect };
}
