// The fault suite (`npm run test:faults`): it kills and restarts processes and stores of its own
// (test/faults/support/cluster.ts), with long timeouts. scripts/test-faults.mjs runs two files at a
// time and the webhook storm alone: its answer times are what it measures.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
