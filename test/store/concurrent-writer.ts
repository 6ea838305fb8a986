// One of two processes writing to the same run at once (see reliability.test.ts).
// argv: planDir runId writer startAtEpochMs rounds
import { openLaunchStore as openStore } from '../../src/service/store.js';

const [planDir = '', runId = '', writer = '', startAt = '0', rounds = '20'] = process.argv.slice(2);
const store = await openStore({ planDir, env: process.env });
const ownItems = writer === 'checks' ? ['api-health', 'db-host', 'log-level'] : ['pay-callback', 'cors'];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
for (let round = 0; round < Number(rounds); round += 1) {
  const at = new Date().toISOString();
  for (const itemId of [...ownItems, 'docs']) {
    const status = (round + itemId.length) % 3 === 0 ? 'fail' : 'pass';
    const result = { itemId, status, evidence: { observed: { writer, round } }, durationMs: 1, attempts: [], startedAt: at, finishedAt: at } as const;
    await store.recordResult(runId, { result, source: writer === 'checks' ? 'check' : 'manual', by: writer }, writer);
  }
}
await store.close();
