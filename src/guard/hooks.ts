import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';

const begin = '# >>> golive guard >>>';
const end = '# <<< golive guard <<<';
/** Where an existing pre-push hook is kept; golive's hook runs it first. */
export const previousHookName = 'pre-push.golive-previous';

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * The pre-push hook: each pushed ref becomes `git push REMOTE BRANCH` (with `--force` when the remote commit is not
 * an ancestor, `--delete` for a deletion) and goes through `golive guard --check`, so plan guards such as
 * `git push --force` or `git push origin main` (require-gate) hold for pushes too.
 */
export function prePushHook(golive: string, planPath: string): string {
  return `#!/bin/sh
${begin}
# Installed by \`golive hook install\`; reinstalling replaces this file, an earlier hook is kept in ${previousHookName}.
input=$(cat)
here=$(dirname "$0")
if [ -x "$here/${previousHookName}" ]; then
  printf '%s\\n' "$input" | "$here/${previousHookName}" "$@" || exit $?
fi
remote="$1"
zero=0000000000000000000000000000000000000000
printf '%s\\n' "$input" | while read -r local_ref local_sha remote_ref remote_sha; do
  [ -z "$local_ref" ] && continue
  branch=\${remote_ref#refs/heads/}
  if [ "$local_sha" = "$zero" ]; then
    ${golive} guard --check -p ${shellQuote(planPath)} -- git push "$remote" --delete "$branch" || exit 1
    continue
  fi
  force=""
  if [ "$remote_sha" != "$zero" ] && ! git merge-base --is-ancestor "$remote_sha" "$local_sha" 2>/dev/null; then force="--force"; fi
  ${golive} guard --check -p ${shellQuote(planPath)} -- git push "$remote" "$branch" $force || exit 1
done || exit 1
${end}
`;
}

/** Shell functions (bash, zsh) that send `docker compose`, `docker-compose`, `vercel` and `tcb fn` through the guard. */
export function shellFunctions(golive: string): string {
  return `${begin}
# Routes launch commands through \`golive guard\` (the nearest golive.yaml's guards); other commands run untouched.
docker() { if [ "$1" = compose ]; then ${golive} guard -- docker "$@"; else command docker "$@"; fi; }
docker-compose() { ${golive} guard -- docker-compose "$@"; }
vercel() { ${golive} guard -- vercel "$@"; }
tcb() { case "$1" in fn|functions:*) ${golive} guard -- tcb "$@" ;; *) command tcb "$@" ;; esac; }
${end}
`;
}

/** Replaces golive's block in a text, or appends it; idempotent. */
export function withBlock(text: string, block: string): string {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start >= 0 && stop > start) return `${text.slice(0, start)}${block.trimEnd()}${text.slice(stop + end.length)}`;
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${block}`;
}

/** What `installPrePush` did. */
export interface HookInstall {
  readonly hookPath: string;
  readonly status: 'installed' | 'updated' | 'unchanged';
  /** Set when an existing hook of someone else was moved aside (it still runs first). */
  readonly keptPrevious?: string;
}

/** Installs the pre-push hook in the repository at `dir` (honouring core.hooksPath), keeping any earlier hook. */
export function installPrePush(dir: string, golive: string, planPath: string): HookInstall {
  let hooksDir: string;
  let top: string;
  try {
    hooksDir = execFileSync('git', ['rev-parse', '--git-path', 'hooks'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new GoliveError('hook.not-git', bi(`${dir} is not inside a git repository`, `${dir} 不在 git 仓库中`));
  }
  if (!isAbsolute(hooksDir)) hooksDir = join(dir, hooksDir);
  mkdirSync(hooksDir, { recursive: true });
  const hookPath = join(hooksDir, 'pre-push');
  // Hooks run at the top of the work tree, so the plan is named relative to it.
  const script = prePushHook(golive, relative(top, planPath) || planPath);
  let keptPrevious: string | undefined;
  let status: HookInstall['status'] = 'installed';
  if (existsSync(hookPath)) {
    const current = readFileSync(hookPath, 'utf8');
    if (current === script) return { hookPath, status: 'unchanged' };
    if (current.includes(begin)) {
      status = 'updated';
    } else {
      keptPrevious = join(dirname(hookPath), previousHookName);
      if (existsSync(keptPrevious)) {
        throw new GoliveError('hook.conflict', bi(`${hookPath} is not golive's and ${keptPrevious} exists too; merge them by hand`, `${hookPath} 不是 golive 的钩子，且 ${keptPrevious} 已存在；请手动合并`));
      }
      renameSync(hookPath, keptPrevious);
      chmodSync(keptPrevious, 0o755);
    }
  }
  writeFileSync(hookPath, script, { mode: 0o755 });
  chmodSync(hookPath, 0o755);
  return { hookPath, status, ...(keptPrevious ? { keptPrevious } : {}) };
}
