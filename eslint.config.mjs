// Lint of the TypeScript tooling: recommended JS + typescript-eslint rules; the Lightning web
// components in force-app get Salesforce's recommended LWC rules instead.
import js from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import tseslint from 'typescript-eslint';

const LWC_FILES = ['force-app/**/lwc/**/*.js'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.sfdx/**', '.sf/**', 'coverage/**', 'dist/**'] },
  { ...js.configs.recommended, ignores: LWC_FILES },
  ...tseslint.configs.recommended.map((config) => ({ ...config, ignores: LWC_FILES })),
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: config.files ?? LWC_FILES })),
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
