// The stand-in process: `node --import tsx examples/stand-in/process.ts <example> <planted|fixed> <dir>`.
// Prints one JSON line when the stack is up, and stops it when stdin closes (the parent exited or
// stopped it, even by SIGKILL) or on SIGINT/SIGTERM, so no stand-in outlives the demo.
import { startStack } from './stack.js';
import { exampleNames, type ExampleName, type StandInMode } from './spec.js';

const [name, mode, dir] = process.argv.slice(2);
if (!exampleNames.includes(name as ExampleName) || (mode !== 'planted' && mode !== 'fixed') || dir === undefined) {
  process.stderr.write(`usage: process.ts <${exampleNames.join('|')}> <planted|fixed> <dir>\n`);
  process.exit(2);
}

try {
  const stack = await startStack(name as ExampleName, mode as StandInMode, dir);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void stack.stop().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop).on('error', stop).resume();
  process.on('SIGINT', stop).on('SIGTERM', stop);
  process.stdout.write(`${JSON.stringify({ ready: { vars: stack.vars, env: stack.env, available: stack.available, notes: stack.notes } })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
