import { defineDetector } from './detector.js';

const dumpTool = /\b(mysqldump|mariadb-dump|xtrabackup|mariabackup|pg_dump(?:all)?|mongodump|redis-cli\b[^\n]*\b(?:bgsave|save|--rdb))\b/;
const cronLine = /^\s*((?:@(?:daily|hourly|weekly|monthly|reboot))|(?:[\d*/,-]+\s+){4}[\d*/,-]+)\s+(.+)$/;

/** The folder a dump is written to: `BACKUP_DIR=/backup/mysql`, or the folder of a `> /path/file` redirect. */
function dumpFolder(text: string): string | null {
  const declared = /^\s*(?:export\s+)?(?:BACKUP_DIR|BACKUP_PATH|DUMP_DIR)=["']?([^"'\s$]+)/m.exec(text)?.[1];
  if (declared) return declared.replace(/\/+$/, '');
  const redirect = />\s*["']?(\/[\w./-]+)\/[^/\s"']+["']?/.exec(text)?.[1];
  return redirect ?? null;
}

/** Backup scripts (a dump tool in a shell script) and cron entries (crontab files, cron.d). */
export const backupsDetector = defineDetector({
  wants: (rel, name) => /\.(sh|bash)$/.test(name) || name === 'crontab' || name.endsWith('.cron') || name.endsWith('.crontab') || /(^|\/)cron\.d\//.test(rel),
  read(file) {
    const isScript = /\.(sh|bash)$/.test(file.name);
    const tool = dumpTool.exec(file.text)?.[1]?.split(/\s/)[0];
    const backups = isScript && tool ? [{ file: file.rel, tool, dir: dumpFolder(file.text), schedule: null }] : [];
    const cronEntries = isScript
      ? []
      : file.text.split(/\r?\n/).flatMap((line) => {
          if (line.trim().startsWith('#')) return [];
          const match = cronLine.exec(line);
          return match ? [{ file: file.rel, schedule: (match[1] ?? '').trim(), command: (match[2] ?? '').trim() }] : [];
        });
    return { ...(backups.length > 0 ? { backups } : {}), ...(cronEntries.length > 0 ? { cronEntries } : {}) };
  },
});
