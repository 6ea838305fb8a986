import type { EnvRead } from '../profile.js';
import { defineDetector } from './detector.js';

const sourceName = /\.(?:[cm]?[jt]sx?|go|py|java|kt|php|rb)$/;
const testName = /\.(?:test|spec)\.[cm]?[jt]sx?$|_test\.go$/;

/** The ways server code reads a variable — Node, Vite, Go, Python, Java, PHP, Ruby — as one pattern, so each file is scanned once. */
const reads = new RegExp(
  [
    /process\.env\.([A-Za-z_]\w*)/,
    /process\.env\[\s*['"`]([A-Za-z_]\w*)['"`]\s*\]/,
    /import\.meta\.env\.([A-Za-z_]\w*)/,
    /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_]\w*)"/,
    /\bos\.environ(?:\.get)?[[(]\s*['"]([A-Za-z_]\w*)['"]/,
    /\b(?:os\.|System\.)?getenv\(\s*['"]([A-Za-z_]\w*)['"]/,
    /\bENV\[\s*['"]([A-Za-z_]\w*)['"]\s*\]/,
  ]
    .map((pattern) => pattern.source)
    .join('|'),
  'g',
);
/** `const { A, B: b } = process.env` */
const destructured = /\{([^{}]*)\}\s*=\s*process\.env\b/g;

export const codeEnvDetector = defineDetector({
  wants: (_rel, name) => sourceName.test(name) && !testName.test(name) && !name.endsWith('.d.ts'),
  read(file) {
    if (!/env/i.test(file.text)) return {};
    const names = new Set<string>();
    for (const match of file.text.matchAll(reads)) names.add(match.slice(1).find((group) => group !== undefined) ?? '');
    for (const match of file.text.matchAll(destructured)) {
      for (const part of (match[1] ?? '').split(',')) {
        const name = part.split(/[:=]/)[0]?.trim() ?? '';
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) names.add(name);
      }
    }
    names.delete('');
    const envReads: EnvRead[] = [...names].map((name) => ({ name, at: file.rel }));
    return envReads.length > 0 ? { envReads } : {};
  },
});
