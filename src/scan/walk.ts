import { lstatSync, readFileSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { isTracked, trackedUnder, type GitView } from './git-view.js';
import { ignore, type Ignore } from './ignore-lib.js';
import type { SkippedFile } from './types.js';

/** A regular file the walk found (nothing has been opened yet; size is checked on the open descriptor). */
export interface WalkFile {
  abs: string;
  /** Relative to the scan root, posix separators. */
  rel: string;
}

/** The patterns of one ignore file (or of the plan's `scan.ignore`), as plain data a worker thread can receive. */
export interface IgnoreLayer {
  /** Directory of the ignore file, relative to the root ('' for the root). */
  base: string;
  patterns: string;
  /** A .gitignore: it does not hide files git tracks (see git-view.ts). .goliveignore and `scan.ignore` hide anything. */
  git: boolean;
}

/** A directory still to be listed, with the ignore layers that apply inside it. Plain data: it crosses threads. */
export interface DirTask {
  abs: string;
  rel: string;
  layers: IgnoreLayer[];
  /** Leave build output out (see `isBuildOutput`). */
  skipBuildOutput: boolean;
  /** Apply .gitignore files (see `GitView`). */
  gitignore: boolean;
  /** Tracked files under this directory that .gitignore patterns match (relative to the root): scanned all the same. */
  tracked: readonly string[];
  /** Inside a build's `target/`: only the configuration it packaged is listed (see `deployedConfiguration`). */
  configOnly?: boolean;
}

/** What one directory holds: files to scan, directories to list next and what is left out (in the order listed). */
export interface Listing {
  files: WalkFile[];
  dirs: DirTask[];
  skipped: SkippedFile[];
}

/**
 * Never entered: dependencies, and version control's own folders. Subversion keeps a pristine copy of every file it
 * tracks under `.svn/` (one repository committed its `.svn` with the libraries' copies: 196 false findings in audit
 * set AQ), Mercurial and Bazaar their history; the work tree beside them is what is scanned.
 */
const alwaysSkipped = new Set(['.git', '.svn', '.hg', '.bzr', 'node_modules']);

/**
 * Build folders, and folders of vendored libraries: the rich-text editors PHP admin templates copy in whole (Baidu's
 * map dialog holds Baidu's own key), CodeMirror (`state.lastToken = "string-2"`) and pdf.js (its translations'
 * `invalid_password=…`), a committed Python virtualenv (its `site-packages` hold crypto libraries' test
 * keys by the hundred), npm's download cache (`npm-cache/_cacache/`: packages' published metadata, committed by one set-BY
 * project), and the Django apps tutorials copy into a project (`extra_apps/xadmin`,
 * django-allauth, DRF and its JWT plugins: their tests' settings and migrations). Compared in lower case: ThinkPHP 3
 * keeps its libraries in `Vendor/`.
 */
const buildDirectories = new Set([
  ...['dist', 'build', 'unpackage', 'miniprogram_dist', 'miniprogram_npm', 'vendor', 'bower_components'],
  ...['ueditor', 'umeditor', 'kindeditor', 'ckeditor', 'tinymce', 'codemirror', 'pdfjs', 'pdf.js'],
  ...['venv', '.venv', 'site-packages', '_cacache'],
  ...['extra_apps', 'xadmin', 'djangoueditor', 'allauth', 'dj_rest_auth', 'rest_framework', 'rest_framework_simplejwt', 'rest_framework_jwt'],
]);
/**
 * Minified files, webpack chunks, source maps (`*.js.map`: the bundle's text again, with its sources), the data apidoc
 * generates from docblocks (`doc/api_data.json`: their sample responses again), and AI agents' instruction files
 * (`.github/copilot-instructions.md`, `*.prompt.md`, `.cursorrules`): generic examples.
 */
const builtFile = /\.min\.m?js$|^chunk-.*\.js$|\.chunk\.js$|\.(?:[cm]?js|css)\.map$|^api_(?:data|project)\.js(?:on)?$|^copilot-instructions\.md$|\.(?:prompt|instructions|chatmode)\.md$|^\.(?:cursor|windsurf|cline)rules$/i;
/**
 * AI coding agents' folders: their skills, rules and commands are Markdown full of generic examples (`password:
 * "example123"`). Only their documents are left out: a key pasted into `.claude/settings.local.json` or `.cursor/mcp.json` is real.
 */
const agentFolder = /(?:^|\/)\.(?:agents?|claude|cursor|codex|windsurf|roo|cline|clinerules|kiro|trae|codebuddy|lingma|qoder|gemini|continue|opencode)(?:\/|$)/;
const agentDocument = /\.(?:md|mdc|markdown)$/i;
/** `target/` is Maven's, Cargo's and sbt's output only beside the file that builds it: `pages/target/` is a page. */
const targetBuilders = new Set(['pom.xml', 'Cargo.toml', 'build.sbt']);
/**
 * The configuration a Java build packaged (`target/classes/application.yml`, an exploded WAR's
 * `WEB-INF/classes/db.properties`) and the key stores it packaged with it (`target/classes/server.jks`, WeChat Pay's
 * `apiclient_cert.p12`): what was deployed, and teams commit it beside the source. Audits found its passwords and
 * AppSecrets (16 misses in three of eight sets in session 12) and its key stores (set BX), so a Maven `target/` is
 * walked for these files alone; its classes, copied scripts and reports stay build output.
 */
const deployedConfiguration = /\.(?:ya?ml|properties|jks|p12|pfx|keystore|pem)$/i;
/**
 * A bundler's content hash at the end of a script's name: webpack's `app.8f3a2c.js` and `vendor.abc12345.js`, Vite 4's
 * `index-3f9a2c1b.js` (lower-case hex with letters and digits), Vite 5's and Rollup's `index-BkXq3f9A.js` (eight
 * base64url characters with a capital and a digit, `_` or `-`, or three capitals: `user-settings.js`, `api-getToken.js`
 * and `icon-UserList.js` are written by people).
 */
const hashedScript = /[.-](?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,32}\.[cm]?js$|-(?=[\w-]*[A-Z])(?=[\w-]*[\d_-]|(?:[\w-]*[A-Z]){3})[\w-]{8}\.[cm]?js$/;

/**
 * What a build writes and third-party code, left out unless a scan asks for it (`--include-build-output`,
 * `scan.includeBuildOutput`): uni-app's `unpackage/`, Taro's and webpack's `dist/`, `build/`, a component library's
 * `miniprogram_dist/` and the WeChat tools' npm build `miniprogram_npm/` at any depth, vendored dependencies
 * (Composer's and Go's `vendor/`, `bower_components/`, a renamed `node_modules_bak/`, rich-text editors such as
 * `ueditor/` and `kindeditor/`, Python's `venv/` and `site-packages/`), minified files (`*.min.js`),
 * webpack chunks (`chunk-*.js`, `*.chunk.js`), scripts named by their content hash (`assets/index-3f9a2c1b.js`,
 * `static/js/app.8f3a2c.js`: committed Vite or webpack output outside `dist/`) and AI agents' instruction files. Decided
 * by the entry's name alone, as the gitignore patterns `dist/` or `*.min.js` would, without a regular expression per
 * path and parent.
 */
export function isBuildOutput(name: string, isDir: boolean): boolean {
  // Any folder named after node_modules is one: a renamed copy (`node_modules_bak`) is third-party code all the same.
  return isDir ? buildDirectories.has(name.toLowerCase()) || name.includes('node_modules') : builtFile.test(name) || hashedScript.test(name);
}

/**
 * A browser's "Save page as…" folder: `list_files/` beside `list.html` holds the saved page's scripts, styles and ad
 * frames (a Google Ads frame's `encoded_cookie`), none of them the team's.
 */
function savedPageAssets(name: string, entries: readonly Dirent[]): boolean {
  if (!name.endsWith('_files')) return false;
  const page = name.slice(0, -'_files'.length);
  return entries.some((entry) => entry.name === `${page}.html` || entry.name === `${page}.htm`);
}

/** Build output and third-party code known by an entry's name and the listing it is in (see `isBuildOutput`). */
function leftOutWithListing(name: string, isDir: boolean, entries: readonly Dirent[], inAgentFolder: boolean): boolean {
  if (isBuildOutput(name, isDir)) return true;
  if (isDir) return savedPageAssets(name, entries);
  return inAgentFolder && agentDocument.test(name);
}

/** A build's output folder whose packaged configuration is still read: `target/` beside the file that builds it. */
function packagedBuildOutput(name: string, entries: readonly Dirent[]): boolean {
  return name === 'target' && entries.some((entry) => targetBuilders.has(entry.name));
}

const ignoreFiles = ['.gitignore', '.goliveignore'];

/** Compiled ignore layers, per thread: the same layer applies to every directory below its own. */
const compiledLayers = new Map<string, Ignore>();

function compiled(layer: IgnoreLayer): Ignore {
  const key = `${layer.base}\0${layer.patterns}`;
  let rules = compiledLayers.get(key);
  if (rules === undefined) {
    rules = ignore({ allowRelativePaths: true }).add(layer.patterns);
    compiledLayers.set(key, rules);
  }
  return rules;
}

/** Whether the layers of one kind leave `rel` out: the last pattern that matches decides, and `!` brings a path back. */
function matchedBy(layers: readonly IgnoreLayer[], git: boolean, rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    if (layer.git !== git) continue;
    const sub = layer.base === '' ? rel : rel.slice(layer.base.length + 1);
    const result = compiled(layer).test(isDir ? `${sub}/` : sub);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** .goliveignore and `scan.ignore` leave anything out; .gitignore only what git does not track (nor a directory holding such a file). */
function leftOut(layers: readonly IgnoreLayer[], tracked: readonly string[], rel: string, isDir: boolean): boolean {
  if (matchedBy(layers, false, rel, isDir)) return true;
  if (!matchedBy(layers, true, rel, isDir)) return false;
  return isDir ? trackedUnder(tracked, rel).length === 0 : !isTracked(tracked, rel);
}

function layersFor(dir: DirTask, entries: readonly Dirent[]): IgnoreLayer[] {
  const own: IgnoreLayer[] = [];
  for (const name of ignoreFiles) {
    const git = name === '.gitignore';
    if ((git && !dir.gitignore) || !entries.some((entry) => entry.name === name)) continue;
    try {
      own.push({ base: dir.rel, patterns: readFileSync(path.join(dir.abs, name), 'utf8'), git });
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  return own.length === 0 ? dir.layers : [...dir.layers, ...own];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

/**
 * Where a walk starts: the root directory with the plan's extra ignore patterns, or the root itself when it is a file.
 * `git`: what git says about the tree (`gitView`); without it .gitignore files apply to every file.
 */
export function startOf(root: string, extraIgnores: readonly string[], skipBuildOutput = false, git: GitView = { gitignore: true, tracked: [] }): { file: WalkFile } | { dir: DirTask } {
  const abs = path.resolve(root);
  if (statSync(abs).isFile()) return { file: { abs, rel: path.basename(abs) } };
  const layers = extraIgnores.length > 0 ? [{ base: '', patterns: extraIgnores.join('\n'), git: false }] : [];
  return { dir: { abs, rel: '', layers, skipBuildOutput, gitignore: git.gitignore, tracked: git.tracked } };
}

/**
 * Lists one directory (in the file system's order: the scan sorts what it reports), honouring nested .gitignore
 * and .goliveignore files and the extra patterns. Never follows
 * symbolic links and never opens anything but ignore files; what it leaves out for a reason other than an ignore rule
 * is reported as `skipped`. Synchronous: listing is a small share of a scan and far cheaper than a promise per entry.
 */
export function listDirectory(dir: DirTask): Listing {
  const listing: Listing = { files: [], dirs: [], skipped: [] };
  let entries: Dirent[];
  try {
    entries = readdirSync(dir.abs, { withFileTypes: true });
  } catch (error) {
    listing.skipped.push({ file: dir.rel || '.', reason: 'unreadable', detail: `directory: ${errorCode(error)}` });
    return listing;
  }
  const layers = layersFor(dir, entries);
  const inAgentFolder = dir.skipBuildOutput && agentFolder.test(dir.rel);
  // Names hold no separator and dir.abs is absolute and normalised: concatenation is path.join without its cost.
  const prefix = dir.abs.endsWith(path.sep) ? dir.abs : dir.abs + path.sep;
  for (const entry of entries) {
    if (alwaysSkipped.has(entry.name)) continue;
    const abs = prefix + entry.name;
    const rel = dir.rel === '' ? entry.name : `${dir.rel}/${entry.name}`;
    let info: Dirent | Stats = entry;
    if (!entry.isFile() && !entry.isDirectory() && !entry.isSymbolicLink() && !entry.isFIFO() && !entry.isSocket() && !entry.isCharacterDevice() && !entry.isBlockDevice()) {
      try {
        info = lstatSync(abs);
      } catch (error) {
        listing.skipped.push({ file: rel, reason: 'unreadable', detail: errorCode(error) });
        continue;
      }
    }
    const isDir = info.isDirectory();
    if (dir.skipBuildOutput && leftOutWithListing(entry.name, isDir, entries, inAgentFolder)) continue;
    if (dir.configOnly === true && !isDir && !deployedConfiguration.test(entry.name)) continue;
    if (layers.length > 0 && leftOut(layers, dir.tracked, rel, isDir)) continue;
    if (isDir) {
      const task: DirTask = { abs, rel, layers, skipBuildOutput: dir.skipBuildOutput, gitignore: dir.gitignore, tracked: trackedUnder(dir.tracked, rel) };
      if (dir.configOnly === true || (dir.skipBuildOutput && packagedBuildOutput(entry.name, entries))) task.configOnly = true;
      listing.dirs.push(task);
    }
    else if (info.isFile()) listing.files.push({ abs, rel });
    else if (info.isSymbolicLink()) listing.skipped.push(describeLink(abs, rel));
    else {
      const what = info.isFIFO() ? 'named pipe (FIFO)' : info.isSocket() ? 'socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'device' : 'special file';
      listing.skipped.push({ file: rel, reason: 'not-a-file', detail: `${what}; not opened` });
    }
  }
  return listing;
}

function describeLink(abs: string, rel: string): SkippedFile {
  try {
    const target = statSync(abs);
    const what = target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'special file';
    return { file: rel, reason: 'not-a-file', detail: `symbolic link to a ${what}; links are not followed` };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return { file: rel, reason: 'symlink-loop', detail: 'symbolic link loop' };
    return { file: rel, reason: 'unreadable', detail: code === 'ENOENT' ? 'broken symbolic link' : code };
  }
}
