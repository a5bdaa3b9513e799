import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The engine's resources (template/engine-resources.ts), bound as the Node faces bind them.
    setupFiles: ['test/support/bind-node-engine.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Root tests share loop devices and mounts; files run one at a time so
    // leak checks of one file never see another file's live resources.
    fileParallelism: false,
    reporters: ['default'],
  },
});
