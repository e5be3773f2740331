// Lint, including the layer rules of docs/architecture.md: dependencies point inward, SQL
// lives only in repositories and migrations, HTTP only in routes, and configuration is read
// from the environment in exactly one place.
import js from '@eslint/js';
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

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'bench/results'] },
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
