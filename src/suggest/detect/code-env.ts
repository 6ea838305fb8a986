import type { EnvRead } from '../profile.js';
import { defineDetector } from './detector.js';

const sourceName = /\.(?:[cm]?[jt]sx?|go|py|java|kt|php|rb)$/;
const testName = /\.(?:test|spec)\.[cm]?[jt]sx?$|_test\.go$/;

/** The ways server code reads a variable: Node, Vite, Go, Python, Java, PHP, Ruby. */
const reads = [
  /process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /process\.env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
  /import\.meta\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /\bos\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
  /\bos\.environ(?:\.get)?[[(]\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bos\.getenv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bSystem\.getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
  /\bgetenv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /\bENV\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
];
/** `const { A, B: b } = process.env` */
const destructured = /\{([^{}]*)\}\s*=\s*process\.env\b/g;

export const codeEnvDetector = defineDetector({
  wants: (_rel, name) => sourceName.test(name) && !testName.test(name) && !name.endsWith('.d.ts'),
  read(file) {
    if (!file.text.includes('env') && !file.text.includes('ENV')) return {};
    const names = new Set<string>();
    for (const pattern of reads) for (const match of file.text.matchAll(pattern)) names.add(match[1] ?? '');
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
