import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { commandArgv } from './main.js';

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
