import type { Bilingual } from '../core/text.js';

/**
 * What `golive suggest` learned about a project: names, shapes and places, never the value of an
 * env-file entry. Every path is relative to the project root with forward slashes.
 */

/** A port a compose service publishes on the host. */
export interface PublishedPort {
  readonly containerPort: number;
  readonly hostPort: number | null;
  /** The host address it binds: `0.0.0.0` when none is written (Docker's default: every interface). */
  readonly bind: string;
}

/** Well-known images a service can run; `app` for anything else. */
export const serviceRoles = ['mysql', 'redis', 'postgres', 'mongo', 'proxy', 'app'] as const;
export type ServiceRole = (typeof serviceRoles)[number];

export interface ComposeService {
  readonly file: string;
  readonly name: string;
  readonly role: ServiceRole;
  readonly image: string | null;
  readonly tag: string | null;
  /** True when the service is built from the project (`build:`). */
  readonly built: boolean;
  readonly containerName: string | null;
  readonly ports: readonly PublishedPort[];
  readonly namedVolumes: readonly string[];
  readonly healthcheck: boolean;
  /** The URL path a healthcheck command requests (`/healthz`), when it requests one. */
  readonly healthPath: string | null;
  readonly restart: string | null;
  readonly envFiles: readonly string[];
  /** Names set under `environment:` (values are not kept). */
  readonly environment: readonly string[];
}

/** How a value looks, so lessons can judge it without anyone seeing it. */
export const envShapes = ['empty', 'placeholder', 'wildcard', 'boolean', 'number', 'url', 'list', 'text'] as const;
export type EnvShape = (typeof envShapes)[number];

export interface EnvVariable {
  readonly name: string;
  readonly shape: EnvShape;
  readonly length: number;
}

export interface EnvFileInfo {
  readonly file: string;
  /** A template committed for people to copy (`.env.example`, `.env.prod.example`). */
  readonly example: boolean;
  /** The environment its name says: production, staging, development, or default (`.env`). */
  readonly environment: 'production' | 'staging' | 'development' | 'default';
  readonly variables: readonly EnvVariable[];
}

/** A variable name the code, a compose file or a script reads. */
export interface EnvRead {
  readonly name: string;
  readonly at: string;
}

export interface ProxySite {
  readonly file: string;
  readonly server: 'caddy' | 'nginx';
  readonly domains: readonly string[];
  readonly tls: boolean;
  readonly hsts: boolean;
  readonly corsWildcard: boolean;
  readonly upstreams: readonly string[];
}

export interface DockerfileInfo {
  readonly file: string;
  readonly baseImage: string | null;
  readonly user: boolean;
  readonly healthcheck: boolean;
}

export interface PackageInfo {
  readonly file: string;
  readonly name: string | null;
  readonly scripts: readonly string[];
  /** The test script runs something (not npm's "no test specified" stub). */
  readonly realTestScript: boolean;
  readonly nodeEngine: string | null;
  readonly dependencies: readonly string[];
}

export interface MiniProgramInfo {
  /** Folder holding project.config.json (or manifest.json for uni-app). */
  readonly dir: string;
  readonly framework: 'native' | 'taro' | 'uni-app';
  readonly appid: string | null;
  /** Source root, relative to the project root. */
  readonly root: string;
  readonly cloudfunctionRoot: string | null;
}

/** A URL literal a mini-program's config sends requests to (production build only). */
export interface BaseUrl {
  readonly file: string;
  readonly url: string;
  readonly host: string;
}

export interface CloudbaseInfo {
  readonly file: string;
  readonly functionRoot: string | null;
  readonly functions: readonly string[];
}

export interface CloudFunctionInfo {
  readonly dir: string;
  readonly name: string;
  /** Collections its code opens with `db.collection('…')`. */
  readonly collections: readonly string[];
}

/** A database permission file of CloudBase, with the collections anyone may write. */
export interface PermissionFile {
  readonly file: string;
  readonly collections: readonly string[];
  readonly openWrite: readonly string[];
}

export interface VercelInfo {
  readonly file: string;
  readonly crons: number;
}

export interface MigrationInfo {
  readonly tool: 'prisma' | 'sequelize' | 'flyway';
  readonly dir: string;
  /** Database the migrations target when the files say (`provider = "mysql"`). */
  readonly database: 'mysql' | 'postgres' | null;
}

export interface BackupInfo {
  readonly file: string;
  readonly tool: string;
  /** The folder dumps are written to, when the script says. */
  readonly dir: string | null;
  /** A cron schedule that runs it, when one was found. */
  readonly schedule: string | null;
}

export interface WorkflowInfo {
  readonly file: string;
  readonly runsTests: boolean;
  readonly deploys: boolean;
}

/** A file a detector could not read; reported, never fatal. */
export interface FileProblem {
  readonly file: string;
  readonly message: Bilingual;
}

/** Everything the detectors found; each detector returns some of these lists. */
export interface ProfileFacts {
  readonly services: readonly ComposeService[];
  readonly composeFiles: readonly string[];
  readonly envFiles: readonly EnvFileInfo[];
  readonly envReads: readonly EnvRead[];
  readonly proxies: readonly ProxySite[];
  readonly dockerfiles: readonly DockerfileInfo[];
  readonly packages: readonly PackageInfo[];
  readonly miniprograms: readonly MiniProgramInfo[];
  readonly baseUrls: readonly BaseUrl[];
  readonly cloudbase: readonly CloudbaseInfo[];
  readonly cloudFunctions: readonly CloudFunctionInfo[];
  readonly permissionFiles: readonly PermissionFile[];
  readonly vercel: readonly VercelInfo[];
  readonly migrations: readonly MigrationInfo[];
  readonly backups: readonly BackupInfo[];
  readonly cronEntries: readonly { readonly file: string; readonly schedule: string; readonly command: string }[];
  readonly workflows: readonly WorkflowInfo[];
  readonly problems: readonly FileProblem[];
}

export const emptyFacts: ProfileFacts = {
  services: [],
  composeFiles: [],
  envFiles: [],
  envReads: [],
  proxies: [],
  dockerfiles: [],
  packages: [],
  miniprograms: [],
  baseUrls: [],
  cloudbase: [],
  cloudFunctions: [],
  permissionFiles: [],
  vercel: [],
  migrations: [],
  backups: [],
  cronEntries: [],
  workflows: [],
  problems: [],
};

/** The typed profile of one project. */
export interface ProjectProfile extends ProfileFacts {
  readonly root: string;
  /** Every file the walk listed (relative paths), for `file:/regex/` detections. */
  readonly files: readonly string[];
}
