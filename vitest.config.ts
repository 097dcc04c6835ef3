import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Load and fault scenarios that take minutes (or assume the machine to themselves):
 * `npm run test:slow` runs them one file at a time; `npm test` runs everything else, two files at
 * a time (test files share no ports or folders: each has its own temporary folders and a fake
 * Discord on port 0). CI (.ci/run) runs both. `npx vitest run <file>` runs any file, slow or not.
 */
const SLOW = [
  'test/reliability/discord-load.test.ts',
  'test/reliability/index-crash.test.ts',
  'test/reliability/index-concurrency.test.ts',
  'test/discord/shutdown.e2e.test.ts',
];

export default defineConfig({
  test: {
    // Tests start child processes and load ONNX models for real; a guard against hangs, not a timing check.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default on 2 cores is one file at a time, and most files wait on child processes.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SLOW] } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
