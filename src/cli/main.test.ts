import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { commands } from './commands/index.js';
import type { CliContext } from './context.js';
import { buildProgram, commandArgv, commandsFor } from './main.js';

describe('global flags and commands that own --version', () => {
  it('takes --lang, --debug, --no-color and --no-input out of argv wherever they are, and nothing after --', () => {
    expect(commandArgv(['--lang', 'zh-CN', 'gate', '--debug', '--format', 'json', '--no-color', '--lang=en', '--no-input', '--', '--debug'])).toEqual(['gate', '--format', 'json', '--', '--debug']);
  });

  it('answers --version before a command, and leaves a command its own --version', async () => {
    const version = await runCli(['--version']);
    const help = await runCli(['miniprogram', 'upload', '--help', '--lang', 'zh-CN']);
    const missing = await runCli(['miniprogram', 'upload', '--version', '1.4.0', '--lang', 'zh-CN'], { cwd: '/' });

    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(help.stdout).toContain('--version <version>');
    expect(help.stdout).toContain('在后台显示的版本号');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("'--desc <text>'");
  });
});

describe('commands loaded by name', () => {
  const context = { locale: 'en', color: false, interactive: false, debug: false, cwd: '/', env: {}, out: () => true, err: () => undefined, t: (text: { en: string }) => text.en, exit: () => undefined } as unknown as CliContext;

  it('lists each command under the name its module registers, and loads only that one when it is named first', async () => {
    for (const entry of commands) {
      const program = buildProgram(context, await commandsFor([entry.name, '--help']));
      expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    }
    const all = buildProgram(context, await commandsFor(['--help']));
    expect(all.commands.map((c) => c.name())).toEqual(commands.map((c) => c.name));
    expect((await commandsFor(['scna'])).length).toBe(commands.length);
  });

  it('still suggests the right command for a mistyped one', async () => {
    const typo = await runCli(['scna']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('scan');
  });
});
