// Opens (and so migrates) the store of a plan folder, reads, closes: several of these race on a fresh database.
import { openLaunchStore as openStore } from '../../src/service/store.js';

const store = await openStore({ planDir: process.argv[2] ?? '', env: process.env });
await store.listRuns();
await store.close();
