import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const vendorSdks = ['twilio', '@sendgrid/*', 'nodemailer', 'telnyx'];

export default tseslint.config(
  {
    ignores: ['**/node_modules', '**/dist', '**/coverage', '.data', '.nx', 'bench/results'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: vendorSdks,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
              bannedExternalImports: vendorSdks,
            },
            {
              sourceTag: 'type:data',
              onlyDependOnLibsWithTags: ['type:data', 'type:util', 'type:contracts'],
              bannedExternalImports: vendorSdks,
            },
            {
              sourceTag: 'type:provider',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data'],
              bannedExternalImports: vendorSdks,
            },
            {
              sourceTag: 'type:e2e',
              // End-to-end suites sign webhooks like providers and inspect the database they assert on.
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:testing',
                'type:provider',
                'type:util',
                'type:data',
              ],
              bannedExternalImports: vendorSdks,
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:data',
                'type:provider',
                'type:testing',
              ],
              bannedExternalImports: vendorSdks,
            },
          ],
        },
      ],
    },
  },
  {
    // provider-sandbox's compatibility suite drives it with the real vendor SDKs: that is its point.
    files: ['apps/provider-sandbox/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only' },
        { object: 'it', property: 'only' },
        { object: 'test', property: 'only' },
      ],
    },
  },
);
