import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { GoliveError } from '../core/errors.js';
import { bi } from '../core/text.js';
import { looksLikeSecretName } from '../core/secret-names.js';
import { parsePlanDocument, type PlanDocument, type PlanProblem } from './document.js';
import { lintPlan } from './lint.js';
import { planSchema, type Plan } from './schema.js';
import { findReferences, interpolate } from './variables.js';

/** A plan ready to run: validated, variables resolved, secrets known. */
export interface LoadedPlan {
  readonly plan: Plan;
  readonly planPath: string;
  readonly planDir: string;
  readonly environment: string | undefined;
  /** Every variable with a value, after all sources were merged. */
  readonly variables: Readonly<Record<string, string>>;
  /** Values that must never be written in plain text (secret variables, secret-looking env-file entries). */
  readonly secretValues: readonly string[];
  /** The plan file as written, for snapshots. */
  readonly source: string;
}

/** Asks for a value of a variable nobody gave (only when a person is at the terminal). */
export type VariablePrompt = (request: { name: string; secret: boolean; description?: string; example?: string }) => Promise<string>;

export interface LoadPlanOptions {
  readonly environment?: string;
  /** `--var NAME=VALUE`, highest precedence. */
  readonly vars?: Readonly<Record<string, string>>;
  readonly prompt?: VariablePrompt;
  /** Process environment, the lowest-precedence source. */
  readonly env?: NodeJS.ProcessEnv;
  /** Items the caller will run (`check --only`): only their variables are required; other items lacking a value are left out. */
  readonly only?: ReadonlySet<string>;
}

interface VariableSpec {
  value?: string;
  secret?: boolean;
  required?: boolean;
  description?: string;
  example?: string;
}

function normalizeVariables(raw: unknown): Record<string, VariableSpec> {
  if (raw === null || typeof raw !== 'object') return {};
  return Object.fromEntries(
    Object.entries(raw).map(([name, value]): [string, VariableSpec] =>
      value !== null && typeof value === 'object' ? [name, value as VariableSpec] : [name, { value: String(value) }],
    ),
  );
}

/** Formats problems as `file:line:col  message`, one per line. */
export function formatProblems(file: string, problems: readonly PlanProblem[], pickText: (text: { en: string; zh: string }) => string): string {
  return problems.map((problem) => `${file}:${problem.position.line}:${problem.position.column}  ${problem.severity === 'error' ? '' : `${problem.severity}: `}${pickText(problem.message)}`).join('\n');
}

