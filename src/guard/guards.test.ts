import { describe, expect, it } from 'vitest';
import type { PlanGuard } from '../plan/schema.js';
import { commandShapes } from './command-shape.js';
import { guardHits } from './guards.js';
import { splitCommandLine } from './shell-words.js';

const guards: PlanGuard[] = [
  { command: 'docker compose down -v', action: 'forbid', reason: '禁止执行 docker compose down -v，避免删库删缓存卷。' },
  { command: 'docker compose --env-file .env.prod -f docker-compose.prod.yml up -d --build mysql redis api caddy', action: 'require-gate', reason: '云侧启动' },
  { command: 'vercel --prod', action: 'require-gate' },
  { command: 'tcb fn deploy', action: 'require-gate', environments: ['production'] },
  { command: 'rm -rf /data', action: 'forbid' },
  { command: 'git push --force', action: 'forbid' },
];

function hit(argv: string[], environment?: string): string | undefined {
  return guardHits(guards, argv, environment)[0]?.guard.command;
}

describe('shell words', () => {
  it('reads quotes, escapes, separators, substitutions and redirections as a shell does', () => {
    expect(splitCommandLine(`cd /srv && "docker" 'compose' do\\wn "-v" 2>&1 >/dev/null; echo "$(docker compose down -v)" | tee x`)).toEqual([
      ['cd', '/srv'],
      ['docker', 'compose', 'down', '-v'],
      ['docker', 'compose', 'down', '-v'],
      ['echo', ''],
      ['tee', 'x'],
    ]);
  });
});

describe('guard matching', () => {
  it.each([
    [['docker', 'compose', 'down', '-v']],
    [['docker', 'compose', 'down', '--volumes']],
    [['docker-compose', 'down', '--volumes']],
    [['docker-compose', 'down', '-v']],
    [['docker', 'compose', '-f', 'docker-compose.prod.yml', 'down', '--remove-orphans', '-v']],
    [['docker', 'compose', 'down', '-vt', '5']],
    [['docker', 'compose', 'down', '--volumes', '--rmi', 'all']],
    [['/usr/bin/docker', 'compose', 'down', '-v']],
    [['sudo', '-u', 'deploy', 'docker', 'compose', 'down', '-v']],
    [['env', 'COMPOSE_PROJECT_NAME=shop', 'docker', 'compose', 'down', '-v']],
    [['sh', '-c', 'cd /srv/shop && docker compose down -v']],
    [['bash', '-lc', "docker compose  down   '-v'"]],
    [['docker   compose down    -v']],
    [['"docker" compose down "-v"']],
    [['eval', 'docker compose down -v']],
    [['echo $(docker compose down -v)']],
    [['timeout', '30', 'docker', 'compose', 'down', '-v']],
  ])('refuses %j', (argv) => {
    expect(hit(argv)).toBe('docker compose down -v');
  });

  it.each([
    [['docker', 'compose', 'up', '-d']],
    [['docker', 'compose', 'down']],
    [['docker', 'compose', 'logs', '-f', 'api']],
    [['docker', 'volume', 'ls']],
    [['echo', 'docker compose down -v']],
    [['git', 'commit', '-m', 'docker compose down -v is forbidden']],
  ])('allows %j', (argv) => {
    expect(hit(argv)).toBeUndefined();
  });

  it('a require-gate guard matches its command with options in any order and spelling', () => {
    expect(hit(['docker', 'compose', '-f', 'docker-compose.prod.yml', '--env-file=.env.prod', 'up', '--build', '--detach', 'caddy', 'api', 'redis', 'mysql'])).toBe(guards[1]?.command);
    expect(hit(['docker', 'compose', '--env-file', '.env.staging', '-f', 'docker-compose.prod.yml', 'up', '-d', '--build', 'mysql', 'redis', 'api', 'caddy'])).toBeUndefined();
  });

  it('vercel --prod, its --target=production spelling, and tcb fn deploy in production only', () => {
    expect(hit(['vercel', 'deploy', '--prod'])).toBe('vercel --prod');
    expect(hit(['vercel', '--target', 'production'])).toBe('vercel --prod');
    expect(hit(['vercel'])).toBeUndefined();
    expect(hit(['tcb', 'fn', 'deploy', 'api', '-e', 'prod-1'], 'production')).toBe('tcb fn deploy');
    expect(hit(['tcb', 'functions:deploy', 'api'], 'production')).toBe('tcb fn deploy');
    expect(hit(['tcb', 'fn', 'deploy', 'api'], 'staging')).toBeUndefined();
  });

  it('short option clusters and long spellings are the same options', () => {
    expect(hit(['rm', '-fr', '/data'])).toBe('rm -rf /data');
    expect(hit(['rm', '--recursive', '--force', '/data'])).toBe('rm -rf /data');
    expect(hit(['rm', '-r', '/data'])).toBeUndefined();
    expect(hit(['git', 'push', '-f', 'origin', 'main'])).toBe('git push --force');
  });

  it('forbid guards come before require-gate ones', () => {
    const both: PlanGuard[] = [{ command: 'docker compose', action: 'require-gate' }, { command: 'docker compose down -v', action: 'forbid' }];

    expect(guardHits(both, ['docker', 'compose', 'down', '-v']).map((h) => h.guard.action)).toEqual(['forbid', 'require-gate']);
  });

  it('shapes keep words in order and options canonical', () => {
    expect(commandShapes(['docker-compose', '-p', 'shop', 'down', '-v'])).toEqual([{ words: ['docker', 'compose', 'down'], options: ['--project-name=shop', '--volumes'] }]);
  });
});
