import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage, WorkerReply } from './batch.js';
import type { ScanWorkerData } from './pool.js';
import { fileScanner, runBatch } from './run-batch.js';
import type { FileScanner } from './scan-file.js';

// The setup comes as the first message: a CLI scan starts its workers while it is still loading, so the modules above
// load and compile here at the same time as the calling thread's.
let scanner: FileScanner | undefined;
const reply = (message: WorkerReply): void => parentPort?.postMessage(message);
const hunger = (workerData as ScanWorkerData | null)?.hunger;
const callerWaiting = (): boolean => hunger !== undefined && Atomics.load(hunger, 0) !== 0;

parentPort?.on('message', (message: WorkerMessage) => {
  if ('setup' in message) {
    scanner = fileScanner(message.setup);
    return;
  }
  try {
    if (scanner === undefined) throw new Error('scan worker got a share before its setup');
    reply({ ok: true, result: runBatch(message, scanner, false, callerWaiting) });
  } catch (error) {
    reply({ ok: false, id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
});
reply({ ready: true });
