import { defineConfig } from 'vitest/config';

// Benchmarks that need the project's TypeScript test servers run under vitest, one at a time, printing
// their figures. They are not part of `npm test`: nothing here asserts a time.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    maxWorkers: 1,
    testTimeout: 600_000,
    reporters: ['dot'],
  },
});
