import { parse, type ParseError } from 'jsonc-parser';
import { bi } from '../../core/text.js';
import type { MiniProgramInfo } from '../profile.js';
import { defineDetector, folderOf, joinRel } from './detector.js';

function readJsonc(text: string): { data: Record<string, unknown> } | undefined {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  return errors.length === 0 && data !== null && typeof data === 'object' ? { data: data as Record<string, unknown> } : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A WeChat mini-program: project.config.json (native, Taro), or a uni-app manifest.json with an `mp-weixin` section. */
export const miniprogramDetector = defineDetector({
  wants: (_rel, name) => name === 'project.config.json' || name === 'manifest.json',
  read(file) {
    const parsed = readJsonc(file.text);
    const dir = folderOf(file.rel);
    if (!parsed) return file.name === 'project.config.json' ? { problems: [{ file: file.rel, message: bi('not valid JSON', '不是合法的 JSON') }] } : {};
    const { data } = parsed;
    let info: MiniProgramInfo | undefined;
    if (file.name === 'project.config.json') {
      info = {
        dir,
        framework: 'native',
        appid: text(data.appid),
        root: joinRel(dir, text(data.miniprogramRoot) ?? ''),
        cloudfunctionRoot: text(data.cloudfunctionRoot) === null ? null : joinRel(dir, text(data.cloudfunctionRoot) ?? ''),
      };
    } else {
      const weixin = data['mp-weixin'];
      if (weixin === null || typeof weixin !== 'object') return {};
      info = { dir, framework: 'uni-app', appid: text((weixin as { appid?: unknown }).appid), root: dir, cloudfunctionRoot: null };
    }
    return { miniprograms: [info] };
  },
});
