import { splitCommandLine } from './shell-words.js';

/** A command reduced to what matters for matching: its words in order, and its options whatever their spelling or order. */
export interface CommandShape {
  /** Program, subcommands and arguments, e.g. `docker compose down`. */
  readonly words: readonly string[];
  /** Canonical option names, `--name` or `--name=value`. */
  readonly options: readonly string[];
}

/** How one tool spells its options: which take a value, and which short or old names mean the same long one. */
interface ToolGrammar {
  /** The leading words this grammar applies to (the longest match wins). */
  readonly words: readonly string[];
  readonly valueOptions: readonly string[];
  readonly aliases: Readonly<Record<string, string>>;
  /** An option with a value that means another option (`--target=production` is `--prod`). */
  readonly equivalents?: Readonly<Record<string, string>>;
}

// Only the tools launch checklists guard; unknown tools still match word for word and option for option.
const grammars: readonly ToolGrammar[] = [
  {
    words: ['docker'],
    valueOptions: ['--context', '--host', '--config', '--log-level'],
    aliases: { '-c': '--context', '-H': '--host', '-l': '--log-level', '-f': '--force', '-v': '--volumes', '-a': '--all' },
  },
  {
    words: ['docker', 'compose'],
    valueOptions: ['--file', '--env-file', '--project-name', '--profile', '--project-directory', '--ansi', '--progress', '--parallel', '--timeout', '--rmi', '--scale', '--pull', '--exit-code-from', '--wait-timeout', '--context', '--host'],
    aliases: { '-f': '--file', '-p': '--project-name', '-v': '--volumes', '-d': '--detach', '-t': '--timeout', '-q': '--quiet', '-c': '--context', '-H': '--host' },
  },
  {
    words: ['git'],
    valueOptions: ['-C', '--git-dir', '--work-tree', '-c', '--push-option', '--repo', '--receive-pack', '--exec'],
    aliases: { '-f': '--force', '-u': '--set-upstream', '-d': '--delete', '-o': '--push-option', '-n': '--dry-run', '-q': '--quiet' },
  },
  { words: ['rm'], valueOptions: [], aliases: { '-r': '--recursive', '-R': '--recursive', '-f': '--force', '-i': '--interactive' } },
  { words: ['vercel'], valueOptions: ['--target', '--scope', '--token', '--cwd', '--env', '--build-env', '--meta', '--regions'], aliases: { '-t': '--token', '-S': '--scope', '-e': '--env', '-b': '--build-env', '-m': '--meta', '-y': '--yes', '-f': '--force' }, equivalents: { '--target=production': '--prod' } },
  { words: ['tcb'], valueOptions: ['--envId', '--path', '--dir', '--config-file', '--code-secret'], aliases: { '-e': '--envId' } },
];

/** Programs with another name for the same thing (`docker-compose` v1 is `docker compose`). */
const programAliases: Readonly<Record<string, readonly string[]>> = {
  'docker-compose': ['docker', 'compose'],
};

/** Old subcommand spellings (`tcb functions:deploy` is `tcb fn deploy`). */
const wordAliases: Readonly<Record<string, readonly string[]>> = {
  'functions:deploy': ['fn', 'deploy'],
  'functions:delete': ['fn', 'delete'],
};

const shells = new Set(['sh', 'bash', 'zsh', 'dash', 'ash', 'ksh']);
/** Wrappers that run their arguments as a command, with the options they take a value for. */
const wrappers: Readonly<Record<string, readonly string[]>> = {
  sudo: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U'],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S'],
  command: [],
  exec: ['-a'],
  nohup: [],
  builtin: [],
  time: [],
  nice: ['-n'],
  ionice: ['-c', '-n'],
  timeout: ['-s', '-k'],
  xargs: ['-I', '-n', '-L', '-P', '-d', '-E', '-s', '-a'],
  stdbuf: ['-i', '-o', '-e'],
};

/**
 * Every simple command a command line (or an argv) would run, unwrapped (`sudo`, `env X=1`, `sh -c '…'`, `eval`)
 * and reduced to its shape. An argv of one word with spaces is read as a command line.
 */
