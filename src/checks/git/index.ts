import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { booleanField } from '../../core/fields.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError } from '../check-kind.js';
import { firstLine, git, gitOk, parsePorcelain } from '../_shared/git.js';

/** Dirty files listed in facts and evidence; `dirty_count` keeps the real number. */
const dirtyCap = 50;
/** Tags shown in evidence (facts keep all of them). */
const tagsShown = 10;

const gitRef = z
  .string()
  .min(1)
  .regex(/^[^\s~^:?*[\\]+$/, 'not a valid git ref name')
  .refine((ref) => !ref.startsWith('-'), 'a ref may not start with "-"');

const gitSchema = checkSchema('git', {
  path: z.string().min(1).optional().describe('The repository (any folder inside it), relative to the plan folder; default the plan folder'),
  remote: gitRef.optional().describe('Remote to compare with for ahead/behind (default: the upstream of the current branch)'),
  branch: gitRef.optional().describe('Branch on that remote to compare with (default: the current branch name)'),
  fetch: booleanField.optional().describe('Run `git fetch` before comparing (default false: no network)'),
});

export type GitCheck = z.infer<typeof gitSchema>;

export const gitKind = defineCheckKind({
  name: 'git',
  summary: bi('A git repository: branch, clean tree, tag at HEAD, ahead/behind its upstream', 'Git 仓库：分支、工作区是否干净、HEAD 上的标签、与上游的领先/落后'),
  schema: gitSchema,
  facts: {
    branch: bi('current branch name (null when HEAD is detached)', '当前分支名（HEAD 游离时为 null）'),
    clean: bi('true when there are no uncommitted or untracked changes', '没有未提交或未跟踪的改动时为 true'),
    dirty_files: bi(`changed or untracked paths (first ${dirtyCap})`, `有改动或未跟踪的路径（最多 ${dirtyCap} 个）`),
    dirty_count: bi('number of changed or untracked paths', '有改动或未跟踪的路径数'),
    head: bi('full sha of HEAD (null before the first commit)', 'HEAD 的完整 sha（首次提交前为 null）'),
    head_tag: bi('a tag pointing exactly at HEAD (highest version first), or null', '正好指向 HEAD 的标签（版本号最高者优先），没有则为 null'),
    head_tags: bi('every tag pointing exactly at HEAD', '所有正好指向 HEAD 的标签'),
    tags: bi('all tags, newest first', '所有标签，最新的在前'),
    upstream: bi('the ref compared for ahead/behind, or null when there is none', '用于计算领先/落后的引用，没有则为 null'),
    ahead: bi('commits on HEAD not on the upstream (null without upstream)', 'HEAD 上有而上游没有的提交数（无上游时为 null）'),
    behind: bi('commits on the upstream not on HEAD (null without upstream)', '上游有而 HEAD 没有的提交数（无上游时为 null）'),
    last_commit_age: bi('time since the last commit, in ms', '距最近一次提交的时间（毫秒）'),
    last_commit_subject: bi('subject line of the last commit', '最近一次提交的标题'),
  },
  defaultExpect: ['clean == true'],
  defaultTimeoutMs: 15_000,
  secretFields: [],
  describe: (spec) => `git ${spec.path ?? '.'}${spec.remote || spec.branch ? ` vs ${spec.remote ?? 'upstream'}/${spec.branch ?? '(current)'}` : ''}`,
  async probe(spec, context) {
    const { signal } = context;
    const path = resolve(context.planDir, spec.path ?? '.');
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) throw new ProbeError(bi(`repository folder not found: ${path}`, `找不到仓库目录：${path}`));
    const inside = await git(['rev-parse', '--is-inside-work-tree'], path, signal);
    if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
      const detail = firstLine(inside.stderr);
      throw new ProbeError(
        bi(`not a git repository: ${path}${detail ? ` (${detail})` : ''}`, `不是 git 仓库：${path}${detail ? `（${detail}）` : ''}`),
      );
    }

    const [branchOut, headOut, statusOut, headTagsOut, tagsOut, logOut] = await Promise.all([
      git(['symbolic-ref', '--short', '-q', 'HEAD'], path, signal),
      git(['rev-parse', '--verify', '-q', 'HEAD'], path, signal),
      gitOk(['status', '--porcelain=v1', '-z', '--untracked-files=all'], path, signal),
      git(['tag', '--points-at', 'HEAD', '--sort=-v:refname'], path, signal),
      gitOk(['tag', '--sort=-creatordate'], path, signal),
      git(['log', '-1', '--format=%ct%x00%s'], path, signal),
    ]);
    const branch = branchOut.code === 0 ? branchOut.stdout.trim() || null : null;
    const head = headOut.code === 0 ? headOut.stdout.trim() || null : null;
    const dirty = parsePorcelain(statusOut);
    const headTags = head && headTagsOut.code === 0 ? lines(headTagsOut.stdout) : [];
    const tags = lines(tagsOut);
    const [committedAt, subject] = logOut.code === 0 ? logOut.stdout.replace(/\n$/, '').split('\0') : [];
    const lastCommitAge = committedAt ? Math.max(0, Date.now() - Number(committedAt) * 1000) : null;

    const upstream = await compareUpstream(spec, branch, path, signal);

    const facts = {
      branch,
      clean: dirty.length === 0,
      dirty_files: dirty.slice(0, dirtyCap),
      dirty_count: dirty.length,
      head,
      head_tag: headTags[0] ?? null,
      head_tags: headTags,
      tags,
      upstream: upstream.ref,
      ahead: upstream.ahead,
      behind: upstream.behind,
      last_commit_age: lastCommitAge,
      last_commit_subject: subject ?? null,
    };
    return {
      facts,
      evidence: {
        repository: path,
        branch,
        head: head?.slice(0, 12) ?? null,
        head_tag: facts.head_tag,
        clean: facts.clean,
        ...(dirty.length > 0 ? { dirty_files: facts.dirty_files, dirty_count: dirty.length } : {}),
        tags: tags.slice(0, tagsShown),
        tag_count: tags.length,
        upstream: upstream.ref,
        ahead: upstream.ahead,
        behind: upstream.behind,
        ...(upstream.note ? { upstream_note: upstream.note } : {}),
        last_commit: subject === undefined ? null : { subject, age_ms: lastCommitAge },
      },
    };
  },
});

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

