import { bi, type Bilingual } from '../core/text.js';

/** The starter templates `golive init` can write. */
export const templateNames = ['compose', 'cloudbase', 'serverless'] as const;
export type TemplateName = (typeof templateNames)[number];

/** Reverse proxies the compose template knows. */
export const proxyNames = ['caddy', 'nginx'] as const;
export type ProxyName = (typeof proxyNames)[number];

/** What a template is for, shown in prompts and in the usage error. */
export const templateSummaries: Readonly<Record<TemplateName, Bilingual>> = {
  compose: bi('docker compose backend with MySQL and Redis behind Caddy or Nginx', 'docker compose 部署的后端（MySQL、Redis），前置 Caddy 或 Nginx'),
  cloudbase: bi('WeChat CloudBase (云开发): cloud functions, database permissions and indexes', '微信云开发：云函数、数据库权限与索引'),
  serverless: bi('serverless backend (Vercel or similar) with a hosted database', 'Serverless 后端（Vercel 等）与托管数据库'),
};

/** Everything a template needs, validated before any text is written. */
export interface InitAnswers {
  readonly template: TemplateName;
  /** Plan name, e.g. 茂名文旅小程序. */
  readonly name: string;
  /** Production API host name, e.g. api.example.com. */
  readonly apiDomain: string;
  /** The mini-program project folder (holding project.config.json), relative to the plan. */
  readonly miniprogramDir: string;
  readonly proxy: ProxyName;
}

/** A host name with an optional port: what WeChat accepts as a server domain. */
const domainPattern = /^(?=.{1,253}(?::\d{1,5})?$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$/;

/** Why an API domain is not acceptable, or undefined when it is. `https://` and a trailing `/` are forgiven by `normalizeDomain`. */
export function domainProblem(value: string): Bilingual | undefined {
  if (domainPattern.test(normalizeDomain(value))) return undefined;
  return bi(
    `"${value}" is not a domain name such as api.example.com (WeChat only accepts registered domains, not IP addresses or localhost)`,
    `"${value}" 不是 api.example.com 这样的域名（微信只接受已备案的域名，不接受 IP 地址或 localhost）`,
  );
}

export function normalizeDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '');
}

/** Why a mini-program folder is not acceptable: it must be a plain relative path. */
export function folderProblem(value: string): Bilingual | undefined {
  const trimmed = value.trim();
  if (/^[\w.\-/]+$/.test(trimmed) && !trimmed.startsWith('/') && !trimmed.split('/').includes('..')) return undefined;
  return bi(`"${value}" should be a folder relative to the plan, such as miniprogram or apps/miniprogram`, `"${value}" 应为相对于计划文件的目录，如 miniprogram 或 apps/miniprogram`);
}

export function nameProblem(value: string): Bilingual | undefined {
  if (value.trim().length > 0 && value.trim().length <= 120 && !/[\r\n]/.test(value)) return undefined;
  return bi('the plan name is one line of 1 to 120 characters', '计划名称为 1 到 120 个字符的一行文字');
}
