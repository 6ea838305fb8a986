import type { Store } from '../store/store.js';
import { createSecretSet, type SecretSet } from './secret-set.js';

/** The part of the store that keeps a run's secret fingerprints (never the values). */
export type FingerprintStore = Pick<Store, 'secretFingerprints' | 'addSecretFingerprints'>;

/** The secret set of a run: the given declared values plus the fingerprints of what the run saw so far. */
export async function openRunSecrets(store: FingerprintStore, runId: string, declared: readonly string[] = []): Promise<SecretSet> {
  const secrets = createSecretSet({ salt: runId, values: declared });
  secrets.learn(await store.secretFingerprints(runId));
  return secrets;
}

/** Persists the fingerprints of the set, so `resume`, `recheck`, `item`, `status` … of a later process know them. */
export async function keepRunSecrets(store: FingerprintStore, runId: string, secrets: SecretSet): Promise<void> {
  await store.addSecretFingerprints(runId, secrets.fingerprints());
}
