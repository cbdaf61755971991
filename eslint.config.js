// Lint: TypeScript rules plus the import directions of DESIGN.md, enforced at error level.
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.js';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'net',
  'url',
  'stream',
  'zlib',
];

// SQL text: the statements a store holds. Only src-main/core/store/** (repos/, migrations) holds SQL (DESIGN.md).
const SQL = String.raw`/\b(SELECT|INSERT (OR \w+ )?INTO|UPDATE \w+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER))\b/`;
const sqlMessage = 'SQL belongs in src-main/core/store/repos (one file per aggregate) or a migration (DESIGN.md)';

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }] };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      '.tmp/**',
      'test-results/**',
      'test/fixtures/**',
      'bench/.data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier keeps code to 120 columns and scripts/wrap-long-comments.mjs the comments (npm run format); a long
      // string or URL stays whole, so a message can still be found with grep.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // The contract is shared by every side: zod only.
    files: ['src-main/common/**/*.ts'],
    rules: restrict(
      [
        '../core/*',
        '../electron/*',
        '../host/*',
        '../cli/*',
        '**/core/**',
        '**/electron/**',
        'electron',
        'react',
        ...nodeBuiltins,
      ],
      'src-main/common imports zod only (DESIGN.md)',
    ),
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', '**/electron/**', '**/host/**', '**/cli/**', '**/src-renderer/**'],
      'core is shared by the app, the host and the CLI: no electron, react, or callers (DESIGN.md)',
    ),
  },
  {
    files: ['src-main/host/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', '**/electron/**', '**/src-renderer/**'],
      'the host and CLI run without Electron or React (DESIGN.md)',
    ),
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: restrict(
      ['react', 'react-dom', '**/host/**', '**/cli/**', '**/src-renderer/**'],
      'the Electron layer talks to core through services only (DESIGN.md)',
    ),
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    rules: restrict(
      [
        '**/src-main/core/**',
        '**/src-main/electron/**',
        '**/src-main/host/**',
        '**/src-main/cli/**',
        'electron',
        ...nodeBuiltins,
      ],
      'the renderer imports src-main/common only (DESIGN.md)',
    ),
  },
  {
    // The layers (scripts/eslint-layers.js): hosts reach core through core/services only, domain modules never import
    // core/services, core/store imports no other core module, and the CLI never imports the preview host.
    files: ['src-main/**/*.ts'],
    plugins: { provdesk: { rules: { layers } } },
    rules: { 'provdesk/layers': 'error' },
  },
  {
    // The renderer has no database (it imports src-main/common only) and compares tag names such as 'SELECT'.
    files: ['src-main/**/*.ts'],
    ignores: [
      'src-main/core/store/**',
      'src-main/core/mlflow/sqlite-store.ts', // reads a foreign MLflow tracking database, not our store
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL}]`, message: sqlMessage },
        { selector: `TemplateElement[value.raw=${SQL}]`, message: sqlMessage },
      ],
    },
  },
  {
    files: ['src-renderer/components/**/*.tsx', 'src-renderer/components/**/*.ts'],
    rules: restrict(
      ['**/store/**', '**/api/**', '**/src-main/core/**', 'electron', ...nodeBuiltins],
      'components are presentational: no store or api imports (DESIGN.md)',
    ),
  },
);
