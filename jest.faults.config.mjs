// The fault suite (`npm run test:faults`): it kills and restarts processes and stores of its own
// (test/faults/support/cluster.ts), so its files run one at a time, with long timeouts.
import base from './jest.config.js';

/** @type {import('jest').Config} */
export default {
  ...base,
  roots: ['<rootDir>/test/faults'],
  testMatch: ['**/*.faults.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
