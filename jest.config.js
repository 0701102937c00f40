// Tests run against the real FerretDB and Redis that scripts/test.mjs starts (see README).
// Digital Bazaar's Data Integrity libraries are ES modules only; jest runs CommonJS, so swc
// compiles those packages too (and only those: the rest of node_modules is loaded as is).
// oidc-provider (the OAuth server of the Open Badges API) and its ES-module dependencies too.
const esmOnlyPackages = [
  '@digitalbazaar',
  'base58-universal',
  'base64url-universal',
  'oidc-provider',
  'got',
  '@sindresorhus',
  '@szmarczak',
  'cacheable-lookup',
  'cacheable-request',
  'mimic-response',
  'normalize-url',
  'responselike',
  'lowercase-keys',
  'form-data-encoder',
  'p-cancelable',
  'nanoid',
  'quick-lru',
  // OpenID4VCI wallet delivery (oid4vc-ts).
  '@openid4vc',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest'],
    '^.+\\.m?js$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  testTimeout: 30000,
  maxWorkers: 2,
};
