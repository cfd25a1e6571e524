// ESLint flat config: @eslint/js + typescript-eslint (type-aware), and the project's own rules.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The design rule: one typed config object, read once (src/server/config.ts); nothing else reads process.env.
// Tests (beside the code or in test/) may set up an environment for what they start.
const envAllowed = [
  'src/server/config.ts',
  'src/**/*.test.{ts,tsx}',
  'test/**',
  'e2e/**',
  'bench/**',
  'bin/**',
  '*.config.{js,ts}',
];
const noEnvMessage =
  'Read settings from the typed config object (src/server/config.ts), passed in; process.env is read only there.';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'data/**', 'test-results/**', '.tmp/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Async functions without await are how Fastify hooks and Promise-returning interfaces are written here.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: noEnvMessage }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:process', importNames: ['env'], message: noEnvMessage },
            { name: 'process', importNames: ['env'], message: noEnvMessage },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**'],
    languageOptions: { globals: { ...globals.browser } },
    // React event handlers may be async: React ignores their return value, errors are handled inside them.
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  {
    // Tests take native setters off prototypes on purpose to drive React inputs.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // The pupil message's path (see pii/all-matches.ts): matchAll copies its expression, and a copy loses its compiled
    // code to two garbage collections (55–82 ms to compile the detectors again on a quiet server).
    files: ['src/server/modules/{pii,moderation,chat,safety}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='matchAll']", message: 'Use allMatches (pii/all-matches.ts): matchAll copies the expression at every call.' },
      ],
    },
  },
  {
    files: envAllowed,
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },
  {
    // Plain JS (this file, bin/ launchers) is outside tsconfig: lint it without type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
);
