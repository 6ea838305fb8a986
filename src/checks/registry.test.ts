import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkKindNames, checkKinds, findCheckKind, withCheckKind } from './registry.js';

const folder = fileURLToPath(new URL('.', import.meta.url));

describe('the kind registry', () => {
  it('lists exactly the kind folders (shared helpers live in _shared/, not in a kind)', () => {
    const folders = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
      .map((entry) => entry.name)
      .sort();

    expect([...checkKindNames].sort()).toEqual(folders);
    expect(Object.keys(checkKinds).sort()).toEqual(folders);
    for (const name of folders) expect(checkKinds[name as keyof typeof checkKinds].name).toBe(name);
  });

  it('finds a kind by name and nothing for an unknown or inherited name', () => {
    expect(findCheckKind('http')?.name).toBe('http');
    expect(findCheckKind('toString')).toBeUndefined();
    expect(withCheckKind('nope', (kind) => kind.name)).toBeUndefined();
    expect(withCheckKind('tcp', (kind) => kind.name)).toBe('tcp');
  });
});
