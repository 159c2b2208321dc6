// The repo's ESLint config (re-exported by /eslint.config.mjs). It lives here so that `typescript-eslint` and the
// TypeScript 5.9 its parser needs resolve from tools/lint/node_modules; the type checks stay on TypeScript 7 (`tsc -b`).
//
// Most of it is the layering (ARCHITECTURE.md), written as `no-restricted-imports`:
//   src/core       imports nothing above it: no vscode, no node built-ins, no DOM (the tsconfig has no DOM lib);
//                  src/core/shared imports no domain folder
//   src/dashboard  the host/webview contract: only the core
//   webview        only src/dashboard and types from src/core (values reach it through src/dashboard)
//   src/ai         only the core
//   src/node       the core and the dashboard (no vscode: workers and the CLI run it too)
//   src/cli        core, dashboard, ai, node
//   src/host       anything but the CLI and the webview bundle
// and `@duckdb/node-api` (and its `@duckdb/node-bindings`) only in src/node/events/duckdbEngine.ts (everything else uses SqlEngine).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const DUCKDB_MODULE = 'src/node/events/duckdbEngine.ts';
const MAX_DEPTH = 8;

const NODE_BUILTINS = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

/** Package-level restrictions, by layer. */
const noVscode = { name: 'vscode', message: 'Only src/host (and the integration tests) may import vscode.' };
const noDuckdb = ['@duckdb/node-api', '@duckdb/node-bindings'].map((name) => ({
  name,
  message: `Only ${DUCKDB_MODULE} imports DuckDB; use the SqlEngine interface (src/core/events/engine.ts).`,
}));
const noNodeBuiltins = (layer) => ({
  // A regex, not gitignore-style groups: a group `events` would also match `../core/events/types`.
  regex: `^(${NODE_BUILTINS.map(esc).join('|')})(/.*)?$`,
  message: `${layer} runs in the browser too: no node built-ins.`,
});

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `no-restricted-imports` matches the import string, not the resolved file, so a layer rooted at `root` gets one
 * block per file depth: from a file `d` folders below the root, `../` repeated more than `d` times leaves the layer.
 * `allowed` are repo paths outside the layer it may import; `typesOnly` are repo paths it may import types from.
 */
function layer({ root, name, allowed = [], typesOnly = [], paths = [], patterns = [], extraFiles = [] }) {
  const rootParts = root.split('/');
  const blocks = [];
  for (let d = 0; d <= MAX_DEPTH; d++) {
    const up = (j) => `(\\.\\./){${d + j}}`;
    // A target outside the layer, as seen from depth d: j levels above the root, then `rest`.
    const targetRegex = (target) => {
      const t = target.split('/');
      let common = 0;
      while (common < rootParts.length && t[common] === rootParts[common]) common++;
      const j = rootParts.length - common;
      const rest = t.slice(common).join('/');
      return `^${up(j)}${esc(rest)}(/|$)`;
    };
    const allowedRegexes = [root, ...allowed, ...typesOnly].map(targetRegex);
    blocks.push({
      name: `layering/${name}/depth-${d}`,
      files: [`${root}/${'*/'.repeat(d)}*.ts`, ...(d === 0 ? extraFiles : [])],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths,
            patterns: [
              ...patterns,
              {
                // Leaves the layer (d+1 or more `../`) and is not one of the allowed targets.
                regex: `^(?!${allowedRegexes.map((r) => r.slice(1)).join('|')})${up(1)}`,
                message: `${name} may import only ${[...allowed, ...typesOnly.map((t) => `types from ${t}`)].join(', ') || 'itself'} (see ARCHITECTURE.md).`,
              },
              ...typesOnly.map((t) => ({
                regex: targetRegex(t),
                allowTypeImports: true,
                message: `${name} may import only types from ${t}; values it needs are re-exported by src/dashboard.`,
              })),
            ],
          },
        ],
      },
    });
  }
  return blocks;
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '**/node_modules/**',
      'dist/**',
      'dist-test/**',
      'out/**',
      '.vscode-test/**',
      'test/workbench/runtime/**',
      'test/workbench/fixture-extension/**',
      'test-fixtures/**/*.json',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,mjs}'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // TypeScript's noUnusedLocals/noUnusedParameters already report these, with the compiler's exact rules.
      '@typescript-eslint/no-unused-vars': 'off',
      'no-restricted-imports': ['error', { paths: [...noDuckdb] }],
    },
  },
  ...layer({
    root: 'src/core',
    name: 'src/core',
    paths: [noVscode, ...noDuckdb],
    patterns: [noNodeBuiltins('The core')],
  }),
  // Shared helpers serve every domain, so they import no domain (journeys, events).
  ...layer({
    root: 'src/core/shared',
    name: 'src/core/shared',
    paths: [noVscode, ...noDuckdb],
    patterns: [noNodeBuiltins('The core')],
  }),
  ...layer({
    root: 'src/dashboard',
    name: 'src/dashboard',
    allowed: ['src/core'],
    paths: [noVscode, ...noDuckdb],
    patterns: [noNodeBuiltins('The dashboard contract')],
  }),
  ...layer({
    root: 'webview',
    name: 'webview',
    allowed: ['src/dashboard'],
    typesOnly: ['src/core'],
    paths: [noVscode, ...noDuckdb],
    patterns: [noNodeBuiltins('The webview')],
  }),
  ...layer({ root: 'src/ai', name: 'src/ai', allowed: ['src/core'], paths: [noVscode, ...noDuckdb] }),
  ...layer({
    root: 'src/node',
    name: 'src/node',
    allowed: ['src/core', 'src/dashboard'],
    paths: [noVscode, ...noDuckdb],
  }),
  ...layer({
    root: 'src/cli',
    name: 'src/cli',
    allowed: ['src/core', 'src/dashboard', 'src/ai', 'src/node'],
    paths: [noVscode, ...noDuckdb],
  }),
  ...layer({
    root: 'src/host',
    name: 'src/host',
    allowed: ['src/core', 'src/dashboard', 'src/ai', 'src/node'],
    paths: [...noDuckdb],
  }),
  {
    name: 'layering/the DuckDB module',
    files: [DUCKDB_MODULE],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    name: 'browser globals for the webview',
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    name: 'mocha globals for tests',
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    // Tests read untyped JSON (API bodies, schemas) and reach into the page's window.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
