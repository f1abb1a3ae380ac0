import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

const vendorSdks = ['twilio', '@sendgrid/*', 'nodemailer', 'telnyx'];

/** Which lib kinds each kind may import. Tests may also use the testing lib. */
const allowed = {
  'type:contracts': [],
  'type:util': ['type:util', 'type:contracts'],
  'type:data': ['type:data', 'type:util', 'type:contracts'],
  'type:provider': ['type:util', 'type:contracts'],
  'type:testing': ['type:util', 'type:contracts', 'type:data'],
  // End-to-end suites sign webhooks like providers and inspect the database they assert on.
  'type:e2e': ['type:contracts', 'type:testing', 'type:provider', 'type:util', 'type:data'],
  // Each app's settings schema (libs/app-config/src/<app>), composed of what the app composes:
  // the app parses it at start-up; the deployment checks read it without importing the app.
  'type:app-config': ['type:util', 'type:contracts', 'type:data', 'type:provider'],
  'type:app': ['type:util', 'type:contracts', 'type:data', 'type:provider', 'type:app-config'],
  // Developer tools (benchmark, admin CLI, deployment checks, local stack, build) use the libs as
  // any app does, and the testing lib's stacks; never an app's sources or the end-to-end suites.
  'type:tool': [
    'type:util',
    'type:contracts',
    'type:data',
    'type:provider',
    'type:app-config',
    'type:testing',
  ],
};

/** One scope per app; tools and end-to-end suites have their own. Libs without one are shared. */
const appScopes = [
  'scope:gateway',
  'scope:conversation-service',
  'scope:sms-dispatcher',
  'scope:email-dispatcher',
  'scope:webhook-ingest',
  'scope:provider-sandbox',
  'scope:voice-dispatcher',
  'scope:webhook-dispatcher',
  'scope:console',
];
const scopes = [...appScopes, 'scope:tools', 'scope:e2e'];

function boundaries(inTests) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    banTransitiveDependencies: false,
    depConstraints: [
      ...Object.entries(allowed).map(([sourceTag, tags]) => ({
        sourceTag,
        onlyDependOnLibsWithTags:
          inTests && sourceTag !== 'type:testing' ? [...new Set([...tags, 'type:testing'])] : tags,
        // Only the providers lib talks to vendors.
        ...(sourceTag === 'type:provider' ? {} : { bannedExternalImports: vendorSdks }),
      })),
      // A lib scoped to one app (say, the gateway's) is that app's alone.
      ...scopes.map((sourceTag) => ({
        sourceTag,
        notDependOnLibsWithTags: appScopes.filter((scope) => scope !== sourceTag),
      })),
    ],
  };
}

export default tseslint.config(
  {
    ignores: ['**/node_modules', '**/dist', '**/coverage', '.data', '.nx', 'tools/bench/results'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Untrusted text (bodies, subjects, addresses, webhook fields) reaches regular expressions:
  // one that backtracks super-linearly would let a single request stall a service.
  {
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
    },
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
    // CommonJS files (Jest's hooks and reporters) export through `module`.
    files: ['**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // `*.tests.ts` modules hold groups of tests a spec registers on the stack it boots once.
    files: ['**/*.spec.ts', '**/*.tests.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
      'no-restricted-properties': [
        'error',
        { object: 'describe', property: 'only' },
        { object: 'it', property: 'only' },
        { object: 'test', property: 'only' },
      ],
    },
  },
  {
    // provider-sandbox's compatibility suite drives it with the real vendor SDKs: that is its point.
    files: ['apps/provider-sandbox/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
