import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GoliveError } from '../core/errors.js';
import { availableSecretValues, loadPlan } from './load.js';

async function planDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'golive-load-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

const plan = `name: shop
variables:
  API_DOMAIN: api.staging.example.com
  DB_PASSWORD: { secret: true, required: true }
environments:
  staging: {}
  production:
    variables: { API_DOMAIN: api.example.com }
    envFiles: [.env.production]
items:
  - id: healthz
    title: health
    check: { kind: tcp, host: "\${API_DOMAIN}", port: "\${PORT:-443}", expect: [open == true] }
`;

describe('loadPlan', () => {
  it('merges variables: --var over environment over its env files over plan variables', async () => {
    const dir = await planDir({ 'golive.yaml': plan, '.env.production': 'DB_PASSWORD=s3cr3t-from-file\nAPI_DOMAIN=from-file.example.com\n' });

    const loaded = await loadPlan(join(dir, 'golive.yaml'), { environment: 'production', vars: { PORT: '8443' }, env: {} });

    expect(loaded.variables.API_DOMAIN).toBe('api.example.com');
    expect(loaded.variables.DB_PASSWORD).toBe('s3cr3t-from-file');
    expect(loaded.plan.items[0]?.check).toMatchObject({ host: 'api.example.com', port: 8443 });
    expect(loaded.secretValues).toContain('s3cr3t-from-file');
  });

  it('uses ${NAME:-default} when nothing gives a value', async () => {
    const dir = await planDir({ 'golive.yaml': plan });

    const loaded = await loadPlan(join(dir, 'golive.yaml'), { environment: 'staging', vars: { DB_PASSWORD: 'x' }, env: {} });

    expect(loaded.plan.items[0]?.check).toMatchObject({ host: 'api.staging.example.com', port: 443 });
  });

  it('names every missing variable at once when nobody can be asked', async () => {
    const dir = await planDir({ 'golive.yaml': `name: x\nitems:\n  - id: a\n    title: a\n    check: { kind: tcp, host: "\${HOST}", port: "\${PORT}" }\n` });

    const error = await loadPlan(join(dir, 'golive.yaml'), { env: {} }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GoliveError);
    expect((error as GoliveError).message).toBe('missing value for 2 variable(s): HOST, PORT. Pass --var NAME=VALUE, set them in an env file of the environment, or run in a terminal to be asked.');
  });

  it('asks for missing variables through the prompt, flagging secrets', async () => {
    const dir = await planDir({ 'golive.yaml': plan });
    const asked: { name: string; secret: boolean }[] = [];

    const loaded = await loadPlan(join(dir, 'golive.yaml'), {
      environment: 'staging',
      env: {},
      prompt: async (request) => {
        asked.push({ name: request.name, secret: request.secret });
        return 'typed-value';
      },
    });

    expect(asked).toEqual([{ name: 'DB_PASSWORD', secret: true }]);
    expect(loaded.secretValues).toEqual(['typed-value']);
  });

  it('rejects an unknown environment naming the declared ones', async () => {
    const dir = await planDir({ 'golive.yaml': plan });

    await expect(loadPlan(join(dir, 'golive.yaml'), { environment: 'prod', env: {} })).rejects.toThrow('unknown environment "prod"; the plan declares staging, production');
  });

  it('reports a missing env file with its path', async () => {
    const dir = await planDir({ 'golive.yaml': plan });

    await expect(loadPlan(join(dir, 'golive.yaml'), { environment: 'production', vars: { DB_PASSWORD: 'x' }, env: {} })).rejects.toThrow(/cannot read env file \.env\.production .*ENOENT/);
  });

  it('refuses an invalid plan with every problem and its position', async () => {
    const dir = await planDir({ 'golive.yaml': 'name: x\nitems:\n  - id: a\n    titel: a\n' });

    await expect(loadPlan(join(dir, 'golive.yaml'), { env: {} })).rejects.toThrow(/golive\.yaml:4:5 {2}unknown key "titel" in items\[0\] \(did you mean "title"\?\)/);
  });

  it('asks only for the variables of the items that will run (check --only)', async () => {
    const dir = await planDir({ 'golive.yaml': `name: x\nitems:\n  - id: a\n    title: a\n    check: { kind: tcp, host: "\${HOST_A}", port: 1 }\n  - id: b\n    title: b\n    check: { kind: tcp, host: 127.0.0.1, port: "\${PORT_B}" }\n` });

    const loaded = await loadPlan(join(dir, 'golive.yaml'), { env: {}, vars: { HOST_A: 'a.example.com' }, only: new Set(['a']) });

    expect(loaded.plan.items.map((item) => item.id)).toEqual(['a']);
    expect(loaded.plan.items[0]?.check).toMatchObject({ host: 'a.example.com' });
  });
});

describe('availableSecretValues', () => {
  it('knows the secrets an environment gives without needing every variable, with loadPlan\'s precedence', async () => {
    const dir = await planDir({ 'golive.yaml': plan, '.env.production': 'DB_PASSWORD=s3cr3t-from-file\nSENTRY_TOKEN=tok-from-file\n' });

    const production = await availableSecretValues(join(dir, 'golive.yaml'), { environment: 'production', env: { DB_PASSWORD: 'from-process' } });
    const staging = await availableSecretValues(join(dir, 'golive.yaml'), { environment: 'staging', env: { DB_PASSWORD: 'from-process' } });
    const nothingGiven = await availableSecretValues(join(dir, 'golive.yaml'), { environment: 'staging', env: {} });

    expect(production.sort()).toEqual(['s3cr3t-from-file', 'tok-from-file']);
    expect(staging).toEqual(['from-process']);
    expect(nothingGiven).toEqual([]);
    await expect(availableSecretValues(join(dir, 'golive.yaml'), { environment: 'moon' })).rejects.toMatchObject({ code: 'plan.environment' });
  });
});
