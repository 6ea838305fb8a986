import { bi, type Bilingual } from '../core/text.js';
import { InvalidArgumentError } from '@commander-js/extra-typings';

/** Collects repeated `--var NAME=VALUE` flags into a record. */
export function collectVar(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

/** Splits `a,b` (and repeated flags) into a list. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter(Boolean)];
}

/** A positive integer flag. */
export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return number;
}

/** A TCP port flag (0: any free port). */
export function portNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65_535) throw new InvalidArgumentError(`expected a port from 0 to 65535, got "${value}"`);
  return number;
}

/** The "Examples:" section of a command's help, headed in the reader's language. */
export function examplesHelp(t: (text: Bilingual) => string, examples: readonly string[], footer?: Bilingual): string {
  return `\n${t(bi('Examples:', '示例：'))}\n${examples.map((example) => `  ${example}`).join('\n')}\n${footer ? `\n${t(footer)}\n` : ''}`;
}
