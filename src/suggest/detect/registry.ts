import { backupsDetector } from './backups.js';
import { baseUrlsDetector } from './base-urls.js';
import { caddyDetector } from './caddy.js';
import { cloudbaseDetector, cloudFunctionDetector, permissionsDetector } from './cloudbase.js';
import { codeEnvDetector } from './code-env.js';
import { composeDetector } from './compose.js';
import type { Detector } from './detector.js';
import { dockerfileDetector } from './dockerfile.js';
import { envFilesDetector } from './env-files.js';
import { migrationsDetector } from './migrations.js';
import { miniprogramDetector } from './miniprogram.js';
import { nginxDetector } from './nginx.js';
import { packageJsonDetector } from './package-json.js';
import { vercelDetector } from './vercel.js';
import { workflowsDetector } from './workflows.js';

/** Every kind of file `golive suggest` reads; adding one is its detector file plus one line here. */
export const detectorNames = [
  'compose', 'envFiles', 'codeEnv', 'caddy', 'nginx', 'dockerfile', 'packageJson', 'miniprogram', 'baseUrls', 'cloudbase', 'cloudFunctions',
  'permissions', 'vercel', 'migrations', 'backups', 'workflows',
] as const;
export type DetectorName = (typeof detectorNames)[number];

export const detectors = {
  compose: composeDetector,
  envFiles: envFilesDetector,
  codeEnv: codeEnvDetector,
  caddy: caddyDetector,
  nginx: nginxDetector,
  dockerfile: dockerfileDetector,
  packageJson: packageJsonDetector,
  miniprogram: miniprogramDetector,
  baseUrls: baseUrlsDetector,
  cloudbase: cloudbaseDetector,
  cloudFunctions: cloudFunctionDetector,
  permissions: permissionsDetector,
  vercel: vercelDetector,
  migrations: migrationsDetector,
  backups: backupsDetector,
  workflows: workflowsDetector,
} satisfies Record<DetectorName, Detector>;