interface UpstreamComparison {
  ref: string | null;
  ahead: number | null;
  behind: number | null;
  note?: string;
}

/** Counts commits against the configured remote branch, or the branch's upstream; no network unless `fetch: true`. */
async function compareUpstream(spec: GitCheck, branch: string | null, path: string, signal: AbortSignal): Promise<UpstreamComparison> {
  let ref: string;
  if (spec.remote !== undefined || spec.branch !== undefined) {
    const remote = spec.remote ?? 'origin';
    const remoteBranch = spec.branch ?? branch;
    if (remoteBranch === null) return { ref: null, ahead: null, behind: null, note: 'HEAD is detached; give `branch` to compare with' };
    if (spec.fetch) await gitOk(['fetch', '--quiet', '--no-tags', remote, remoteBranch], path, signal);
    ref = `refs/remotes/${remote}/${remoteBranch}`;
  } else {
    const upstream = await git(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], path, signal);
    if (upstream.code !== 0) return { ref: null, ahead: null, behind: null, note: 'no upstream tracking branch' };
    if (spec.fetch) await gitOk(['fetch', '--quiet', '--no-tags'], path, signal);
    ref = upstream.stdout.trim();
  }
  const verified = await git(['rev-parse', '--verify', '-q', `${ref}^{commit}`], path, signal);
  if (verified.code !== 0) {
    throw new ProbeError(
      bi(`cannot compare with ${ref}: no such ref (fetch it, or set \`fetch: true\`)`, `无法与 ${ref} 比较：引用不存在（请先 fetch，或设置 \`fetch: true\`）`),
    );
  }
  const counts = await gitOk(['rev-list', '--left-right', '--count', `HEAD...${ref}`], path, signal);
  const [ahead, behind] = counts.trim().split(/\s+/).map(Number);
  return { ref: ref.replace(/^refs\/remotes\//, ''), ahead: ahead ?? 0, behind: behind ?? 0 };
}
