import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: keep parallel files modest so servers started in tests stay responsive.
    maxWorkers: 2,
    reporters: ['default'],
    // expect.poll waits on servers and a browser: its 1 s default failed a dashboard import on a loaded CI machine.
    expect: { poll: { timeout: 15_000 } },
  },
});
