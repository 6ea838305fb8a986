import type { CliCommand } from '../context.js';
import { auditCommand } from './audit.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { exportCommand } from './export.js';
import { gateCommand } from './gate.js';
import { historyCommand } from './history.js';
import { importCommand } from './import.js';
import { inspectCommand } from './inspect.js';
import { initCommand } from './init.js';
import { itemCommand } from './item.js';
import { lintCommand } from './lint.js';
import { rolloutCommand } from './rollout.js';
import { runCommand } from './run.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { schemaCommand } from './schema.js';
import { signCommand } from './sign.js';
import { waiveCommand } from './waive.js';
import { workerCommand } from './worker.js';

/** Every command of the CLI, in the order `golive --help` lists them. */
export const commands: readonly CliCommand[] = [
  initCommand,
  importCommand,
  exportCommand,
  checkCommand,
  runCommand,
  itemCommand,
  waiveCommand,
  signCommand,
  gateCommand,
  rolloutCommand,
  inspectCommand,
  workerCommand,
  historyCommand,
  diffCommand,
  auditCommand,
  serveCommand,
  scanCommand,
  lintCommand,
  schemaCommand,
];
