import type { EnvFileInfo, EnvShape, ProjectProfile } from './profile.js';
import { folderOf, joinRel } from './detect/detector.js';
import { isPublicDomain } from './detect/domains.js';

/** Facts about the stack that lessons require or exclude (`requires: [mysql]`, `excludes: [cloudbase]`). */
export const signalNames = [
  'compose', 'docker', 'mysql', 'redis', 'postgres', 'mongo', 'caddy', 'nginx', 'proxy', 'node', 'miniprogram', 'cloudbase', 'vercel',
  'wechat-pay', 'oss', 'map', 'sms', 'jwt', 'migrations', 'backup-script', 'ci', 'env-files', 'domain',
] as const;
export type Signal = (typeof signalNames)[number];

/** Collections a lesson can propose one item per entry of (`each: { in: envVars, where: … }`). */
export const collectionNames = ['envVars', 'publishedPorts', 'services', 'proxies', 'miniprograms', 'cloudFunctions', 'permissionFiles', 'backups', 'migrations', 'packages', 'dockerfiles', 'workflows'] as const;
export type CollectionName = (typeof collectionNames)[number];

/** One entry of a collection: flat text fields, ready for `where` filters and `{{field}}` templates. */
export type Binding = Readonly<Record<string, string>>;

/** The profile as lessons see it. */
export interface LessonView {
  readonly signals: ReadonlySet<Signal>;
  /** Every variable name the project declares or reads. */
  readonly variableNames: ReadonlySet<string>;
  readonly files: readonly string[];
  /** Project-wide values for templates: apiDomain, envFile, composeFile, backendContainer, healthPath, miniprogramDir, backupDir. */
  readonly context: Binding;
  readonly collections: Readonly<Record<CollectionName, readonly Binding[]>>;
}

const datastorePorts: Readonly<Record<string, number>> = { mysql: 3306, redis: 6379, postgres: 5432, mongo: 27017 };

function anyName(names: ReadonlySet<string>, pattern: RegExp): boolean {
  for (const name of names) if (pattern.test(name)) return true;
  return false;
}

/** The production env file of a folder: an existing production file, else what its example becomes when copied. */
function targetEnvFile(files: readonly EnvFileInfo[]): string {
  const folder = folderOf(files[0]?.file ?? '');
  const name = (file: EnvFileInfo) => file.file.slice(file.file.lastIndexOf('/') + 1);
  const production = files.find((file) => !file.example && file.environment === 'production');
  if (production) return production.file;
  const example = files.find((file) => file.example && file.environment === 'production');
  if (example) return joinRel(folder, name(example).replace(/[.-](example|sample|template|dist|tpl)$/i, '').replace(/\.(example|sample|template)\./i, '.'));
  const plain = files.find((file) => !file.example && file.environment === 'default');
  if (plain) return plain.file;
  return joinRel(folder, files.some((file) => file.example) ? '.env' : '.env.production');
}

/** The tag of a base image (`node:20-alpine` → `20-alpine`), `latest` when none is written, '' for a digest or a build stage. */
function baseTagOf(image: string | null): string {
  if (!image || image.includes('@') || image.includes('$')) return '';
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? image.slice(colon + 1) : 'latest';
}

/** `api/health.js` on Vercel (and similar) serves `/api/health`. */
function serverlessHealthPath(files: readonly string[]): string | undefined {
  const found = files.find((file) => /^(?:api|pages\/api|app\/api)\/(health|healthz)(?:\/route)?\.[cm]?[jt]s$/.test(file));
  return found ? `/api/${/(healthz?)/.exec(found)?.[1] ?? 'health'}` : undefined;
}

