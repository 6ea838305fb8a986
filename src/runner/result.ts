// Moved to src/core/result.ts; this path stays while branches written before the move land (remove once none imports it).
export * from '../core/result.js';
