import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';
import { nameGlob } from './_name-glob.js';

/** Files listed in evidence, newest first. */
const listedInEvidence = 5;

const backupSchema = checkSchema('backup', {
  path: z.string().min(1).describe('The folder backups are written to, relative to the plan folder (e.g. /backup/mysql)'),
  pattern: z
    .string()
    .min(1)
    .refine((pattern) => !pattern.includes('/'), 'pattern matches file names in the folder; put the folder in `path`')
    .refine((pattern) => {
      try {
        nameGlob(pattern);
        return true;
      } catch {
        return false;
      }
    }, 'not a valid glob (unclosed "{")')
    .optional()
    .describe('File-name glob, e.g. *.sql.gz (default: every file in the folder)'),
});

export type BackupCheck = z.infer<typeof backupSchema>;

interface BackupFile {
  name: string;
  size: number;
  mtimeMs: number;
}

export const backupKind = defineCheckKind({
  name: 'backup',
  summary: bi('The newest backup file in a folder is recent and not empty', '备份目录中最新的备份文件足够新且非空'),
  schema: backupSchema,
  facts: {
    exists: bi('true when the backup folder exists', '备份目录存在时为 true'),
    count: bi('number of backup files matching the pattern', '匹配模式的备份文件数'),
    newest: bi('name of the newest backup file (null when none)', '最新备份文件名（没有时为 null）'),
    newest_age: bi('age of the newest backup, in ms (null when none)', '最新备份的时长（毫秒；没有时为 null）'),
    newest_size: bi('size of the newest backup, in bytes (null when none)', '最新备份的大小（字节；没有时为 null）'),
    oldest_age: bi('age of the oldest backup, in ms: shows whether old ones are pruned (null when none)', '最旧备份的时长（毫秒），可看出是否清理旧备份（没有时为 null）'),
    total_size: bi('size of all matching backups, in bytes', '所有匹配备份的总大小（字节）'),
  },
  defaultExpect: ['count > 0', 'newest_age < 26h', 'newest_size > 0'],
  defaultTimeoutMs: 10_000,
  secretFields: [],
  describe: (spec) => `backup ${join(spec.path, spec.pattern ?? '*')}`,
  async probe(spec, context) {
    const folder = resolve(context.planDir, spec.path);
    const matcher = spec.pattern === undefined ? undefined : nameGlob(spec.pattern);
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A missing folder is what the check exists to find (backups never configured, volume not mounted): a failure, not an error.
      if (code === 'ENOENT') return missingFolder(folder, spec.pattern);
      if (code === 'ENOTDIR') throw new ProbeError(bi(`backup path is a file, not a folder: ${folder}`, `备份路径是文件而不是目录：${folder}`));
      throw new ProbeError(bi(`cannot list backup folder ${folder} (${code ?? 'error'})`, `无法读取备份目录 ${folder}（${code ?? 'error'}）`), {
        cause: error,
      });
    }

    const files: BackupFile[] = [];
    for (const name of names) {
      if (context.signal.aborted) throw context.signal.reason;
      if (matcher && !matcher.test(name)) continue;
      // stat follows symlinks, so a `latest.sql.gz` link counts as the file it points at; a dangling link is skipped.
      const info = await stat(join(folder, name)).catch(() => undefined);
      if (info?.isFile()) files.push({ name, size: info.size, mtimeMs: info.mtimeMs });
    }
    files.sort((a, b) => b.mtimeMs - a.mtimeMs || a.name.localeCompare(b.name));

    const now = Date.now();
    const newest = files[0];
    const oldest = files.at(-1);
    const ageOf = (file: BackupFile | undefined) => (file ? Math.max(0, Math.round(now - file.mtimeMs)) : null);
    const totalSize = files.reduce((sum, file) => sum + file.size, 0);
    return {
      facts: {
        exists: true,
        count: files.length,
        newest: newest?.name ?? null,
        newest_age: ageOf(newest),
        newest_size: newest?.size ?? null,
        oldest_age: ageOf(oldest),
        total_size: totalSize,
      },
      evidence: {
        folder,
        pattern: spec.pattern ?? '*',
        count: files.length,
        total_size: totalSize,
        newest: files.slice(0, listedInEvidence).map((file) => ({
          name: file.name,
          size: file.size,
          modified: new Date(file.mtimeMs).toISOString(),
          age_ms: ageOf(file),
        })),
      },
    };
  },
});

function missingFolder(folder: string, pattern: string | undefined) {
  return {
    facts: { exists: false, count: 0, newest: null, newest_age: null, newest_size: null, oldest_age: null, total_size: 0 },
    evidence: { folder, pattern: pattern ?? '*', exists: false },
    failure: bi(
      `backup folder does not exist: ${folder} — no backups are being written there`,
      `备份目录不存在：${folder}——没有备份写入该目录`,
    ),
  };
}
