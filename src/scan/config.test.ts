import { describe, expect, it } from 'vitest';
import { scanConfigSchema } from './config.js';
import { defaultScanConfig } from './defaults.js';

describe('scan configuration defaults', () => {
  it('writes out exactly what the schema gives an empty configuration (a plain scan never loads zod)', () => {
    expect(defaultScanConfig()).toEqual(scanConfigSchema.parse({}));
  });
});
