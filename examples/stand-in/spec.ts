import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A message a person reads, in both languages. */
const bilingual = z.object({ en: z.string(), zh: z.string() });

const route = z.object({ status: z.number().int().default(200), body: z.unknown() });

/** The team's API: node:http(s) on 127.0.0.1 with the seed's endpoints, headers and metrics. */
const backend = z.object({
  /** https with a certificate from the stand-in's own CA (trusted through NODE_EXTRA_CA_CERTS). */
  tls: z.boolean().default(true),
  /** Like Caddy on 80 and 443, on one port: TLS gets the API, plain HTTP a 308 to https. */
  redirectPlainHttp: z.boolean().default(false),
  routes: z.record(z.string(), route),
  headers: z.record(z.string(), z.string()).default({}),
  /** Serve /metrics in the Prometheus text format (request counts by route and status). */
  metrics: z.boolean().default(false),
});

/** A list the API serves from MariaDB (cached in Redis) where they run, from memory otherwise. */
const data = z.object({
  /** Database the stand-in creates on 127.0.0.1:3306 (prefixed golive_example_ so it never meets a real one; _<pid> added). */
  database: z.string().regex(/^golive_example_\w+$/),
  table: z.string().regex(/^\w+$/),
  /** The route answering `{ "items": [...] }`. */
  route: z.string(),
  rows: z.array(z.record(z.string(), z.unknown())),
});

const container = z.object({ name: z.string(), image: z.string(), env: z.record(z.string(), z.string()) });

/** What one mode (planted or fixed) changes in the stack. */
const mode = z.object({
  /** Files written over the example's own (relative to its folder), e.g. the corrected env file. */
  files: z.record(z.string(), z.string()).default({}),
  containers: z.array(container).default([]),
  /** Publish MariaDB 3306 and Redis 6379 on SERVER_PUBLIC_IP (docker compose `ports: "3306:3306"`). */
  publishDataPorts: z.boolean().default(false),
  /** Age of the newest backup the stand-in's backup job leaves, in hours. */
  backupAgeHours: z.number().default(0),
  /** Files of the example left out of the team's commit (untracked in its repository). */
  uncommitted: z.array(z.string()).default([]),
});

/** A miss planted in the example, as golive must report it in planted mode. */
const plant = z.object({
  item: z.string(),
  /** A pattern the failing evidence (conditions or observed values) must match. */
  evidence: z.string(),
  /** Only planted when this service runs on the machine. */
  needs: z.enum(['mariadb', 'redis']).optional(),
  what: bilingual,
});

/** An item that cannot pass on this machine whatever the team does (no Go toolchain, no root for port 80). */
const limit = z.object({ item: z.string(), needs: z.enum(['go', 'root']), status: z.enum(['fail', 'error']), what: bilingual });

export const standInSpec = z.object({
  /** File name of the seed checklist in shared/seeds. */
  seed: z.string(),
  title: bilingual,
  backend: backend.nullable(),
  data: data.nullable().default(null),
  /** Docker Engine API stand-in serving these containers (with the planted or fixed env). */
  docker: z.boolean().default(false),
  /** The team's repository: branch and tag of the release commit. */
  git: z.object({ branch: z.string(), tag: z.string().optional() }).nullable(),
  /** Folder (relative to the example) where the backup job writes, and the file name it writes. */
  backup: z.object({ dir: z.string(), file: z.string() }).nullable(),
  /** Bind SERVER_PUBLIC_IP (a loopback address of our own) with the web ports 80/443 when allowed. */
  publicIp: z.boolean().default(false),
  /** Variables handed to golive with --var; {api}, {publicIp} and {backupDir} are filled at start. */
  vars: z.record(z.string(), z.string()).default({}),
  /** The environment the team runs golive in (the local worker's, seed 004 §4.3). */
  processEnv: z.record(z.string(), z.string()).default({}),
  planted: mode,
  fixed: mode,
  plants: z.array(plant),
  limits: z.array(limit).default([]),
  /** Edits to the imported plan (see EDITS.md): item id → fields set on its check; new variables. */
  edits: z.object({
    checks: z.array(z.object({ item: z.string(), set: z.record(z.string(), z.unknown()) })).default([]),
    variables: z.record(z.string(), z.object({ description: z.string(), example: z.string() })).default({}),
  }),
});

export type StandInSpec = z.infer<typeof standInSpec>;
export type StandInMode = 'planted' | 'fixed';
export type Plant = z.infer<typeof plant>;
export type Limit = z.infer<typeof limit>;
export type DataSpec = z.infer<typeof data>;

/** The five examples, one per seed checklist. */
export const exampleNames = ['seed-000', 'seed-001', 'seed-002', 'seed-003', 'seed-004'] as const;
export type ExampleName = (typeof exampleNames)[number];

export const examplesDir = join(import.meta.dirname, '..');

/** Reads and validates `examples/stand-in/<name>.json` (kept out of the example, which is the team's repository). */
export function loadSpec(name: ExampleName): StandInSpec {
  const file = join(import.meta.dirname, `${name}.json`);
  return standInSpec.parse(JSON.parse(readFileSync(file, 'utf8')));
}
