/**
 * Splits a command line the way a POSIX shell reads it into simple commands (argv lists): quotes and backslashes
 * are removed, `;` `&&` `||` `|` `&` newlines and parentheses separate commands, redirections are dropped, and the
 * text of `$(…)` and backticks becomes commands of its own (their output is unknowable, so they add no word).
 * Expansions (`$VAR`, globs) are left as written.
 */
export function splitCommandLine(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  let skipNextWord = false;
  const endWord = () => {
    if (word !== undefined) {
      if (skipNextWord) skipNextWord = false;
      else words.push(word);
    }
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  const append = (text: string) => {
    word = (word ?? '') + text;
  };

  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] ?? '';
    if (char === '\\') {
      const next = line[index + 1];
      index += 1;
      if (next !== undefined && next !== '\n') append(next);
      continue;
    }
    if (char === "'") {
      const end = line.indexOf("'", index + 1);
      append(line.slice(index + 1, end < 0 ? line.length : end));
      index = end < 0 ? line.length : end;
      continue;
    }
    if (char === '$' && line[index + 1] === "'") {
      const end = line.indexOf("'", index + 2);
      append(line.slice(index + 2, end < 0 ? line.length : end).replace(/\\(.)/g, '$1'));
      index = end < 0 ? line.length : end;
      continue;
    }
    if (char === '"') {
      append('');
      for (index += 1; index < line.length && line[index] !== '"'; index += 1) {
        const inner = line[index] ?? '';
        if (inner === '\\' && '$`"\\\n'.includes(line[index + 1] ?? '')) {
          index += 1;
          if (line[index] !== '\n') append(line[index] ?? '');
        } else if (inner === '$' && line[index + 1] === '(') {
          const end = closingParen(line, index + 2);
          commands.push(...splitCommandLine(line.slice(index + 2, end)));
          index = end;
        } else if (inner === '`') {
          const end = closingBacktick(line, index + 1);
          commands.push(...splitCommandLine(line.slice(index + 1, end)));
          index = end;
        } else {
          append(inner);
        }
      }
      continue;
    }
    if (char === '$' && line[index + 1] === '(') {
      const end = closingParen(line, index + 2);
      commands.push(...splitCommandLine(line.slice(index + 2, end)));
      index = end;
      word ??= '';
      continue;
    }
    if (char === '`') {
      const end = closingBacktick(line, index + 1);
      commands.push(...splitCommandLine(line.slice(index + 1, end)));
      index = end;
      word ??= '';
      continue;
    }
    if (char === '#' && word === undefined) {
      const end = line.indexOf('\n', index);
      index = end < 0 ? line.length : end - 1;
      continue;
    }
    if (char === '>' || char === '<') {
      // `2>&1`, `>/dev/null`, `<<EOF`: the file descriptor before and the target after are not arguments.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      endWord();
      while ('<>&|'.includes(line[index + 1] ?? ' ') && line[index + 1] !== undefined) index += 1;
      if (line[index] === '&' && /[\d-]/.test(line[index + 1] ?? '')) {
        while (/[\d-]/.test(line[index + 1] ?? '')) index += 1;
      } else {
        skipNextWord = true;
      }
      continue;
    }
    if (char === ' ' || char === '\t') {
      endWord();
      continue;
    }
    if (';&|\n()'.includes(char)) {
      endCommand();
      continue;
    }
    append(char);
  }
  endCommand();
  return commands;
}

function closingParen(line: string, from: number): number {
  let depth = 1;
  for (let index = from; index < line.length; index += 1) {
    const char = line[index];
    if (char === '\\') index += 1;
    else if (char === "'") index = Math.max(index, line.indexOf("'", index + 1));
    else if (char === '(') depth += 1;
    else if (char === ')' && --depth === 0) return index;
  }
  return line.length;
}

function closingBacktick(line: string, from: number): number {
  for (let index = from; index < line.length; index += 1) {
    if (line[index] === '\\') index += 1;
    else if (line[index] === '`') return index;
  }
  return line.length;
}
