import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { bi } from '../../core/text.js';
import { booleanField } from '../../core/fields.js';
import { looksLikeSecretName } from '../../core/secret-names.js';
import { redactSecrets, redactValue } from '../../scan/index.js';
import { checkSchema } from '../base.js';
import { defineCheckKind, ProbeError, type ProbeContext } from '../check-kind.js';
import { containerEnv } from './_container-env.js';
import { placeholderReason, shannonEntropy } from './_quality.js';

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'a variable name is letters, digits, "_", "." and "-" and does not start with a digit');

const envSchema = checkSchema('env', {
  name: variableName.describe('The variable to read, e.g. JWT_SECRET'),
  source: z
    .enum(['file', 'process', 'container'])
    .optional()
    .describe('Where to read it; inferred from `file` / `container`, otherwise the process environment'),
  file: z.string().min(1).optional().describe('A dotenv file, relative to the plan folder (e.g. .env.prod)'),
  container: z.string().min(1).optional().describe('A container name or id; reads its Config.Env through the Docker Engine API'),
  dockerHost: z.string().min(1).optional().describe('Docker endpoint (unix:///var/run/docker.sock, tcp://host:2375); default DOCKER_HOST'),
  differsFrom: variableName.optional().describe('Another variable from the same source that must hold a different value (fact `differs`)'),
  secret: booleanField.optional().describe('Treat the value as a secret even when the name does not look like one'),
}).superRefine((spec, context) => {
  if (spec.file !== undefined && spec.container !== undefined) {
    context.addIssue({ code: 'custom', path: ['container'], message: 'give either `file` or `container`, not both' });
  }
  const source = spec.source;
  if (source === 'file' && spec.file === undefined) context.addIssue({ code: 'custom', path: ['file'], message: '`source: file` needs `file`' });
  if (source === 'container' && spec.container === undefined) {
    context.addIssue({ code: 'custom', path: ['container'], message: '`source: container` needs `container`' });
  }
  if (source === 'process' && (spec.file !== undefined || spec.container !== undefined)) {
    context.addIssue({ code: 'custom', path: ['source'], message: '`source: process` reads the process environment; drop `file` / `container`' });
  }
});

export type EnvCheck = z.infer<typeof envSchema>;

type Source = 'file' | 'process' | 'container';

/** `TENCENT_MAP_KEY`, `WECHAT_PAY_KEY`, `OSS_AK`: key-like names the runner's secret-name rule does not cover. */
const keyLikeName = /(?:^|[_.-])(?:KEY|KEYS|SK|AK|SALT|SIGN|CERT)(?:$|[_.-])/i;

/**
 * What evidence may show of a value. A secret (by name or `secret: true`) shows only its redacted tail;
 * any other value goes through the scan rules, so `mysql://app:pw@rm-xxx…` keeps its host and loses its password.
 */
function isSecret(spec: EnvCheck): boolean {
  return spec.secret ?? (looksLikeSecretName(spec.name) || keyLikeName.test(spec.name));
}

function shownValue(spec: EnvCheck, value: string): string {
  return isSecret(spec) ? redactValue(value) : redactSecrets(value);
}

function sourceOf(spec: EnvCheck): Source {
  return spec.source ?? (spec.file !== undefined ? 'file' : spec.container !== undefined ? 'container' : 'process');
}

function sourceLabel(spec: EnvCheck): string {
  const source = sourceOf(spec);
  if (source === 'file') return spec.file ?? '';
  if (source === 'container') return `container ${spec.container ?? ''}`;
  return 'process environment';
}

async function readDotenvFile(spec: EnvCheck, context: ProbeContext): Promise<Record<string, string>> {
  const path = resolve(context.planDir, spec.file ?? '');
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal: context.signal });
  } catch (error) {
    if (context.signal.aborted) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ProbeError(bi(`env file not found: ${path}`, `找不到 env 文件：${path}`), { cause: error });
    throw new ProbeError(bi(`cannot read env file ${path} (${code ?? 'error'})`, `无法读取 env 文件 ${path}（${code ?? 'error'}）`), { cause: error });
  }
  return parseDotenv(text);
}

