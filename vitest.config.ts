import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start child processes and load ONNX models for real; a guard against hangs, not a timing check.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
