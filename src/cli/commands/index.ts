import type { CliCommand } from '../context.js';
import { auditCommand } from './audit.js';
import { checkCommand } from './check.js';
import { deployCommand } from './deploy.js';
import { diffCommand } from './diff.js';
import { exportCommand } from './export.js';
import { gateCommand } from './gate.js';
import { guardCommand } from './guard.js';
import { historyCommand } from './history.js';
import { hookCommand } from './hook.js';
import { importCommand } from './import.js';
import { inspectCommand } from './inspect.js';
import { initCommand } from './init.js';
import { itemCommand } from './item.js';
import { lintCommand } from './lint.js';
import { miniprogramCommand } from './miniprogram.js';
import { monitorCommand } from './monitor.js';
import { notifyCommand } from './notify.js';
import { rolloutCommand } from './rollout.js';
import { runCommand } from './run.js';
import { scanCommand } from './scan.js';
import { serveCommand } from './serve.js';
import { schemaCommand } from './schema.js';
import { signCommand } from './sign.js';
import { suggestCommand } from './suggest.js';
import { waiveCommand } from './waive.js';
import { workerCommand } from './worker.js';

/** Every command of the CLI, in the order `golive --help` lists them. */
export const commands: readonly CliCommand[] = [
  initCommand,
  suggestCommand,
  importCommand,
  exportCommand,
  checkCommand,
  runCommand,
  itemCommand,
  waiveCommand,
  signCommand,
  gateCommand,
  deployCommand,
  guardCommand,
  hookCommand,
  rolloutCommand,
  inspectCommand,
  monitorCommand,
  workerCommand,
  historyCommand,
  diffCommand,
  auditCommand,
  notifyCommand,
  serveCommand,
  scanCommand,
  miniprogramCommand,
  lintCommand,
  schemaCommand,
];
