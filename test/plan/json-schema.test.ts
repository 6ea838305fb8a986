import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/plan/json-schema.js';
import { proxyNames, templateNames } from '../../src/init/answers.js';
import { renderTemplate } from '../../src/init/templates/index.js';
import { parsePlanDocument } from '../../src/plan/document.js';
import { lintPlan } from '../../src/plan/lint.js';
import { planSchema } from '../../src/plan/schema.js';

const root = join(import.meta.dirname, '../..');

/** Every plan file the repository ships under examples/ (init templates are rendered below). */
function examplePlans(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/(^golive.*|\.plan)\.ya?ml$/.test(entry)) found.push(path);
    }
  };
  walk(join(root, 'examples'));
  return found;
}

describe('golive schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  const validate = ajv.compile(planJsonSchema());
  const plans = examplePlans();

  it('finds the example plans to validate', () => {
    expect(plans.length).toBeGreaterThan(0);
  });

  it.each(plans.map((path) => [relative(root, path), path]))('validates %s, as lint does', (_, path) => {
    const source = readFileSync(path, 'utf8');
    const data: unknown = parse(source);

    const valid = validate(data);
    const lint = lintPlan(parsePlanDocument(source, path), { knownVariables: new Set() });

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(lint.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it.each([...templateNames.flatMap((template) => proxyNames.map((proxy) => [`init template ${template}/${proxy}`, { template, proxy }] as const))])('validates the %s, as lint does', (_, choice) => {
    const source = renderTemplate({ ...choice, name: 'shop', apiDomain: 'api.example.com', miniprogramDir: 'miniprogram' });

    const valid = validate(parse(source));
    const lint = lintPlan(parsePlanDocument(source, 'golive.yaml'), { knownVariables: new Set() });

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(lint.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('rejects what the zod schema rejects: unknown keys and unknown kinds', () => {
    const bad = { name: 'x', items: [{ id: 'a', title: 'a', priorty: 'high' }, { id: 'b', title: 'b', check: { kind: 'nope' } }] };

    expect(validate(bad)).toBe(false);
    expect(planSchema.safeParse(bad).success).toBe(false);
  });

  it('offers completions: item keys and check kinds are described', () => {
    const schema = JSON.stringify(planJsonSchema());

    expect(schema).toContain('"priority"');
    expect(schema).toContain('"const":"tcp"');
    expect(schema).toContain('blocker | high | medium | low');
  });
});
