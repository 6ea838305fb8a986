import { createLogUpdate } from 'log-update';
import pc from 'picocolors';
import type { PlanItem } from '../plan/schema.js';
import type { ItemResult } from '../core/result.js';
import type { CliContext } from './context.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const symbols: Record<ItemResult['status'], string> = { pass: '✔', fail: '✖', warn: '▲', skip: '○', error: '!', pending: '…' };

/** Live progress of running checks: one line per running check and a counter; silent when not a terminal. */
export interface Progress {
  start(item: PlanItem): void;
  finish(item: PlanItem, result: ItemResult): void;
  stop(): void;
}

/** Draws on stderr so stdout stays clean for `--format json`. */
export function createProgress(context: CliContext, total: number): Progress {
  if (!context.interactive) return { start() {}, finish() {}, stop() {} };
  const color = context.color ? pc : pc.createColors(false);
  const draw = createLogUpdate(process.stderr, { showCursor: false });
  const running = new Map<string, { item: PlanItem; since: number }>();
  const finished: string[] = [];
  let done = 0;
  let frame = 0;
  const render = () => {
    frame = (frame + 1) % frames.length;
    const lines = [...running.values()].map(({ item, since }) => `${color.cyan(frames[frame] ?? '')} ${item.id}  ${color.dim(item.title)}  ${color.dim(`${((Date.now() - since) / 1000).toFixed(1)}s`)}`);
    draw([...finished.slice(-5), ...lines, color.bold(`${done}/${total}`)].join('\n'));
  };
  const timer = setInterval(render, 100);
  timer.unref();
  return {
    start(item) {
      running.set(item.id, { item, since: Date.now() });
      render();
    },
    finish(item, result) {
      running.delete(item.id);
      done += 1;
      const paint = result.status === 'pass' ? color.green : result.status === 'warn' || result.status === 'pending' ? color.yellow : result.status === 'skip' ? color.dim : color.red;
      finished.push(`${paint(symbols[result.status])} ${item.id}  ${color.dim(`${result.durationMs}ms`)}`);
      render();
    },
    stop() {
      clearInterval(timer);
      draw.clear();
      draw.done();
    },
  };
}
