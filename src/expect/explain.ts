import { bi, type Bilingual } from '../core/text.js';

/** How a condition expects a value, phrased for "…, got X". */
export function expectationPhrase(
  kind: 'compare' | 'contains' | 'matches' | 'in' | 'exists' | 'truthy',
  negated: boolean,
  target: string,
): Bilingual {
  switch (kind) {
    case 'compare':
    case 'truthy':
      return bi(`expected ${target}`, `期望 ${target}`);
    case 'contains':
      return negated ? bi(`expected not to contain ${target}`, `期望不包含 ${target}`) : bi(`expected to contain ${target}`, `期望包含 ${target}`);
    case 'matches':
      return negated ? bi(`expected not to match ${target}`, `期望不匹配 ${target}`) : bi(`expected to match ${target}`, `期望匹配 ${target}`);
    case 'in':
      return negated ? bi(`expected none of ${target}`, `期望不是 ${target} 中的任何一个`) : bi(`expected one of ${target}`, `期望是 ${target} 之一`);
    case 'exists':
      return negated ? bi('expected not to exist', '期望不存在') : bi('expected to exist', '期望存在');
  }
}

/** `body.status: expected "ok", got "degraded"`. */
export function failedMessage(subject: string, phrase: Bilingual, actual: string): Bilingual {
  return bi(`${subject}: ${phrase.en}, got ${actual}`, `${subject}：${phrase.zh}，实际 ${actual}`);
}

/** `latency: got 120ms, as expected (< 500ms)`. */
export function passedMessage(subject: string, actual: string, expected: string): Bilingual {
  return bi(`${subject}: got ${actual}, as expected (${expected})`, `${subject}：实际 ${actual}，符合期望（${expected}）`);
}

export function notPresentMessage(path: string): Bilingual {
  return bi(`${path}: not present`, `${path}：不存在`);
}

export function expectedToExistMessage(path: string): Bilingual {
  return bi(`${path}: expected to exist, not present`, `${path}：期望存在，实际不存在`);
}

export function absentAsExpectedMessage(path: string): Bilingual {
  return bi(`${path}: not present, as expected`, `${path}：不存在，符合期望`);
}

/** Two values an ordering or an operator cannot work with. */
export function mismatchMessage(subject: string, actual: string, actualType: Bilingual, why: Bilingual): Bilingual {
  return bi(`${subject}: got ${actual} (${actualType.en}); ${why.en}`, `${subject}：实际 ${actual}（${actualType.zh}）；${why.zh}`);
}

export function timeoutMessage(subject: string, regex: string, timeoutMs: number): Bilingual {
  return bi(
    `${subject}: matching ${regex} took longer than ${timeoutMs} ms and was stopped; simplify the pattern`,
    `${subject}：匹配 ${regex} 超过 ${timeoutMs} 毫秒，已中止；请简化正则表达式`,
  );
}

export function negatedMessage(inner: Bilingual): Bilingual {
  return bi(`"not" reverses: ${inner.en}`, `“not” 取反：${inner.zh}`);
}

export function joinedMessage(parts: readonly Bilingual[]): Bilingual {
  return bi(parts.map((part) => part.en).join('; '), parts.map((part) => part.zh).join('；'));
}

export function internalErrorMessage(detail: string): Bilingual {
  return bi(`could not evaluate the condition: ${detail}`, `无法对条件求值：${detail}`);
}
