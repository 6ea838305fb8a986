import type { CliCommand } from '../context.js';
import { checkCommand } from './check.js';
import { lintCommand } from './lint.js';
import { schemaCommand } from './schema.js';

/** Every command of the CLI, in the order `golive --help` lists them. */
export const commands: readonly CliCommand[] = [checkCommand, lintCommand, schemaCommand];
