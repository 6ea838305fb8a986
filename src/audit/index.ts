export { ChainVerifier, genesisHash, hashEntry } from './chain.js';
export type { AuditContent } from './chain.js';
