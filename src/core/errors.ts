import type { Bilingual } from './text.js';

/** Exit codes shared by every command: 0 ok / gate passed, 1 gate failed, 2 usage or plan error. */
export const exitCodes = { ok: 0, gateFailed: 1, usage: 2 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/**
 * The one exception type for bad configuration, bad input and broken infrastructure.
 * A failing check target is never a GoliveError: it is a result.
 */
export class GoliveError extends Error {
  /** Stable machine-readable code, e.g. `plan.invalid`, `store.locked`. */
  readonly code: string;
  /** The message in both languages; `message` holds the English one. */
  readonly text: Bilingual;
  /** Exit code the CLI uses when this error ends a command. */
  readonly exitCode: ExitCode;

  constructor(code: string, text: Bilingual, options: { cause?: unknown; exitCode?: ExitCode } = {}) {
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GoliveError';
    this.code = code;
    this.text = text;
    this.exitCode = options.exitCode ?? exitCodes.usage;
  }
}

/** Turns anything thrown into a short English line, for places that must not leak stacks. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
