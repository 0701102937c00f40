// typescript-eslint's recommended rules over the TypeScript sources; scripts are plain ESM.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';
import redos from 'eslint-plugin-redos';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': 'off',
    },
  },
  // Regexes see request bodies, queries, uploads, CSV, remote documents and Zoom payloads: two
  // checkers prove each one cannot backtrack super-linearly (issue 18), so a new vulnerable
  // pattern fails `npm run lint` in CI. recheck runs with a fixed seed so CI is repeatable.
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    // Tests match our own answers, not input from outside.
    ignores: ['test/**'],
    plugins: { regexp, redos },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      'redos/no-vulnerable': ['error', { randomSeed: 2026 }],
    },
  },
  {
    files: ['jest.config.js', '.dependency-cruiser.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs', '*.cjs', 'public/**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        document: 'readonly',
        window: 'readonly',
        // The pages' small scripts (public/js) use what every browser the campus supports has.
        URLSearchParams: 'readonly',
        FormData: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
        DOMParser: 'readonly',
        history: 'readonly',
      },
    },
  },
);
