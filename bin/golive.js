#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Answered before loading the CLI: scripts call `golive --version` often and it must stay instant.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // A reader that stops early (`golive run status | head`) closes the pipe: the rest of the output is no
  // longer wanted, but the command still finishes and keeps its exit code (for `set -o pipefail`).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      if (error.code !== 'EPIPE') throw error;
      stream.write = () => true;
    });
  }
  // `golive scan <dir>` starts its worker threads before the CLI is loaded (see src/cli/early.ts).
  await (await import('../dist/cli/early.js')).startEarly(args, process.cwd());
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(args);
}
