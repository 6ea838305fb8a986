// Moved to src/core/errors.ts; this path stays while branches written before the move land (remove once none imports it).
export * from './core/errors.js';
