import { parentPort, workerData } from 'node:worker_threads';
import type { BatchRequest, WorkerSetup } from './batch.js';
import { RuleSet } from './ruleset.js';
import { runBatch } from './run-batch.js';

const setup = workerData as WorkerSetup;
const scanner = { ruleSet: new RuleSet(setup.spec), maxBytes: setup.maxFileBytes, reportsSecrets: setup.spec.group !== 'leftovers', fingerprintKey: setup.fingerprintKey };

parentPort?.on('message', (request: BatchRequest) => {
  try {
    parentPort?.postMessage({ ok: true, result: runBatch(request, scanner) });
  } catch (error) {
    parentPort?.postMessage({ ok: false, id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
});
