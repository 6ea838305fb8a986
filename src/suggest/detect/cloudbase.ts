import { parse, type ParseError } from 'jsonc-parser';
import { bi } from '../../core/text.js';
import type { CloudFunctionInfo, PermissionFile } from '../profile.js';
import { defineDetector, folderOf } from './detector.js';

function jsonc(text: string): unknown {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  return errors.length === 0 ? data : undefined;
}

/** cloudbaserc.json: where functions live and which ones it deploys. */
export const cloudbaseDetector = defineDetector({
  wants: (_rel, name) => name === 'cloudbaserc.json' || name === 'cloudbaserc.js',
  read(file) {
    const data = jsonc(file.text) as { functionRoot?: unknown; functions?: unknown } | undefined;
    if (file.name === 'cloudbaserc.json' && data === undefined) return { problems: [{ file: file.rel, message: bi('not valid JSON', '不是合法的 JSON') }] };
    const functions = Array.isArray(data?.functions) ? data.functions.flatMap((entry) => (typeof (entry as { name?: unknown }).name === 'string' ? [(entry as { name: string }).name] : [])) : [];
    return { cloudbase: [{ file: file.rel, functionRoot: typeof data?.functionRoot === 'string' ? data.functionRoot : null, functions }] };
  },
});

const functionEntry = /(^|\/)cloudfunctions?\/([^/]+)\/index\.[cm]?[jt]s$/;

/** A cloud function's entry file, and the collections it opens. */
export const cloudFunctionDetector = defineDetector({
  wants: (rel) => functionEntry.test(rel),
  read(file) {
    const name = functionEntry.exec(file.rel)?.[2] ?? file.name;
    const collections = [...new Set([...file.text.matchAll(/\.collection\(\s*['"`]([\w-]+)['"`]\s*\)/g)].map((match) => match[1] ?? ''))].sort();
    const info: CloudFunctionInfo = { dir: folderOf(file.rel), name, collections };
    return { cloudFunctions: [info] };
  },
});

/** database-permissions.json (or security-rules.json): the collections anyone may write. */
export const permissionsDetector = defineDetector({
  wants: (_rel, name) => /^(database[-_]?permissions?|db[-_]?permissions?|security[-_]?rules?)\.json$/i.test(name),
  read(file) {
    const data = jsonc(file.text);
    if (data === null || typeof data !== 'object') return { problems: [{ file: file.rel, message: bi('not valid JSON', '不是合法的 JSON') }] };
    const entries = Object.entries(data as Record<string, unknown>);
    const openWrite = entries.filter(([, rule]) => {
      const write = (rule as { write?: unknown } | null)?.write;
      return write === true || write === 'true' || (typeof write === 'string' && /^\s*auth\s*!=\s*null\s*$/.test(write));
    });
    const info: PermissionFile = { file: file.rel, collections: entries.map(([name]) => name), openWrite: openWrite.map(([name]) => name) };
    return { permissionFiles: [info] };
  },
});
