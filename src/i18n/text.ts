// Moved to src/core/text.ts; this path stays while branches written before the move land (remove once none imports it).
export * from '../core/text.js';
