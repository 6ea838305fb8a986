import { parse } from 'dotenv';
import type { EnvFileInfo, EnvShape } from '../profile.js';
import { defineDetector } from './detector.js';

const envName = /^\.env(?:\.[\w.-]+)?$|^[\w.-]+\.env$/;
const placeholder = /^<.*>$|^\$\{.*\}$|^\{\{.*\}\}$|change[-_ ]?me|your[-_]|xxxx|请填写|^(todo|tbd|example|placeholder|secret|password|test|123456)$/i;

/** How a value looks; the value itself stays here. */
export function shapeOf(value: string): EnvShape {
  const trimmed = value.trim();
  if (trimmed === '') return 'empty';
  if (trimmed === '*') return 'wildcard';
  if (placeholder.test(trimmed)) return 'placeholder';
  if (/^(true|false|yes|no|on|off)$/i.test(trimmed)) return 'boolean';
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return 'number';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return 'url';
  if (/,/.test(trimmed)) return 'list';
  return 'text';
}

function environmentOf(name: string): EnvFileInfo['environment'] {
  const words = name.toLowerCase().split(/[.\-_]/);
  if (words.some((word) => word === 'prod' || word === 'production' || word === 'prd')) return 'production';
  if (words.some((word) => word === 'staging' || word === 'stage' || word === 'test' || word === 'preprod' || word === 'uat')) return 'staging';
  if (words.some((word) => word === 'dev' || word === 'development' || word === 'local')) return 'development';
  return 'default';
}

export const envFilesDetector = defineDetector({
  wants: (_rel, name) => envName.test(name),
  read(file) {
    const values = parse(file.text);
    const info: EnvFileInfo = {
      file: file.rel,
      example: /example|sample|template|dist|tpl/i.test(file.name),
      environment: environmentOf(file.name),
      variables: Object.entries(values).map(([name, value]) => ({ name, shape: shapeOf(value), length: value.length })),
    };
    return { envFiles: [info] };
  },
});
