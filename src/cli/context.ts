import type { Command } from '@commander-js/extra-typings';
import type { Bilingual, Locale } from '../core/text.js';
import type { ExitCode } from '../core/errors.js';

/** Where a command writes, and how the person at the terminal wants to read it. */
export interface CliContext {
  /** Language chosen from `--lang`, GOLIVE_LANG or the locale. */
  readonly locale: Locale;
  /** False under `--no-color`, `NO_COLOR` or a non-TTY stdout. */
  readonly color: boolean;
  /** True when stdout is an interactive terminal (live progress, prompts). */
  readonly interactive: boolean;
  /** Print stack traces for unexpected errors (`--debug`). */
  readonly debug: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Writes to stdout exactly as given (machine output, tables). */
  out(text: string): void;
  /** Writes a line to stderr (progress, notices). */
  err(text: string): void;
  /** Picks the line for the current locale. */
  t(text: Bilingual): string;
  /** Sets the exit code the process ends with; the highest code set wins. */
  exit(code: ExitCode): void;
  /** Ends with a wrapped command's own exit code (`guard`, `deploy` pass it through), whatever was set before. */
  exitWith?(code: number): void;
}

/** A CLI command: one file in src/cli/commands/, registered in src/cli/commands/index.ts. */
export interface CliCommand {
  /** Adds the command (with its help text and examples) to the program. */
  register(program: Command, context: () => CliContext): void;
}
