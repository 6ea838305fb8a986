import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTracked, trackedUnder } from './git-view.js';

describe('tracked files below a directory', () => {
  it('are the run of the sorted list that starts with the directory and a slash', () => {
    const tracked = ['a-b/c.env', 'a/b.env', 'a/b/c.key', 'a/b0.env', 'a0/x.env', 'ab/c.env', 'b.env'].sort();
    expect(trackedUnder(tracked, 'a')).toEqual(['a/b.env', 'a/b/c.key', 'a/b0.env']);
    expect(trackedUnder(tracked, 'a/b')).toEqual(['a/b/c.key']);
    expect(trackedUnder(tracked, 'c')).toEqual([]);
    expect(isTracked(tracked, 'a/b.env')).toBe(true);
    expect(isTracked(tracked, 'a/b')).toBe(false);
  });

  it('agree with a plain filter for any paths', () => {
    const segment = fc.stringMatching(/^[a-c0./_ -]{1,3}$/).filter((s) => !s.includes('/'));
    const path = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 30 }), path, (files, probe) => {
        const tracked = [...files].sort();
        expect(trackedUnder(tracked, probe)).toEqual(tracked.filter((file) => file.startsWith(`${probe}/`)));
        expect(isTracked(tracked, probe)).toBe(tracked.includes(probe));
      }),
    );
  });
});
