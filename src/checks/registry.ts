import type { z } from 'zod';
import type { BaseCheck } from './base.js';
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

/** The spec of a kind, as its schema validates it. */
export type CheckSpecOf<K extends CheckKindName> = z.output<(typeof checkKinds)[K]['schema']>;
/** Any registered kind, each with its own spec type (no kind is widened to an untyped spec). */
export type AnyCheckKind = { [K in CheckKindName]: CheckKind<CheckSpecOf<K>> }[CheckKindName];

function isCheckKindName(name: string): name is CheckKindName {
  return Object.hasOwn(checkKinds, name);
}

type KindMap = { [K in CheckKindName]: CheckKind<CheckSpecOf<K>> };
const kindMap: KindMap = checkKinds;

function useKind<K extends CheckKindName, R>(name: K, use: <Spec extends BaseCheck>(kind: CheckKind<Spec>) => R): R {
  const kind: CheckKind<CheckSpecOf<K>> = kindMap[name];
  return use(kind);
}

/**
 * Calls `use` with the kind of that name, typed by its own spec (so what the kind parses is what its probe gets);
 * undefined for a name golive does not know.
 */
export function withCheckKind<R>(name: string, use: <Spec extends BaseCheck>(kind: CheckKind<Spec>) => R): R | undefined {
  return isCheckKindName(name) ? useKind(name, use) : undefined;
}

/** The kind for a name, or undefined for a name golive does not know. */
export function findCheckKind(name: string): AnyCheckKind | undefined {
  return isCheckKindName(name) ? checkKinds[name] : undefined;
}
