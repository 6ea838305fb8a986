/**
 * Scripts that are not the team's own source, known only once read: minified by a build, or a library copied in
 * under a plain name (`public/static/lib/codemirror.js`, `utils/md5.js`). The walk cannot tell them by name, so the
 * scan asks `isBuiltOrVendoredScript` of scripts with keyword hits, before their rules run.
 */

const script = /\.[cm]?js$/i;

/** A line this long in the first 8 KB of a script is a bundler's or a minifier's: people break lines far sooner. */
const minifiedLine = 5000;
const minifiedHead = 8 * 1024;

/**
 * A line of 5,000 bytes or more within the first 8 KB (`static/js/index.js` of an H5 build, a vendored SDK). Two
 * backward searches per 5,000 bytes. Only scripts: a SQL dump or a one-line JSON file has long lines and real secrets.
 */
function isMinified(buf: Buffer): boolean {
  const head = Math.min(buf.length, minifiedHead);
  for (let end = minifiedLine; end <= head; ) {
    // The last newline before `end`: none within the window before it means the window is one line.
    const newline = buf.lastIndexOf(10, end - 1);
    if (newline < end - minifiedLine) return true;
    end = newline + 1 + minifiedLine;
  }
  return false;
}

/** How far into a file its opening comment is read. */
const bannerHead = 2048;
const slash = 0x2f;
const star = 0x2a;
const bang = 0x21;
/**
 * An open-source licence named in a comment: `@license`, `MIT license`, `Apache License`, `Licensed under the BSD`,
 * `license : MIT`. A team's own header names its company and rights (`Copyright (c) 2024 Acme. All rights reserved.`).
 */
const licenceNotice = /@license\b|\b(?:MIT|BSD|ISC|Apache|[AL]?GPL|MPL)\b[^\n]{0,20}licen[cs]e|licen[cs]e[ds]?\b[^\n]{0,20}\b(?:MIT|BSD|ISC|Apache|[AL]?GPL|MPL)\b/i;

/** Where the comment opening the file ends (after a BOM and blank space), or -1 when the file opens with code. */
function openingCommentEnd(buf: Buffer, start: number, head: number): number {
  if (buf[start] !== slash) return -1;
  if (buf[start + 1] === star) {
    const close = buf.indexOf('*/', start + 2);
    return close === -1 || close > head ? head : close + 2;
  }
  if (buf[start + 1] !== slash) return -1;
  // A run of `//` lines.
  let end = start;
  while (end < head && buf[end] === slash && buf[end + 1] === slash) {
    const newline = buf.indexOf(10, end);
    end = newline === -1 || newline >= head ? head : skipBlank(buf, newline + 1, head);
  }
  return end;
}

function skipBlank(buf: Buffer, from: number, head: number): number {
  let at = from;
  while (at < head && (buf[at] === 0x20 || buf[at] === 0x09 || buf[at] === 0x0a || buf[at] === 0x0d)) at++;
  return at;
}

/**
 * A library's licence banner opening the file: a comment a minifier keeps (jQuery's `/*! jQuery v3.6.0 | (c) …`, moment's
 * `//! license : MIT`) or one naming an open-source licence (lodash's `@license`, CodeMirror's `Distributed under an
 * MIT license`, ECharts' Apache header). Reads the opening comment only, at most its first 2 KB.
 */
function hasLibraryBanner(buf: Buffer): boolean {
  const head = Math.min(buf.length, bannerHead);
  const start = skipBlank(buf, buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0, head);
  const end = openingCommentEnd(buf, start, head);
  if (end === -1) return false;
  if (buf[start + 2] === bang) return true;
  return licenceNotice.test(buf.toString('latin1', start, end));
}

/**
 * A script minified under a plain name, or a library's copy: build output and third-party code like `isBuildOutput`'s,
 * but only known once read, so the scan asks it of the few scripts with keyword hits, not in the walk.
 */
export function isBuiltOrVendoredScript(name: string, buf: Buffer): boolean {
  return script.test(name) && (isMinified(buf) || (hasLibraryBanner(buf) && !namesSettings(name)));
}

/**
 * A settings module by its name (`config.js`, `wx.config.js`, `settings.js`, `keys.js`): a plugin's licence header over
 * it (Tencent Cloud's uni-app plugin ships `tencentcloud-plugin/config.js` under Apache) is the vendor's, its keys the team's.
 */
function namesSettings(name: string): boolean {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return /(?:^|[._-])(?:config|configs|conf|settings?|secrets?|keys?|credentials?|env)(?:[._-]|$)/i.test(base);
}
