import type { CliCommand } from '../context.js';

/** A command of the CLI by its name, loaded only when it is used: `golive scan` never loads the plan, store or server code. */
export interface CommandEntry {
  readonly name: string;
  load(): Promise<CliCommand>;
}

/** Every command of the CLI, in the order `golive --help` lists them (a test holds each name to what its module registers). */
export const commands: readonly CommandEntry[] = [
  { name: 'init', load: async () => (await import('./init.js')).initCommand },
  { name: 'suggest', load: async () => (await import('./suggest.js')).suggestCommand },
  { name: 'import', load: async () => (await import('./import.js')).importCommand },
  { name: 'export', load: async () => (await import('./export.js')).exportCommand },
  { name: 'check', load: async () => (await import('./check.js')).checkCommand },
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'item', load: async () => (await import('./item.js')).itemCommand },
  { name: 'waive', load: async () => (await import('./waive.js')).waiveCommand },
  { name: 'sign', load: async () => (await import('./sign.js')).signCommand },
  { name: 'gate', load: async () => (await import('./gate.js')).gateCommand },
  { name: 'deploy', load: async () => (await import('./deploy.js')).deployCommand },
  { name: 'guard', load: async () => (await import('./guard.js')).guardCommand },
  { name: 'hook', load: async () => (await import('./hook.js')).hookCommand },
  { name: 'rollout', load: async () => (await import('./rollout.js')).rolloutCommand },
  { name: 'inspect', load: async () => (await import('./inspect.js')).inspectCommand },
  { name: 'monitor', load: async () => (await import('./monitor.js')).monitorCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).workerCommand },
  { name: 'history', load: async () => (await import('./history.js')).historyCommand },
  { name: 'diff', load: async () => (await import('./diff.js')).diffCommand },
  { name: 'audit', load: async () => (await import('./audit.js')).auditCommand },
  { name: 'notify', load: async () => (await import('./notify.js')).notifyCommand },
  { name: 'serve', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'scan', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'miniprogram', load: async () => (await import('./miniprogram.js')).miniprogramCommand },
  { name: 'lint', load: async () => (await import('./lint.js')).lintCommand },
  { name: 'schema', load: async () => (await import('./schema.js')).schemaCommand },
];
