import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { bi, type Bilingual } from '../core/text.js';

/** A place in a plan file, 1-based like editors show it. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One problem found in a plan, at a place in its file. */
export interface PlanProblem {
  readonly position: SourcePosition;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: Bilingual;
}

/** A YAML plan parsed with its source positions kept, so every problem can point at a line and column. */
export interface PlanDocument {
  readonly file: string;
  readonly source: string;
  /** The document as plain data (before validation and interpolation). */
  readonly data: unknown;
  /** YAML syntax problems; when any is an error, `data` may be incomplete. */
  readonly syntaxProblems: readonly PlanProblem[];
  /** Where a path of the data is written (the value, or with `key: true` the key). */
  positionOf(path: readonly (string | number)[], options?: { key?: boolean }): SourcePosition;
}

// Bigger plans are not checklists; refusing early keeps a hostile file from eating memory.
const maxPlanBytes = 5 * 1024 * 1024;

function findPair(node: Node, key: string): Pair | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

/** Parses a plan's YAML text, keeping positions. Never throws for bad YAML: problems are data. */
export function parsePlanDocument(source: string, file: string): PlanDocument {
  const lineCounter = new LineCounter();
  const tooBig = source.length > maxPlanBytes;
  const document: Document = parseDocument(tooBig ? '' : source, { lineCounter, keepSourceTokens: true, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, source.length)));
    return { line, column: col };
  };

  const syntaxProblems: PlanProblem[] = tooBig
    ? [{ position: { line: 1, column: 1 }, severity: 'error', message: bi(`plan file is larger than ${maxPlanBytes / 1024 / 1024} MB`, `计划文件超过 ${maxPlanBytes / 1024 / 1024} MB`) }]
    : [
        ...document.errors.map((error) => ({
          position: toPosition(error.pos[0]),
          severity: 'error' as const,
          message: bi(`YAML syntax: ${error.message.split('\n')[0] ?? error.code}`, `YAML 语法错误：${error.message.split('\n')[0] ?? error.code}`),
        })),
        ...document.warnings.map((warning) => ({
          position: toPosition(warning.pos[0]),
          severity: 'warning' as const,
          message: bi(`YAML: ${warning.message.split('\n')[0] ?? warning.code}`, `YAML：${warning.message.split('\n')[0] ?? warning.code}`),
        })),
      ];

  let data: unknown = null;
  try {
    data = document.errors.length === 0 ? document.toJS({ maxAliasCount: 100 }) : null;
  } catch (error) {
    syntaxProblems.push({
      position: { line: 1, column: 1 },
      severity: 'error',
      message: bi(`YAML: ${error instanceof Error ? error.message : String(error)}`, `YAML：${error instanceof Error ? error.message : String(error)}`),
    });
  }

  function positionOf(path: readonly (string | number)[], options: { key?: boolean } = {}): SourcePosition {
    let node: unknown = document.contents;
    let best: [number, number, number] | undefined = (document.contents as Node | null)?.range ?? undefined;
    for (const [index, segment] of path.entries()) {
      if (isMap(node)) {
        const pair = findPair(node, String(segment));
        if (!pair) break;
        const last = index === path.length - 1;
        if (last && options.key && isScalar(pair.key) && pair.key.range) return toPosition(pair.key.range[0]);
        const value = pair.value as Node | null;
        if (value?.range) best = value.range;
        else if (isScalar(pair.key) && pair.key.range) best = pair.key.range;
        node = value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | Pair | undefined;
        if (!item || isPair(item)) break;
        if (item.range) best = item.range;
        node = item;
      } else {
        break;
      }
    }
    return best ? toPosition(best[0]) : { line: 1, column: 1 };
  }

  return { file, source, data, syntaxProblems, positionOf };
}
