import { Command, CommanderError } from '@commander-js/extra-typings';
import { GoliveError, exitCodes, type ExitCode } from '../../src/core/errors.js';
import { pick } from '../../src/core/text.js';
import type { CliCommand, CliContext } from '../../src/cli/context.js';
import { auditCommand } from '../../src/cli/commands/audit.js';
import { diffCommand } from '../../src/cli/commands/diff.js';
import { gateCommand } from '../../src/cli/commands/gate.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import { itemCommand } from '../../src/cli/commands/item.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { signCommand } from '../../src/cli/commands/sign.js';
import { waiveCommand } from '../../src/cli/commands/waive.js';

/** The commands of this issue; the lead registers them in the real program, this harness registers them alone. */
const storeCommands: readonly CliCommand[] = [runCommand, itemCommand, waiveCommand, signCommand, gateCommand, historyCommand, diffCommand, auditCommand];

export interface CliOutcome {
  readonly code: ExitCode;
  readonly out: string;
  readonly err: string;
}

/** Runs `golive …` in-process with only the store commands, the way src/cli/main.ts does. */
export async function golive(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliOutcome> {
  let out = '';
  let err = '';
  let code: ExitCode = exitCodes.ok;
  const context: CliContext = {
    locale: 'en',
    color: false,
    interactive: false,
    debug: false,
    cwd: options.cwd,
    env: options.env,
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text.endsWith('\n') ? text : `${text}\n`;
    },
    t: (text) => pick(text, 'en'),
    exit: (next) => {
      if (next > code) code = next;
    },
  };
  const program = new Command().name('golive').exitOverride().configureOutput({ writeOut: (text) => context.out(text), writeErr: (text) => context.err(text) });
  for (const command of storeCommands) command.register(program, () => context);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync([...args], { from: 'user' });
    return { code, out, err };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode === 0 ? exitCodes.ok : exitCodes.usage, out, err: err + error.message };
    if (error instanceof GoliveError) return { code: error.exitCode, out, err: `${err}golive: ${error.text.en}\n` };
    throw error;
  }
}
