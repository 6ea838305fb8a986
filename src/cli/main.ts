import { Command, CommanderError } from '@commander-js/extra-typings';
import { createRequire } from 'node:module';
import { GoliveError, exitCodes } from '../core/errors.js';
import { bi, detectLocale, pick, type Bilingual } from '../core/text.js';
import { commands } from './commands/index.js';
import type { CliCommand, CliContext } from './context.js';

/** Global flags are read before commander runs, because help texts are written in the chosen language. */
function globalFlag(argv: readonly string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
  if (index < 0) return undefined;
  const arg = argv[index] ?? '';
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
}

/** Global flags, taken out of argv before commander parses it (createContext has read them already). */
const globalSwitches = new Set(['--no-color', '--debug', '--no-input']);

/**
 * argv without the global flags: commander then parses program options positionally (`golive --version`
 * only before the command), so a command may have its own `--version` (`golive miniprogram upload --version 1.4.0`)
 * while `--lang`, `--debug` … still work anywhere on the line.
 */
export function commandArgv(argv: readonly string[]): string[] {
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (globalSwitches.has(arg) || arg.startsWith('--lang=')) continue;
    if (arg === '--lang') {
      index += 1;
      continue;
    }
    rest.push(arg);
  }
  return rest;
}

interface Streams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

function createContext(argv: readonly string[], streams: Streams): CliContext & { readonly code: () => number } {
  const locale = detectLocale(globalFlag(argv, '--lang'), streams.env);
  const color = !argv.includes('--no-color') && streams.env.NO_COLOR === undefined && streams.stdout.isTTY === true;
  let code: number = exitCodes.ok;
  return {
    locale,
    color,
    interactive: streams.stdout.isTTY === true && streams.stderr.isTTY === true && streams.env.CI !== 'true' && !argv.includes('--no-input'),
    debug: argv.includes('--debug'),
    cwd: streams.cwd,
    env: streams.env,
    out: (text) => streams.stdout.write(text),
    err: (text) => streams.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    t: (text: Bilingual) => pick(text, locale),
    exit: (next) => {
      if (next > code) code = next;
    },
    exitWith: (next) => {
      code = next;
    },
    code: () => code,
  };
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/**
 * The commands to register: only the one named first on the line when there is one (its module alone is loaded, so
 * `golive scan` starts without the plan, store and server code), else all of them (help, a mistyped command's
 * suggestion).
 */
export async function commandsFor(argv: readonly string[]): Promise<CliCommand[]> {
  const named = commands.find((command) => command.name === argv[0]);
  return Promise.all((named === undefined ? commands : [named]).map((command) => command.load()));
}

/** Builds the program with the given commands (`commandsFor`). */
export function buildProgram(context: CliContext, registered: readonly CliCommand[]): Command {
  const t = context.t;
  const program = new Command()
    .name('golive')
    .description(t(bi('Executable launch checklists: run the checks, track the rest, gate the release.', '可执行的上线检查清单：自动运行检查、跟踪人工项、为发布把关。')))
    .version(packageVersion(), '-V, --version', t(bi('print the version', '显示版本号')))
    .option('--lang <locale>', t(bi('language of the output: en or zh-CN (default: from the locale)', '输出语言：en 或 zh-CN（默认按系统语言）')))
    .option('--no-color', t(bi('no colours (also NO_COLOR=1)', '不使用颜色（也可设置 NO_COLOR=1）')))
    .option('--debug', t(bi('show stack traces of unexpected errors', '显示意外错误的堆栈')))
    .option('--no-input', t(bi('never ask in the terminal', '从不在终端中提问')))
    .helpOption('-h, --help', t(bi('show help', '显示帮助')))
    .helpCommand('help [command]', t(bi('show help for a command', '显示某个命令的帮助')))
    .showSuggestionAfterError(true)
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.out(text),
      writeErr: (text) => context.err(text.trimEnd()),
    });
  for (const command of registered) command.register(program, () => context);
  for (const sub of program.commands) sub.exitOverride().helpOption('-h, --help', t(bi('show help', '显示帮助')));
  return program;
}

/** Runs the CLI: the only place that turns errors into one readable line and an exit code. */
export async function main(argv: readonly string[], streams: Streams = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }): Promise<number> {
  const context = createContext(argv, streams);
  try {
    const args = commandArgv(argv);
    await buildProgram(context, await commandsFor(args)).parseAsync(args, { from: 'user' });
    return context.code();
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end through commander with code 0; usage mistakes are exit 2.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof GoliveError) {
      context.err(`golive: ${context.t(error.text)}`);
      if (context.debug && error.cause instanceof Error) context.err(error.cause.stack ?? String(error.cause));
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    context.err(`golive: ${context.t(bi(`unexpected error: ${message} (run with --debug for details)`, `意外错误：${message}（使用 --debug 查看详情）`))}`);
    if (context.debug && error instanceof Error) context.err(error.stack ?? '');
    return exitCodes.usage;
  }
}
