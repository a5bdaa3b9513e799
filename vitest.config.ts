import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Root tests share loop devices and mounts; files run one at a time so
    // leak checks of one file never see another file's live resources.
    fileParallelism: false,
    reporters: ['default'],
  },
});
