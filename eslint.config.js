// A small rule set: the recommended JS and TypeScript rules, plus the three this codebase relies on —
// output goes through the output layer (no-console), promises are awaited, no `any` in src/.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'templates/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  { files: ['src/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'error' } },
  // CommonJS scripts run by plain node (no loader): require is how they import.
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Lines the formatter cannot break (long strings, regular expressions, comments): none over 120 in src/; tests may
  // keep a long literal (an exact expected text reads better whole).
  { files: ['src/**/*.ts', 'src/**/*.cts'], rules: { 'max-len': ['error', { code: 120 }] } },
  {
    files: ['test/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  { files: ['test/**/*.ts', '*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // The output layer, the executable, benchmarks and the test runner's closing line print by design.
  { files: ['src/cli/output/**', 'bin/**', 'test/bench/**', 'test/run-tests.ts'], rules: { 'no-console': 'off' } },
  // CommonJS on purpose: bin/ (bin/package.json) and the code-cache loader (see their comments).
  {
    files: ['bin/**/*.js', '**/*.cts'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
