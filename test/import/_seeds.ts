/** The five seed checklists the import tests read, and numbers counted by hand in them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importMarkdown, type ImportResult } from '../../src/import/index.js';

/** shared/ sits beside the repository (a fresh clone in CI as on the machines); /work/shared is the machines' copy. */
export const seedsDir = [join(import.meta.dirname, '../../../shared/seeds'), '/work/shared/seeds'].find((dir) => existsSync(dir)) ?? '/work/shared/seeds';

export const seedFiles = {
  s000: '000_062143565ac88587.txt',
  s001: '001_206720b5b24e0c17.txt',
  s002: '002_f52db896620ebb72.txt',
  s003: '003_a711c96b61308f0a.txt',
  s004: '004_e06d5e8f12d0b5a3.txt',
} as const;

export type SeedName = keyof typeof seedFiles;

export const seedNames = Object.keys(seedFiles) as SeedName[];

/** Proposed checks per seed, counted by hand in the documents (lines cited). */
export const proposedCheckCounts = {
  // L12 miniprogram, L20 git branch, L27 RDS host, L33 bucket, L47 map key, L62 tag shape, L85 map key again (verify phase), L105 log level.
  s000: 8,
  // L65–L87: 17 dotenv lines; L91 JWT ≥ 32; L94 CORS; L658 tls; L659 https redirect; L722 TODO; L723 console.log; L725 secrets; L745 backup.
  s001: 25,
  // L18 code committed (git); L271 daily backup. The console.log calls in the L47–L50 and L217–L230 scripts are snippets, not leftovers.
  s002: 2,
  // L24 正式接口 (miniprogram); L54 访问 …/api/health (http); L56 weapp-complete/app.js apiBaseUrl (miniprogram).
  s003: 3,
  // L21 healthz; L41 80/443 and L42 3306/6379 (one per port); L70–L78 9 env; L92–L95 4 and L99 1 process env; L103, L104 miniprogram;
  // L114, L115 tests; L132, L133 curl; L181 curl | jq. L157 (VITE_API_BASE_URL of the local admin) is a web app, not the mini-program.
  s004: 26,
} as const satisfies Record<SeedName, number>;

/** The text of a seed checklist. */
export function readSeed(name: SeedName): string {
  return readFileSync(join(seedsDir, seedFiles[name]), 'utf8');
}

export function loadSeed(name: SeedName): { text: string; result: ImportResult } {
  const text = readSeed(name);
  return { text, result: importMarkdown(text, { file: seedFiles[name] }) };
}
