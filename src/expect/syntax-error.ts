import { bi, type Bilingual } from '../core/text.js';
import type { ConditionSyntaxError } from './condition.js';

/** A syntax problem before the column is known; tokenizer and parser both produce these. */
export interface SyntaxProblem {
  readonly offset: number;
  readonly length: number;
  /** Builds the message once the column is known, so it can name it. */
  readonly message: (column: number) => Bilingual;
}

/** Thrown inside the parser only; `parseCondition` turns it into a value. */
export class SyntaxFailure extends Error {
  readonly problem: SyntaxProblem;

  constructor(problem: SyntaxProblem) {
    super('condition syntax error');
    this.problem = problem;
  }
}

/** 1-based column counted in code points, so a CJK character or emoji counts as one. */
export function columnAt(source: string, offset: number): number {
  return [...source.slice(0, offset)].length + 1;
}

export function toSyntaxError(source: string, problem: SyntaxProblem): ConditionSyntaxError {
  const column = columnAt(source, problem.offset);
  return { source, offset: problem.offset, length: problem.length, column, message: problem.message(column) };
}

/** `expected <what> [after "<prev>"] at column N, found <found>`. */
export function expectedProblem(
  offset: number,
  length: number,
  what: Bilingual,
  found: Bilingual,
  after?: string,
  note?: Bilingual,
): SyntaxProblem {
  return {
    offset,
    length,
    message: (column) =>
      bi(
        `expected ${what.en}${after === undefined ? '' : ` after "${after}"`} at column ${column}, found ${found.en}${note === undefined ? '' : ` (${note.en})`}`,
        `第 ${column} 列${after === undefined ? '' : `（“${after}”之后）`}应为${what.zh}，实际为${found.zh}${note === undefined ? '' : `（${note.zh}）`}`,
      ),
  };
}

/** A problem whose message does not depend on the column. */
export function plainProblem(offset: number, length: number, message: Bilingual): SyntaxProblem {
  return { offset, length, message: () => message };
}

/** A problem whose message names its column: `at column N: ...`. */
export function locatedProblem(offset: number, length: number, en: string, zh: string): SyntaxProblem {
  return { offset, length, message: (column) => bi(`at column ${column}: ${en}`, `第 ${column} 列：${zh}`) };
}
