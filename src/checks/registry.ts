import type { CheckKind } from './check-kind.js';
import { backupKind } from './backup/index.js';
import { commandKind } from './command/index.js';
import { dnsKind } from './dns/index.js';
import { dockerKind } from './docker/index.js';
import { envKind } from './env/index.js';
import { filesKind } from './files/index.js';
import { gitKind } from './git/index.js';
import { httpKind } from './http/index.js';
import { miniprogramKind } from './miniprogram/index.js';
import { mysqlKind } from './mysql/index.js';
import { postgresKind } from './postgres/index.js';
import { prometheusKind } from './prometheus/index.js';
import { redisKind } from './redis/index.js';
import { secretsKind } from './secrets/index.js';
import { tcpKind } from './tcp/index.js';
import { tlsKind } from './tls/index.js';

/** Every check kind golive knows; adding a kind is its folder plus one line here. */
export const checkKindNames = ['tcp', 'http', 'tls', 'dns', 'mysql', 'redis', 'postgres', 'prometheus', 'docker', 'command', 'env', 'git', 'backup', 'miniprogram', 'files', 'secrets'] as const;
export type CheckKindName = (typeof checkKindNames)[number];

export const checkKinds = {
  tcp: tcpKind,
  http: httpKind,
  tls: tlsKind,
  dns: dnsKind,
  command: commandKind,
  mysql: mysqlKind,
  redis: redisKind,
  postgres: postgresKind,
  prometheus: prometheusKind,
  docker: dockerKind,
  env: envKind,
  git: gitKind,
  backup: backupKind,
  miniprogram: miniprogramKind,
  files: filesKind,
  secrets: secretsKind,
} satisfies Record<CheckKindName, CheckKind>;

/** The kind for a name, or undefined for a name golive does not know. */
export function findCheckKind(name: string): CheckKind | undefined {
  return Object.hasOwn(checkKinds, name) ? (checkKinds[name as CheckKindName] as unknown as CheckKind) : undefined;
}
