import { describe, expect, it } from 'vitest';
import { parseCondition } from './parser.js';
import { referencedFacts } from './referenced.js';

describe('referencedFacts', () => {
  it.each([
    ['body.status == "ok"', ['body']],
    ['len(body.items) > 0 and latency < 500ms', ['body', 'latency']],
    ['not (a or b.c) and a exists', ['a', 'b']],
    ['count <= limits.max', ['count', 'limits']],
    ['stdout contains expected_text', ['stdout', 'expected_text']],
    ['value in [1, 2] or tag matches /^v/ or open', ['value', 'tag', 'open']],
    ['len(trim(env["JWT_SECRET"])) >= 32', ['env']],
  ])('%s reads %j', (source, roots) => {
    const result = parseCondition(source);
    if (!result.ok) throw new Error(result.error.message.en);

    const facts = referencedFacts(result.condition);

    expect(facts).toEqual(roots);
  });
});
