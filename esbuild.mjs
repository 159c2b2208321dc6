// One build script for every bundle. `--production` minifies; `--watch` rebuilds on change.
// Type checking is separate (`npm run check-types`), as in the VS Code esbuild sample.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** Node bundles: the extension host, the CLI and the worker they share. `vscode` is provided by the host. */
const nodeBuild = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // DuckDB's native binding (duckdb.node + libduckdb.so) cannot be bundled; it ships as its package.
  external: ['vscode', '@duckdb/node-api', '@duckdb/node-bindings'],
  // jsonc-parser's "main" is a UMD build whose lazy require('./impl/format') esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
  outdir: 'dist',
  entryPoints: {
    extension: 'src/host/extension.ts',
    cli: 'src/cli/main.ts',
    analysisWorker: 'src/node/analysisWorker.ts',
    // The event-log engine child process (the only one that loads DuckDB).
    eventsEngine: 'src/node/events/engineMain.ts',
    // Its worker thread for segments' clustering (core code only, no DuckDB).
    eventsCluster: 'src/node/events/clusterWorker.ts',
  },
};

/** Browser bundles for the dashboard. Mermaid is its own bundle, loaded only when a timeline is first shown. */
const webviewBuild = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  outdir: 'dist/webview',
  entryPoints: {
    dashboard: 'webview/main.ts',
    mermaid: 'webview/mermaidBundle.ts',
    // The event-source dashboard, and Observable Plot + d3-sankey as its own bundle, loaded on the first chart.
    eventsDashboard: 'webview/events/main.ts',
    plot: 'webview/events/charts/plotBundle.ts',
    // VS Code's theme variables, inlined only into the exported HTML (VS Code sets them itself).
    exportTheme: 'webview/styles/exportTheme.css',
  },
  loader: { '.css': 'css', '.ttf': 'file' },
  // Codicons' font keeps its name, so the exporter and the panel's CSP find it without a hash.
  assetNames: '[name]',
};

// A missing entry point is an error, not a skipped bundle: a renamed file must not ship a stale or absent bundle.
const missing = [nodeBuild, webviewBuild].flatMap((b) => Object.values(b.entryPoints).filter((f) => !existsSync(f)));
if (missing.length > 0) {
  console.error(`esbuild.mjs: missing entry point${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  process.exit(1);
}
const builds = [nodeBuild, webviewBuild];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
