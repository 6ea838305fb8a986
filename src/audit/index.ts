export { ChainVerifier, genesisHash, hashEntry, keyedMarkerAction } from './chain.js';
export type { AuditContent } from './chain.js';
export { auditKeyPath, auditKeyVariable, loadAuditKey } from './key.js';
export type { AuditKey } from './key.js';
