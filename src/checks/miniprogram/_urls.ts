import { isIP } from 'node:net';
import type { CodeLine } from './_code.js';

/** A URL literal the mini-program would call, with where it was found and which build it serves. */
export interface FoundUrl {
  readonly url: string;
  /** `file:line`, relative to the project folder. */
  readonly at: string;
  /** The constant or key it is assigned to (`PROD_API_BASE_URL`, `baseUrl`, `release`), or null. */
  readonly key: string | null;
  /** Non-production URLs (`develop:`, `DEV_BASE_URL`, the dev branch of a ternary) are reported but not judged. */
  readonly environment: 'production' | 'non-production';
  /** Why it was classified non-production (the word that said so). */
  readonly because?: string;
}

const nonProductionWords = new Set([
  'dev', 'develop', 'development', 'local', 'localhost', 'debug', 'test', 'testing', 'trial', 'staging', 'stage', 'stg',
  'uat', 'sit', 'qa', 'mock', 'pre', 'preprod', 'preview', 'experience', 'sandbox', 'demo', 'beta',
]);
const productionWords = new Set(['prod', 'production', 'release', 'online', 'live', 'formal']);
const urlishWords = new Set(['url', 'uri', 'host', 'domain', 'origin', 'endpoint', 'addr', 'address', 'server', 'gateway']);
const scopeWords = new Set([
  'base', 'api', 'server', 'request', 'backend', 'gateway', 'socket', 'ws', 'wss', 'upload', 'download', 'service', 'root', 'remote',
]);

/** `PROD_API_BASE_URL` → [prod, api, base, url]; `apiBaseUrl` → [api, base, url]. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

/** True for names that hold the API base URL: BASE_URL, baseUrl, apiBaseUrl, PROD_API_BASE_URL, serverUrl, url, host … */
export function isBaseUrlKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length === 1 && (words[0] === 'api' || urlishWords.has(words[0] ?? ''))) return true;
  if (words.some((word) => nonProductionWords.has(word) || productionWords.has(word)) && words.length === 1) return true;
  return words.some((word) => urlishWords.has(word)) && words.some((word) => scopeWords.has(word) || productionWords.has(word) || nonProductionWords.has(word));
}

function classifyWords(words: readonly string[]): { environment: FoundUrl['environment']; because?: string } | undefined {
  const dev = words.find((word) => nonProductionWords.has(word));
  if (dev) return { environment: 'non-production', because: dev };
  if (words.some((word) => productionWords.has(word))) return { environment: 'production' };
  return undefined;
}