/** Derives signals, template values and collections from a profile. */
export function lessonView(profile: ProjectProfile): LessonView {
  const dependencies = new Set(profile.packages.flatMap((pkg) => pkg.dependencies));
  const miniDirs = profile.miniprograms.map((program) => program.dir);
  const insideMini = (file: string) => miniDirs.some((dir) => dir === '' ? false : file === dir || file.startsWith(`${dir}/`));
  const backendEnvFiles = profile.envFiles.filter((file) => !insideMini(file.file));
  const variableNames = new Set([
    ...backendEnvFiles.flatMap((file) => file.variables.map((variable) => variable.name)),
    ...profile.envReads.filter((read) => !insideMini(read.at)).map((read) => read.name),
    ...profile.services.flatMap((service) => service.environment),
  ]);
  const roles = new Set(profile.services.map((service) => service.role));
  const has = (pattern: RegExp) => anyName(variableNames, pattern);
  const depends = (pattern: RegExp) => [...dependencies].some((name) => pattern.test(name));

  const signals = new Set<Signal>();
  const add = (signal: Signal, when: boolean) => when && signals.add(signal);
  add('compose', profile.services.length > 0);
  add('docker', profile.services.length > 0 || profile.dockerfiles.length > 0);
  add('mysql', roles.has('mysql') || has(/^(MYSQL_\w+|DB_HOST|DB_NAME|DATABASE_HOST)$/) || depends(/^(mysql2?|mariadb)$/) || profile.migrations.some((migration) => migration.database === 'mysql'));
  add('redis', roles.has('redis') || has(/^REDIS_/) || depends(/^(ioredis|redis)$/));
  add('postgres', roles.has('postgres') || has(/^(PG|POSTGRES)_/) || depends(/^(pg|postgres)$/) || profile.migrations.some((migration) => migration.database === 'postgres'));
  add('mongo', roles.has('mongo') || has(/^MONGO/) || depends(/^(mongodb|mongoose)$/));
  add('caddy', profile.proxies.some((site) => site.server === 'caddy') || profile.services.some((service) => /caddy/.test(service.image ?? '')));
  add('nginx', profile.proxies.some((site) => site.server === 'nginx') || profile.services.some((service) => /nginx|openresty/.test(service.image ?? '')));
  add('proxy', signals.has('caddy') || signals.has('nginx'));
  add('node', profile.packages.some((pkg) => !insideMini(pkg.file) && (pkg.dependencies.some((name) => /^(express|koa|@nestjs\/core|fastify|egg|@hapi\/hapi|next)$/.test(name)) || pkg.nodeEngine !== null)));
  add('miniprogram', profile.miniprograms.length > 0);
  add('cloudbase', profile.cloudbase.length > 0 || profile.cloudFunctions.length > 0 || profile.miniprograms.some((program) => program.cloudfunctionRoot !== null) || depends(/^(wx-server-sdk|@cloudbase\/)/));
  add('vercel', profile.vercel.length > 0);
  add('wechat-pay', has(/WECHAT_?PAY|WXPAY|WX_PAY|MCH_?ID|PAY_(NOTIFY|CALLBACK)|APIV3/) || depends(/wechatpay|tenpay|weixin-pay/));
  add('oss', has(/(^|_)(OSS|COS)(_|$)|BUCKET/) || depends(/^(ali-oss|cos-nodejs-sdk-v5|qiniu|minio)$/));
  add('map', has(/MAP_?(API_?)?KEY|AMAP|QQMAP|TENCENT_?MAP|BAIDU_?MAP/));
  add('sms', has(/(^|_)SMS(_|$)/));
  add('jwt', has(/JWT/) || depends(/^(jsonwebtoken|jose|@nestjs\/jwt|koa-jwt|express-jwt)$/));
  add('migrations', profile.migrations.length > 0);
  add('backup-script', profile.backups.length > 0);
  add('ci', profile.workflows.length > 0);
  add('env-files', profile.envFiles.length > 0);

  const byFolder = new Map<string, EnvFileInfo[]>();
  for (const file of backendEnvFiles) byFolder.set(folderOf(file.file), [...(byFolder.get(folderOf(file.file)) ?? []), file]);
  const mainFolder = [...byFolder.values()].sort((a, b) => b.flatMap((file) => file.variables).length - a.flatMap((file) => file.variables).length)[0];
  const envFile = mainFolder ? targetEnvFile(mainFolder) : '.env.production';

  const domains = profile.proxies.flatMap((site) => site.domains);
  const miniHosts = profile.baseUrls.filter((url) => insideMini(url.file) || miniDirs.includes('')).map((url) => url.host).filter(isPublicDomain);
  const apiDomain = domains.find((domain) => domain.startsWith('api.')) ?? domains[0] ?? miniHosts[0];
  add('domain', apiDomain !== undefined);

  const composeFile = [...profile.composeFiles].sort((a, b) => Number(/prod/.test(b)) - Number(/prod/.test(a)) || profile.services.filter((service) => service.file === b).length - profile.services.filter((service) => service.file === a).length)[0];
  const backend = profile.services.find((service) => service.built && service.role === 'app') ?? profile.services.find((service) => service.role === 'app');
  const context: Record<string, string> = {
    envFile,
    ...(apiDomain ? { apiDomain } : {}),
    ...(composeFile ? { composeFile } : {}),
    ...(backend ? { backendContainer: backend.containerName ?? backend.name } : {}),
    healthPath: backend?.healthPath ?? profile.services.find((service) => service.healthPath)?.healthPath ?? serverlessHealthPath(profile.files) ?? '/healthz',
    ...(profile.miniprograms[0] ? { miniprogramDir: profile.miniprograms[0].dir || '.' } : {}),
    ...(profile.cloudFunctions.length > 0 ? { functions: profile.cloudFunctions.map((fn) => fn.name).sort().join(', ') } : {}),
    ...(profile.cloudFunctions.some((fn) => fn.collections.length > 0) ? { collections: [...new Set(profile.cloudFunctions.flatMap((fn) => fn.collections))].sort().join(', ') } : {}),
    ...(profile.backups.find((backup) => backup.dir) ? { backupDir: profile.backups.find((backup) => backup.dir)?.dir ?? '' } : {}),
  };

  const shapes = new Map<string, { shape: EnvShape; file: string }>();
  for (const group of byFolder.values()) {
    const target = targetEnvFile(group);
    for (const file of group) for (const variable of file.variables) if (!shapes.has(variable.name) || !file.example) shapes.set(variable.name, { shape: variable.shape, file: target });
  }
  const readByCode = new Set(profile.envReads.map((read) => read.name));
  const envVars = [...variableNames].sort().map((name) => ({
    name,
    file: shapes.get(name)?.file ?? envFile,
    shape: shapes.get(name)?.shape ?? 'unknown',
    readByCode: String(readByCode.has(name)),
  }));

  const publishedPorts = profile.services.flatMap((service) =>
    service.ports.map((port) => ({
      service: service.name,
      role: service.role,
      file: service.file,
      containerPort: String(port.containerPort),
      hostPort: String(port.hostPort ?? port.containerPort),
      bind: port.bind,
      loopback: String(/^(127\.|::1$|localhost$)/.test(port.bind)),
      datastore: String(datastorePorts[service.role] !== undefined),
    })),
  );
  const services = profile.services.map((service) => ({
    name: service.name,
    role: service.role,
    file: service.file,
    container: service.containerName ?? service.name,
    healthcheck: String(service.healthcheck),
    restart: service.restart ?? 'none',
    namedVolumes: service.namedVolumes.join(','),
    built: String(service.built),
  }));
  const proxies = profile.proxies.flatMap((site) =>
    site.domains.slice(0, 1).map((domain) => ({ file: site.file, server: site.server, domain, tls: String(site.tls), hsts: String(site.hsts), corsWildcard: String(site.corsWildcard) })),
  );
  const miniprograms = profile.miniprograms.map((program) => ({
    dir: program.dir || '.',
    appid: program.appid ?? '',
    framework: program.framework,
    host: profile.baseUrls.find((url) => program.dir === '' || url.file.startsWith(`${program.dir}/`))?.host ?? '',
  }));

  return {
    signals,
    variableNames,
    files: profile.files,
    context,
    collections: {
      envVars,
      publishedPorts,
      services,
      proxies,
      miniprograms,
      cloudFunctions: profile.cloudFunctions.map((fn) => ({ name: fn.name, dir: fn.dir, collections: fn.collections.join(', ') })),
      permissionFiles: profile.permissionFiles.map((file) => ({ file: file.file, openWrite: file.openWrite.join(', '), collections: file.collections.join(', ') })),
      backups: profile.backups.map((backup) => ({ file: backup.file, tool: backup.tool, dir: backup.dir ?? '' })),
      migrations: profile.migrations.map((migration) => ({ tool: migration.tool, dir: migration.dir || '.' })),
      packages: profile.packages.filter((pkg) => !insideMini(pkg.file)).map((pkg) => ({ file: pkg.file, dir: folderOf(pkg.file) || '.', realTestScript: String(pkg.realTestScript) })),
      dockerfiles: profile.dockerfiles.map((file) => ({ file: file.file, baseImage: file.baseImage ?? '', baseTag: baseTagOf(file.baseImage), user: String(file.user), healthcheck: String(file.healthcheck) })),
      workflows: profile.workflows.map((workflow) => ({ file: workflow.file, runsTests: String(workflow.runsTests), deploys: String(workflow.deploys) })),
    },
  };
}
