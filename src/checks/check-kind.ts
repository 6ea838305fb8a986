import type { z } from 'zod';
import type { Bilingual } from '../core/text.js';
import type { Facts } from '../expect/index.js';
import type { BaseCheck } from './base.js';

/** What a kind observed on its target: the facts conditions read and the evidence people read. */
export interface Observation {
  /** Values conditions can read (`status`, `body`, `latency` …); durations in ms, sizes in bytes, ratios 0–1. */
  readonly facts: Facts;
  /** What was seen, for the report (status line, headers, a truncated body, stdout …); redacted by the runner. */
  readonly evidence: Readonly<Record<string, unknown>>;
  /** Set when the target is plainly down (connection refused, DNS failure): the item fails with this reason. */
  readonly failure?: Bilingual;
  /** Secret values the probe saw (an env variable's value): redacted wherever they show up, explanations included. */
  readonly secrets?: readonly string[];
}

/** Why a check could not run at all (malformed DSN, missing env file, no Docker socket): the item's result is `error`. */
export class ProbeError extends Error {
  readonly text: Bilingual;
  constructor(text: Bilingual, options?: { cause?: unknown }) {
    super(text.en, options);
    this.name = 'ProbeError';
    this.text = text;
  }
}

/** Logger injected into library code; only the CLI decides where lines go. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** Everything a probe may use besides its spec. */
export interface ProbeContext {
  /** Aborted on timeout or Ctrl-C; probes pass it to every socket, query and child process. */
  readonly signal: AbortSignal;
  /** Folder of the plan file; relative paths in specs resolve against it. */
  readonly planDir: string;
  /** Resolved plan variables (after environments, env files and `--var`). */
  readonly variables: Readonly<Record<string, string>>;
  readonly logger: Logger;
}

/**
 * One kind of automated check. Each kind lives in its own folder under src/checks/ with
 * its schema, probe, README and tests, and is listed once in registry.ts.
 */
export interface CheckKind<Spec extends BaseCheck = BaseCheck> {
  /** The value of `kind:` in a plan. */
  readonly name: string;
  /** One line about what it checks, for help and docs. */
  readonly summary: Bilingual;
  /** Validates a check of this kind (including `kind`, `expect` and the base fields). */
  readonly schema: z.ZodType<Spec, unknown>;
  /** Facts the probe exposes to conditions, each with a line of explanation (used by lint and docs). */
  readonly facts: Readonly<Record<string, Bilingual>>;
  /** Conditions used when a check lists none, so a bare check still means something. */
  readonly defaultExpect: readonly string[];
  /** Per-attempt timeout when the check sets none. */
  readonly defaultTimeoutMs: number;
  /** Spec fields whose values are credentials: the runner redacts them wherever they appear. */
  readonly secretFields: readonly string[];
  /** A short human label for the target (`GET https://api.example.com/healthz`), secrets excluded. */
  describe(spec: Spec): string;
  /**
   * Observes the target once. A failing target is an Observation, never an exception;
   * throw ProbeError only when the check itself cannot run. Timeouts and retries belong to the runner.
   */
  probe(spec: Spec, context: ProbeContext): Promise<Observation>;
}

/** Lets a kind's module check itself against the contract where it is written. */
export function defineCheckKind<Spec extends BaseCheck>(kind: CheckKind<Spec>): CheckKind<Spec> {
  return kind;
}