export function commandShapes(argv: readonly string[]): CommandShape[] {
  const commands = argv.length === 1 && /\s|[;&|`$]/.test(argv[0] ?? '') ? splitCommandLine(argv[0] ?? '') : [[...argv]];
  return commands.flatMap((words) => unwrap(words, 0)).map(shapeOf);
}

/** The shape of a guard's command as the plan writes it (the first command of the line). */
export function patternShape(command: string): CommandShape | undefined {
  return commandShapes([command])[0];
}

function unwrap(words: readonly string[], depth: number): string[][] {
  if (depth > 8) return [[...words]];
  let rest = [...words];
  // Leading assignments (`FOO=1 docker …`) set the environment, not the command.
  while (rest.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[0] ?? '')) rest = rest.slice(1);
  const program = basename(rest[0] ?? '');
  if (program === '') return [];
  if (shells.has(program)) {
    const flagIndex = rest.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word));
    const script = flagIndex > 0 ? rest[flagIndex + 1] : undefined;
    return script === undefined ? [rest] : splitCommandLine(script).flatMap((inner) => unwrap(inner, depth + 1));
  }
  if (program === 'eval') return splitCommandLine(rest.slice(1).join(' ')).flatMap((inner) => unwrap(inner, depth + 1));
  const valueOptions = wrappers[program];
  if (valueOptions) {
    let index = 1;
    while (index < rest.length) {
      const word = rest[index] ?? '';
      if (word === '--') {
        index += 1;
        break;
      }
      if (valueOptions.includes(word)) index += 2;
      else if (word.startsWith('-') || (program === 'env' && word.includes('='))) index += 1;
      else if (program === 'timeout' || (program === 'nice' && /^-?\d+$/.test(word))) {
        // timeout's first operand is the duration.
        index += 1;
        if (program === 'timeout') break;
      } else break;
    }
    return unwrap(rest.slice(index), depth + 1);
  }
  return [[program, ...rest.slice(1)]];
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

function grammarFor(words: readonly string[]): ToolGrammar | undefined {
  let best: ToolGrammar | undefined;
  for (const grammar of grammars) {
    if (grammar.words.every((word, index) => words[index] === word) && (best === undefined || grammar.words.length > best.words.length)) best = grammar;
  }
  return best;
}

function shapeOf(argv: readonly string[]): CommandShape {
  const expanded = argv.flatMap((word, index) => (index === 0 ? [...(programAliases[word] ?? [word])] : [...(wordAliases[word] ?? [word])]));
  const words: string[] = [];
  const options: string[] = [];
  let endOfOptions = false;
  for (let index = 0; index < expanded.length; index += 1) {
    const word = expanded[index] ?? '';
    // The grammar follows the words seen so far: `docker` options until `compose`, then compose's.
    const grammar = grammarFor(words.length > 0 ? words : expanded.slice(0, 1));
    const canonical = (name: string) => grammar?.aliases[name] ?? name;
    const takesValue = (name: string) => grammar?.valueOptions.includes(name) ?? false;
    const add = (name: string, value?: string) => {
      const option = value === undefined ? name : `${name}=${value}`;
      options.push(grammar?.equivalents?.[option] ?? option);
    };
    if (endOfOptions || !word.startsWith('-') || word === '-') {
      words.push(word);
      continue;
    }
    if (word === '--') {
      endOfOptions = true;
      continue;
    }
    if (word.startsWith('--')) {
      const at = word.indexOf('=');
      const name = canonical(at < 0 ? word : word.slice(0, at));
      if (at >= 0) add(name, word.slice(at + 1));
      else if (takesValue(name) && index + 1 < expanded.length) add(name, expanded[++index]);
      else add(name);
      continue;
    }
    if (word.length === 2 || grammar?.valueOptions.includes(word) || grammar?.aliases[word]) {
      const name = canonical(word);
      if (takesValue(name) && index + 1 < expanded.length) add(name, expanded[++index]);
      else add(name);
      continue;
    }
    // A cluster of short options (`-rf`, `-dv`); a letter that takes a value takes the rest of the cluster.
    for (let letter = 1; letter < word.length; letter += 1) {
      const name = canonical(`-${word[letter]}`);
      if (takesValue(name)) {
        const value = letter + 1 < word.length ? word.slice(letter + 1) : expanded[++index];
        add(name, value);
        break;
      }
      add(name);
    }
  }
  return { words, options };
}

/**
 * True when the command is the pattern's command: same program and first argument, every other word of the pattern
 * among the command's (any order), and every option of the pattern among the command's (any order or spelling).
 */
export function shapeMatches(pattern: CommandShape, command: CommandShape): boolean {
  if (pattern.words.length === 0 || command.words[0] !== pattern.words[0]) return false;
  if (pattern.words.length > 1 && command.words[1] !== pattern.words[1]) return false;
  const remaining = [...command.words.slice(2)];
  for (const word of pattern.words.slice(2)) {
    const at = remaining.indexOf(word);
    if (at < 0) return false;
    remaining.splice(at, 1);
  }
  return pattern.options.every((option) => command.options.includes(option));
}
