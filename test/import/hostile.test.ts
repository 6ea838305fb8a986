// Malformed and hostile input: a clear answer (a result or a GoliveError), never a crash or a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoliveError } from '../../src/core/errors.js';
import { importMarkdown, renderPlanYaml } from '../../src/import/index.js';

function timed(text: string): { ms: number; result?: ReturnType<typeof importMarkdown>; error?: unknown } {
  const started = performance.now();
  try {
    const result = importMarkdown(text, { file: 'hostile.md' });
    renderPlanYaml(result);
    return { ms: performance.now() - started, result };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('hostile Markdown', () => {
  it('an unclosed fence: the rest of the document is code, imported without items from it', () => {
    const { result, ms } = timed(`# x\n\n- [ ] one\n\n\`\`\`bash\n${'- [ ] not an item\n'.repeat(5000)}`);

    expect(result?.plan.items.map((i) => i.title)).toEqual(['one']);
    expect(ms).toBeLessThan(10_000);
  });

  it('a 10 MB single line is refused as too large; a 3 MB one is cut and reported', () => {
    const huge = timed(`- [ ] ${'a'.repeat(10 * 1024 * 1024)}`);
    const big = timed(`- [ ] ${'*a '.repeat(1024 * 1024)}`);

    expect(huge.error).toBeInstanceOf(GoliveError);
    expect((huge.error as GoliveError).code).toBe('import.too-large');
    expect(big.result?.report.notes).toEqual([{ line: 1, reason: 'line-truncated' }]);
    expect(big.ms).toBeLessThan(10_000);
  });

  it('binary bytes are refused with a clear error', () => {
    const { error } = timed(`\u0000\u0001\u0002PNG${'\u0000'.repeat(100)}`);

    expect(error).toBeInstanceOf(GoliveError);
    expect((error as GoliveError).code).toBe('import.binary');
    expect((error as GoliveError).text.zh).toContain('二进制');
  });

  it('lists nested 1000 deep (by indentation and by stacked markers) are flattened, quickly', () => {
    const indented = Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- [ ] level ${i}`).join('\n');
    const stacked = `${'- '.repeat(1000)}[ ] deep`;

    const a = timed(indented);
    const b = timed(stacked);

    // Generous bounds: the point is "no hang" on a shared, loaded CI machine; bench/ measures speed.
    expect(a.result?.report.counts.items).toBeGreaterThan(0);
    expect(a.result?.report.notes.some((n) => n.reason === 'nesting-flattened')).toBe(true);
    expect(a.ms).toBeLessThan(20_000);
    // A raw RangeError (stack overflow) would satisfy "something is defined": the answer must be a result that says it flattened.
    expect(b.error).toBeUndefined();
    expect(b.result?.report.notes).toContainEqual({ line: 1, reason: 'nesting-flattened' });
    expect(b.ms).toBeLessThan(10_000);
  });

  it('fuzz: any mix of Markdown fragments imports without throwing anything but a GoliveError, in bounded time', () => {
    const fragment = fc.constantFrom(
      '# ', '## ', '### 1. ', '- ', '- [ ] ', '- [x] ', '1. ', '□ ', '■ ', '✅ ', '❌ ', '⚠️ ', '【必须】', '[P0] ', '@alice ', '**', '`', '```', '\n', '\n\n', '| a | b |\n|---|---|\n| 1 | 2 |\n',
      '> ', '    ', '错误率 > 1%', '持续 5 分钟', '灰度 10%', '24小时后全量', '回滚触发条件', '负责人：周工', '预计工时: 2 天', '<API_DOMAIN>', 'docker exec app env | grep KEY',
      'curl https://<API_DOMAIN>/healthz', 'JWT_SECRET=<至少32位随机字符串>', '审核人: ____', '${X}', '禁止执行 `rm -rf /`', '\u0007', '[', ']', '(', ')', '→',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 20 })), { maxLength: 200 }), (parts) => {
        const { error, ms } = timed(parts.join(''));
        if (error !== undefined && !(error instanceof GoliveError)) throw error;
        return ms < 5000;
      }),
      { numRuns: 300 },
    );
  });
});
