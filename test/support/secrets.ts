import type { SecretSet } from '../../src/redaction/secret-set.js';

/** A secret set that learns and masks nothing: for tests that look at a kind's raw evidence on purpose. */
export function inertSecrets(): SecretSet {
  return { add: () => [], discover: () => [], redact: (value) => value, redactTyped: (text) => ({ text, masked: false }), fingerprints: () => [], learn() {}, size: 0 };
}
