/**
 * Compiles a file-name glob (`*.sql.gz`, `s2b2c_????????_*.sql.gz`, `*.{sql,dump}.gz`, `[0-9]*.tar`)
 * to an anchored RegExp. Names only: `/` never matches, because backups are listed one folder at a time.
 */
export function nameGlob(pattern: string): RegExp {
  let source = '';
  let braceDepth = 0;
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] ?? '';
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', index + 2);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(index + 1, end).replace(/\\/g, '\\\\');
        source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        index = end;
      }
    } else if (char === '{') {
      braceDepth += 1;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth -= 1;
      source += ')';
    } else if (char === ',' && braceDepth > 0) source += '|';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (braceDepth > 0) throw new SyntaxError(`unclosed "{" in ${pattern}`);
  return new RegExp(`^${source}$`);
}
