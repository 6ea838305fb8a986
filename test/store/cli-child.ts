// A separate process running `golive …` (store commands only), for kill -9 and concurrency tests.
import { golive } from './cli-harness.js';

const outcome = await golive(process.argv.slice(2), { cwd: process.cwd(), env: process.env });
process.stdout.write(outcome.out);
process.stderr.write(outcome.err);
process.exitCode = outcome.code;