/** The variables of the configured source; a missing source (file, container) is an error, a missing variable is not. */
async function readVariables(spec: EnvCheck, context: ProbeContext): Promise<Readonly<Record<string, string | undefined>>> {
  switch (sourceOf(spec)) {
    case 'file':
      return readDotenvFile(spec, context);
    case 'container':
      return containerEnv(spec.dockerHost, spec.container ?? '', context.signal);
    case 'process':
      return process.env;
  }
}

export const envKind = defineCheckKind({
  name: 'env',
  summary: bi(
    'An environment variable (dotenv file, process or container): present, strong, not a placeholder, different from another',
    '环境变量（dotenv 文件、进程或容器）：已设置、足够强、不是占位符、与另一变量不同',
  ),
  schema: envSchema,
  facts: {
    value: bi('the value as a string (null when missing); redacted in evidence when secret', '变量值字符串（缺失时为 null）；机密值在证据中脱敏'),
    present: bi('true when the variable is defined (even if empty)', '变量已定义时为 true（即使为空）'),
    empty: bi('true when the variable is missing or blank', '变量缺失或为空白时为 true'),
    len: bi('length of the value in characters (0 when missing)', '值的字符长度（缺失时为 0）'),
    entropy: bi('Shannon entropy of the value, bits per character', '值的香农熵（每字符比特数）'),
    is_placeholder: bi('true for empty, changeme, your-…, xxx, <...>, ${...}, example, test, 123456, repeated characters …', '空值、changeme、your-…、xxx、<...>、${...}、example、test、123456、重复字符等时为 true'),
    differs: bi('with `differsFrom`: true when both variables exist and hold different values', '配置 `differsFrom` 时：两个变量都存在且值不同则为 true'),
    other_present: bi('with `differsFrom`: true when the other variable exists', '配置 `differsFrom` 时：另一个变量存在则为 true'),
  },
  defaultExpect: ['present == true', 'is_placeholder == false'],
  defaultTimeoutMs: 10_000,
  secretFields: [],
  describe: (spec) => `env ${spec.name} in ${sourceLabel(spec)}`,
  async probe(spec, context) {
    const variables = await readVariables(spec, context);
    const value = Object.hasOwn(variables, spec.name) ? variables[spec.name] : undefined;
    const present = value !== undefined;
    const reason = present ? placeholderReason(value) : 'missing';
    const facts: Record<string, unknown> = {
      value: value ?? null,
      present,
      empty: !present || value.trim() === '',
      len: present ? [...value].length : 0,
      entropy: present ? shannonEntropy(value) : 0,
      is_placeholder: reason !== undefined,
    };
    const evidence: Record<string, unknown> = {
      source: sourceLabel(spec),
      name: spec.name,
      present,
      // A secret's value never leaves the probe in plain text: people see its length, tail and entropy.
      ...(present ? { value: shownValue(spec, value) } : {}),
      len: facts.len,
      entropy: facts.entropy,
      ...(reason !== undefined ? { placeholder: reason } : {}),
    };
    if (spec.differsFrom !== undefined) {
      const other = Object.hasOwn(variables, spec.differsFrom) ? variables[spec.differsFrom] : undefined;
      facts.other_present = other !== undefined;
      facts.differs = present && other !== undefined && other !== value;
      Object.assign(evidence, { differsFrom: spec.differsFrom, other_present: facts.other_present, differs: facts.differs });
    }
    // The runner redacts these everywhere, so a failing condition's explanation cannot show them either.
    const secrets = [present && isSecret(spec) ? value : undefined, spec.differsFrom !== undefined && isSecret(spec) ? variables[spec.differsFrom] : undefined].filter(
      (secret): secret is string => typeof secret === 'string' && secret.length > 0,
    );
    return { facts, evidence, ...(secrets.length > 0 ? { secrets } : {}) };
  },
});