const schemePattern = /^[a-z][a-z0-9+.-]*:\/\//i;
const requestCall = /\b(?:wx|uni|Taro)\s*\.\s*(?:request|uploadFile|downloadFile|connectSocket)\s*\(/;
const envCompare = /(?:case\s*|===?\s*|!==?\s*)['"`](\w+)['"`]/g;

/** The literal text before `start` with earlier literals replaced: identifier-like ones keep their text (quoted keys). */
function codeBefore(line: CodeLine, start: number): string {
  let text = line.code.slice(0, start);
  for (const literal of [...line.literals].reverse()) {
    if (literal.start >= start) continue;
    const end = literal.start + literal.value.length + 2;
    const kept = /^[A-Za-z_$][\w$]*$/.test(literal.value) ? literal.value : '';
    text = `${text.slice(0, literal.start)}"${kept}"${text.slice(end)}`;
  }
  return text;
}

function keyBefore(before: string): string | null {
  const match = /['"]?([A-Za-z_$][\w$]*)['"]?\s*(?::|=|\?\?=|\|\|=)\s*$/.exec(before);
  return match?.[1] ?? null;
}

/** `const BASE_URL = isDev ? 'http://…' : 'https://…'`: a branch of a ternary assigned to a base-URL-like name. */
function ternaryOfBaseUrl(before: string): boolean {
  if (!/[?:]\s*$/.test(before)) return false;
  const target = /([A-Za-z_$][\w$]*)['"]?\s*(?:[:=]|\?\?=|\|\|=)(?!=)/.exec(before)?.[1];
  return target !== undefined && isBaseUrlKey(target);
}

/** Which branch of `cond ? a : b` a literal is in, judged by the words of `cond`. */
function ternaryEnvironment(before: string): { environment: FoundUrl['environment']; because?: string } | undefined {
  const trimmed = before.trimEnd();
  const question = trimmed.lastIndexOf('?');
  if (question === -1) return undefined;
  const condition = trimmed.slice(0, question).split(/[=(,]|return/).at(-1) ?? '';
  const verdict = classifyWords(keyWords(condition));
  if (!verdict) return undefined;
  const inElse = trimmed.endsWith(':') && !/[A-Za-z_$][\w$]*['"]?\s*:$/.test(trimmed);
  if (trimmed.endsWith('?')) return verdict;
  if (!inElse) return undefined;
  return verdict.environment === 'production' ? { environment: 'non-production', because: `not ${condition.trim()}` } : { environment: 'production' };
}

/** The environment named by `case 'develop':` or `envVersion === 'release'` on this line or up to three lines above. */
function contextEnvironment(lines: readonly CodeLine[], index: number, before: string): { environment: FoundUrl['environment']; because?: string } | undefined {
  const texts = [before, ...[1, 2, 3].map((back) => lines[index - back]?.code ?? '')];
  for (const text of texts) {
    const words = [...text.matchAll(envCompare)].map((match) => (match[1] ?? '').toLowerCase());
    const verdict = classifyWords(words.flatMap((word) => keyWords(word)));
    if (verdict) return verdict;
  }
  return undefined;
}

/**
 * URL literals that configure where the mini-program sends requests. `constants` mode (config
 * files) takes every literal assigned to a base-URL-like name; `requests` mode (all other code)
 * takes only `url:` literals of `wx.request` / `uploadFile` / `downloadFile` / `connectSocket` calls.
 */
export function findUrls(file: string, lines: readonly CodeLine[], mode: 'constants' | 'requests'): FoundUrl[] {
  const found: FoundUrl[] = [];
  lines.forEach((line, index) => {
    for (const literal of line.literals) {
      if (!schemePattern.test(literal.value.trimStart())) continue;
      const before = codeBefore(line, literal.start);
      const key = keyBefore(before);
      if (mode === 'requests') {
        const nearCall = [0, 1, 2, 3].some((back) => requestCall.test(lines[index - back]?.code ?? ''));
        if (key !== 'url' || !nearCall) continue;
      } else if (key !== null && !isBaseUrlKey(key)) continue;
      else if (key === null && !ternaryOfBaseUrl(before)) continue;
      // WeChat's own server API is reported as api_weixin_in_client, not as a base URL.
      if (/^[a-z]+:\/\/api\.weixin\.qq\.com(?:[:/?#]|$)/i.test(literal.value.trim())) continue;
      const verdict = (key ? classifyWords(keyWords(key)) : undefined) ?? ternaryEnvironment(before) ?? contextEnvironment(lines, index, before);
      found.push({
        // Query strings are dropped: they say nothing about the domain and may carry keys (`?key=…`).
        url: literal.value.trim().replace(/[?#].*$/s, ''),
        at: `${file}:${line.number}`,
        key,
        environment: verdict?.environment ?? 'production',
        ...(verdict?.because ? { because: verdict.because } : {}),
      });
    }
  });
  return found;
}

/** Scheme, host and the port exactly as written (`https://a.com:443` keeps `443`, which `new URL` would drop). */
export interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly port: string | undefined;
  /** True when the host is an expression (`https://${host}/…`) that cannot be judged statically. */
  readonly dynamic: boolean;
}

export function urlParts(url: string, defaultScheme?: string): UrlParts | undefined {
  const withScheme = schemePattern.test(url) ? url : defaultScheme ? `${defaultScheme}://${url}` : url;
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(withScheme);
  if (!match) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const authority = (match[2] ?? '').replace(/^.*@/, '');
  if (authority.includes('${')) return { scheme, host: authority, port: undefined, dynamic: true };
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
  const [host, port] = bracketed ? [bracketed[1] ?? '', bracketed[2]] : splitPort(authority);
  return { scheme, host: host.toLowerCase().replace(/\.$/, ''), port: port === '' ? undefined : port, dynamic: false };
}

function splitPort(authority: string): [string, string | undefined] {
  const colon = authority.lastIndexOf(':');
  return colon === -1 ? [authority, undefined] : [authority.slice(0, colon), authority.slice(colon + 1)];
}

/** IP literals, localhost and 0.0.0.0: WeChat refuses them as request domains. */
export function isIpOrLocal(host: string): boolean {
  return isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || /^\d+(\.\d+){3}$/.test(host);
}

/** Declared production domains, as in the mini-program console (开发设置 → 服务器域名). */
export interface DeclaredDomains {
  readonly request: readonly string[];
  readonly upload?: readonly string[] | undefined;
  readonly download?: readonly string[] | undefined;
  readonly socket?: readonly string[] | undefined;
}

/** Why a URL would be refused by WeChat given the declared domains, or undefined when it is allowed. */
export function domainProblem(url: string, domains: DeclaredDomains): string | undefined {
  const parts = urlParts(url);
  if (!parts) return 'not an absolute URL';
  if (parts.dynamic) return 'host is computed at run time; cannot be checked';
  if (parts.scheme !== 'https' && parts.scheme !== 'wss') return `scheme ${parts.scheme}: WeChat allows only https (and wss for sockets)`;
  const declared =
    parts.scheme === 'wss'
      ? (domains.socket ?? []).map((entry) => urlParts(entry, 'wss'))
      : [...domains.request, ...(domains.upload ?? []), ...(domains.download ?? [])].map((entry) => urlParts(entry, 'https'));
  const sameHost = declared.filter((entry) => entry !== undefined && entry.host === parts.host && entry.scheme === parts.scheme);
  if (sameHost.length === 0) return `${parts.host} is not among the declared ${parts.scheme === 'wss' ? 'socket' : 'request/upload/download'} domains`;
  // Sockets may use any port; for https the port must be exactly the declared one, or absent when none is declared (not even :443).
  if (parts.scheme === 'wss') return undefined;
  if (sameHost.some((entry) => entry?.port === parts.port)) return undefined;
  return parts.port === undefined
    ? `${parts.host} is declared only with port ${sameHost.map((entry) => entry?.port).join(', ')}`
    : `port :${parts.port} is not allowed: the domain is declared without it (WeChat refuses even :443)`;
}
