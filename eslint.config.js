// Lint, including the layer rules of docs/architecture.md: dependencies point inward, SQL
// lives only in repositories and migrations, HTTP only in routes, features depend on each
// other in one direction, and configuration is read from the environment in exactly one
// place.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const kysely = {
  group: ['kysely', 'kysely/*', 'better-sqlite3', 'pg'],
  message: 'Only *.repository.ts files and src/server/db/ may talk to the database.',
};
const fastify = {
  group: ['fastify', 'fastify/*', '@fastify/*', 'fastify-type-provider-zod'],
  message: 'Only *.routes.ts files and src/server/http/ know about HTTP.',
};
const outward = {
  group: ['**/server/**', '**/web/**', '**/cli/**', '../server/*', '../web/*', '../cli/*'],
  message: 'src/core is pure: it imports nothing of ours outside core.',
};
const io = {
  group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:child_process', 'fs', 'http'],
  message: 'src/core does no I/O.',
};

// The feature order of src/server, lowest first (drawn in docs/architecture.md). A feature
// may import only features on lower lines; features on one line do not import each other.
// A lower feature reaches a higher one through a job it queues by name (the higher feature
// registers the handler), never by importing it.
const featureOrder = [
  ['config.ts', 'clock.ts'],
  ['db', 'instance-secret.ts', 'secrets'],
  ['audit', 'jobs', 'mail', 'pdf'],
  ['organizations'],
  ['staff'],
  ['auth'],
  ['access'],
  ['api-tokens', 'cases', 'clients', 'instruments', 'interpreters'],
  ['sessions'],
  ['measurement'],
  ['alerts', 'notes', 'repairs'],
  ['research'],
  ['case-view', 'caseload', 'client-import', 'fhir', 'reports', 'supervision'],
  ['case-report', 'in-session'],
  ['admin', 'backup', 'demo', 'health'],
  ['http'],
  ['app.ts'],
  ['main.ts'],
];
// A new folder (or top-level file) of src/server must be placed before anything is linted.
const unplaced = readdirSync(new URL('src/server', import.meta.url)).filter(
  (name) => !name.endsWith('.test.ts') && !featureOrder.flat().includes(name),
);
if (unplaced.length > 0)
  throw new Error(
    `src/server/${unplaced.join(', ')}: give it a line in featureOrder (eslint.config.js) and in docs/architecture.md`,
  );
const serverPath = (feature) => `src/server/${feature}`;
/**
 * One zone per feature: it may not import its own line or any line above. Routes may also
 * use http/ (authentication and problem helpers), which sits above every feature because
 * it wires them to Fastify.
 */
const featureZones = ({ routes }) =>
  featureOrder
    .flatMap((line, index) =>
      line.map((feature) => ({
        target: serverPath(feature),
        from: featureOrder
          .slice(index)
          .flat()
          .filter((other) => other !== feature && !(routes && other === 'http'))
          .map(serverPath),
        message: `${feature} may use only the features on lower lines of the feature order (docs/architecture.md); reach a higher one through a job it queues by name.`,
      })),
    )
    .filter((zone) => zone.from.length > 0);
const outsideServer = {
  target: 'src/server',
  from: ['src/web', 'src/cli'],
  message: 'The server imports neither the web app nor the CLI.',
};

// Query building is SQL: only repositories, src/server/db/ and migrations do it (tests may
// read rows back to check them).
const queryBuilder = [
  {
    selector:
      'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|with|withRecursive|mergeInto|replaceInto|selectNoFrom)$/]',
    message: 'Build queries only in *.repository.ts files (or src/server/db/).',
  },
  {
    selector: "TaggedTemplateExpression[tag.name='sql'], MemberExpression[object.name='sql']",
    message: 'Raw SQL belongs in *.repository.ts files (or src/server/db/).',
  },
  {
    selector: "ImportSpecifier[imported.name='sql']",
    message: 'Only *.repository.ts files and src/server/db/ import the sql tag.',
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'data', 'coverage', 'bench/results', 'test/lint/fixtures'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in src/server/config.ts only.',
        },
      ],
      'no-restricted-imports': ['error', { patterns: [kysely, fastify] }],
    },
  },
  {
    // An import cycle anywhere in our code, within a feature or across features.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver()],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/server/**/*.ts'],
    ignores: ['**/*.test.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [...featureZones({ routes: false }), outsideServer],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.routes.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [...featureZones({ routes: true }), outsideServer],
        },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', 'src/server/**/*.repository.ts', 'src/server/db/**'],
    rules: { 'no-restricted-syntax': ['error', ...queryBuilder] },
  },
  {
    files: ['src/server/config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['src/server/**/*.repository.ts', 'src/server/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fastify] }] },
  },
  {
    files: [
      'src/server/**/*.routes.ts',
      'src/server/http/**/*.ts',
      'src/server/app.ts',
      'src/server/main.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [kysely] }] },
  },
  {
    // Migrations are frozen in time and see the database as Kysely<any> (Kysely's advice).
    files: ['src/server/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [kysely, fastify, outward, io] }] },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            kysely,
            fastify,
            {
              group: ['**/server/**', '**/cli/**'],
              message: 'The web app talks to the server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
);
