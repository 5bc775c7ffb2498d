// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Plugins depend on the kernel library only, never on each other or on the app.
    files: ['libs/plugins-mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@catalog/plugins-model*', '**/apps/**', '**/plugins-model/**'] },
      ],
    },
  },
  {
    files: ['libs/plugins-model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@catalog/plugins-mcp*', '**/apps/**', '**/plugins-mcp/**'] },
      ],
    },
  },
  {
    files: ['libs/catalog-plugin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@catalog/plugins-*', '**/apps/**'] }],
    },
  },
);