/** Reads a plan file; a missing or unreadable file is one clear error. */
export async function readPlanDocument(planPath: string): Promise<PlanDocument> {
  let source: string;
  try {
    source = await readFile(planPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GoliveError(
      'plan.unreadable',
      code === 'ENOENT'
        ? bi(`plan file not found: ${planPath} (create one with "golive init" or "golive import CHECKLIST.md")`, `找不到计划文件：${planPath}（可用 "golive init" 或 "golive import 清单.md" 生成）`)
        : bi(`cannot read plan file ${planPath}: ${code ?? String(error)}`, `无法读取计划文件 ${planPath}：${code ?? String(error)}`),
      { cause: error },
    );
  }
  return parsePlanDocument(source, planPath);
}

async function readEnvFiles(files: readonly string[], planDir: string): Promise<Record<string, string>> {
  const merged: Record<string, string> = {};
  for (const file of files) {
    const path = resolve(planDir, file);
    try {
      Object.assign(merged, parseDotenv(await readFile(path, 'utf8')));
    } catch (error) {
      throw new GoliveError('plan.env-file', bi(`cannot read env file ${file} (${path}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`, `无法读取环境变量文件 ${file}（${path}）：${(error as NodeJS.ErrnoException).code ?? String(error)}`), { cause: error });
    }
  }
  return merged;
}

type EnvironmentSpec = { variables?: unknown; envFiles?: string[] };

/** The environment to load (given, or the plan's default) and its declaration; an unknown one is refused. */
function chooseEnvironment(data: Record<string, unknown>, requested: string | undefined): { environment: string | undefined; environmentSpec: EnvironmentSpec | undefined } {
  const environments = (data.environments ?? {}) as Record<string, EnvironmentSpec>;
  const environment = requested ?? (typeof data.defaultEnvironment === 'string' ? data.defaultEnvironment : undefined);
  if (environment !== undefined && !Object.hasOwn(environments, environment)) {
    const known = Object.keys(environments);
    throw new GoliveError(
      'plan.environment',
      bi(`unknown environment "${environment}"; the plan declares ${known.length ? known.join(', ') : 'none'}`, `未知环境 "${environment}"；计划中声明的环境：${known.length ? known.join('、') : '无'}`),
    );
  }
  return { environment, environmentSpec: environment === undefined ? undefined : environments[environment] };
}

/** Variables whose values are credentials: declared `secret: true`, or named like one (declared, referenced or from env files). */
function secretNamesOf(specs: Readonly<Record<string, { secret?: boolean }>>, otherNames: readonly string[]): Set<string> {
  const names = new Set(Object.entries(specs).filter(([name, spec]) => spec.secret ?? looksLikeSecretName(name)).map(([name]) => name));
  for (const name of otherNames) if (looksLikeSecretName(name)) names.add(name);
  return names;
}

/**
 * The secret values a plan knows in an environment without asking anyone or needing every variable: for redacting
 * what people type into a run (notes, waiver reasons). Same sources and precedence as `loadPlan`.
 */
export async function availableSecretValues(planPath: string, options: Pick<LoadPlanOptions, 'environment' | 'env'> = {}): Promise<string[]> {
  const absolute = resolve(planPath);
  const data = (await readPlanDocument(absolute)).data as Record<string, unknown>;
  const { environmentSpec } = chooseEnvironment(data, options.environment);
  const specs = { ...normalizeVariables(data.variables), ...normalizeVariables(environmentSpec?.variables) };
  const fromFiles = await readEnvFiles(environmentSpec?.envFiles ?? [], dirname(absolute));
  const referenced = findReferences(data).map((reference) => reference.name);
  const env = options.env ?? {};
  const value = (name: string): string | undefined => normalizeVariables(environmentSpec?.variables)[name]?.value ?? fromFiles[name] ?? normalizeVariables(data.variables)[name]?.value ?? env[name];
  return [...secretNamesOf(specs, [...referenced, ...Object.keys(fromFiles)])].map(value).filter((secret): secret is string => secret !== undefined && secret !== '');
}

/**
 * Loads a plan for running: parses, merges variables (--var > environment > its env files >
 * plan variables > process env), asks for missing ones or names them all, interpolates and validates.
 */
export async function loadPlan(planPath: string, options: LoadPlanOptions = {}): Promise<LoadedPlan> {
  const absolute = resolve(planPath);
  const planDir = dirname(absolute);
  const doc = await readPlanDocument(absolute);
  const env = options.env ?? {};
  const lint = lintPlan(doc, { knownVariables: new Set([...Object.keys(options.vars ?? {}), ...Object.keys(env)]) });
  const structural = lint.problems.filter((problem) => problem.severity === 'error' && !problem.message.en.startsWith('undefined variable'));
  if (structural.length > 0) {
    throw new GoliveError('plan.invalid', bi(`plan has ${structural.length} problem(s):\n${formatProblems(planPath, structural, (text) => text.en)}`, `计划有 ${structural.length} 个问题：\n${formatProblems(planPath, structural, (text) => text.zh)}`));
  }

  const data = doc.data as Record<string, unknown>;
  const { environment, environmentSpec } = chooseEnvironment(data, options.environment);

  const specs = { ...normalizeVariables(data.variables), ...normalizeVariables(environmentSpec?.variables) };
  const fromFiles = await readEnvFiles(environmentSpec?.envFiles ?? [], planDir);
  const values: Record<string, string> = {};
  const rawItems = Array.isArray(data.items) ? (data.items as { id?: unknown }[]) : [];
  const needed = (reference: { path: readonly (string | number)[] }) =>
    !options.only || reference.path[0] !== 'items' || options.only.has(String(rawItems[Number(reference.path[1])]?.id));
  const referenced = new Set(findReferences(data).filter(needed).map((reference) => reference.name));
  for (const name of referenced) if (env[name] !== undefined) values[name] = env[name] ?? '';
  for (const [name, spec] of Object.entries(normalizeVariables(data.variables))) if (spec.value !== undefined) values[name] = spec.value;
  Object.assign(values, fromFiles);
  for (const [name, spec] of Object.entries(normalizeVariables(environmentSpec?.variables))) if (spec.value !== undefined) values[name] = spec.value;
  Object.assign(values, options.vars ?? {});

  const withDefault = new Set(findReferences(data).filter((reference) => reference.hasDefault).map((reference) => reference.name));
  const missing = [...new Set([...referenced].filter((name) => values[name] === undefined && !withDefault.has(name)))];
  // With `only`, a required variable that only the left-out items use is not needed (`golive inspect start` loads no items).
  const leftOut = options.only ? new Set(findReferences(data).map((reference) => reference.name).filter((name) => !referenced.has(name))) : new Set<string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.required && values[name] === undefined && !missing.includes(name) && !leftOut.has(name)) missing.push(name);
  const secretNames = secretNamesOf(specs, [...referenced, ...Object.keys(fromFiles)]);

  if (missing.length > 0 && options.prompt) {
    for (const name of missing.sort()) {
      const spec = specs[name] ?? {};
      values[name] = await options.prompt({ name, secret: secretNames.has(name), ...(spec.description ? { description: spec.description } : {}), ...(spec.example ? { example: spec.example } : {}) });
    }
  } else if (missing.length > 0) {
    const list = missing.sort().join(', ');
    throw new GoliveError(
      'plan.missing-variables',
      bi(`missing value for ${missing.length} variable(s): ${list}. Pass --var NAME=VALUE, set them in an env file of the environment, or run in a terminal to be asked.`, `${missing.length} 个变量没有值：${list}。请使用 --var NAME=VALUE，或写入环境的 env 文件，或在终端中运行以交互输入。`),
    );
  }

  const interpolated = interpolate(data, (name) => values[name]);
  if (options.only && Array.isArray(interpolated.items)) {
    // Items that will not run and still lack a value would fail validation for nothing.
    interpolated.items = (interpolated.items as { id?: unknown }[]).filter((item) => options.only?.has(String(item.id)) || findReferences(item).length === 0);
  }
  const parsed = planSchema.safeParse(interpolated);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new GoliveError('plan.invalid', bi(`plan is invalid after variables were filled in: ${issues}`, `填入变量后计划无效：${issues}`));
  }
  const secretValues = [...secretNames].map((name) => values[name]).filter((value): value is string => typeof value === 'string' && value.length > 0);
  return { plan: parsed.data, planPath: absolute, planDir, environment, variables: values, secretValues, source: doc.source };
}
