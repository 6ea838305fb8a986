import { launchPolicy } from '../readiness/policy.js';
import type { OpenStoreOptions } from '../store/backend.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';

/** Opens the store of a plan with golive's summary policy (score and gate) handed in: the one way services get a store. */
export function openLaunchStore(options: OpenStoreOptions): Promise<Store> {
  return openStore({ ...options, policy: launchPolicy });
}
