import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

let loaded: typeof Crypto | undefined;

/**
 * `node:crypto`, loaded on first use. Loading it initialises OpenSSL (~10–25 ms of CPU); `golive scan`'s calling thread
 * hands the files with findings to its worker and usually fingerprints nothing itself, so it no longer pays for that
 * while it loads.
 */
export function crypto(): typeof Crypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  return loaded;
}
