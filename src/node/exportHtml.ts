// Writes the dashboard for a Report as one self-contained HTML file (the CLI's `--html`): same app, report inlined.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Report } from '../core/journeys/types';
import { DASHBOARD_FILES, renderStandaloneHtml } from '../dashboard/html';
import { writeAtomically } from './writeAtomically';

/**
 * dist/webview, wherever this code runs from: the bundled CLI (dist/cli.js → dist/webview), or the sources via tsx
 * (src/node → ../../dist/webview).
 */
export function findWebviewDist(): string {
  const candidates = [
    join(__dirname, 'webview'),
    resolve(__dirname, '..', '..', 'dist', 'webview'),
    resolve('dist', 'webview'),
  ];
  const found = candidates.find((d) => existsSync(join(d, DASHBOARD_FILES.script)));
  if (!found)
    throw new Error(
      `The dashboard bundles were not found (looked in ${candidates.join(', ')}). Run \`node esbuild.mjs\` first.`,
    );
  return found;
}

export async function buildDashboardHtml(
  report: Report,
  opts: { webviewDist?: string; title?: string } = {},
): Promise<string> {
  const dist = opts.webviewDist ?? findWebviewDist();
  const read = (f: string) => readFile(join(dist, f), 'utf8');
  const [dashboardJs, css, mermaidJs, exportThemeCss] = await Promise.all([
    read(DASHBOARD_FILES.script),
    read(DASHBOARD_FILES.style),
    read(DASHBOARD_FILES.mermaid),
    read(DASHBOARD_FILES.exportTheme),
  ]);
  return renderStandaloneHtml({
    report,
    dashboardJs: stripSourceMapComment(dashboardJs),
    dashboardCss: await inlineFonts(stripSourceMapComment(css), dist),
    mermaidJs: stripSourceMapComment(mermaidJs),
    exportThemeCss: stripSourceMapComment(exportThemeCss),
    title: opts.title,
  });
}

export async function writeDashboardHtml(
  report: Report,
  outFile: string,
  opts: { webviewDist?: string; title?: string } = {},
): Promise<void> {
  await writeAtomically(outFile, await buildDashboardHtml(report, opts));
}

/** The page allows fonts only from data: URLs, so the codicon font travels inside the stylesheet. */
async function inlineFonts(css: string, dist: string): Promise<string> {
  const urls = [
    ...new Set(
      [...css.matchAll(/url\(\s*["']?(?:\.\/)?[\w.-]+\.(?:ttf|woff2?)(?:[?#][^"')]*)?["']?\s*\)/g)].map((m) => m[0]),
    ),
  ];
  for (const u of urls) {
    const file = /([\w.-]+\.(?:ttf|woff2?))/.exec(u)![1];
    const type = file.endsWith('.ttf') ? 'font/ttf' : file.endsWith('.woff2') ? 'font/woff2' : 'font/woff';
    const data = (await readFile(join(dist, file))).toString('base64');
    css = css.split(u).join(`url("data:${type};base64,${data}")`);
  }
  return css;
}

/** A sourceMappingURL pointing at a file next to the bundle means nothing inside a shared HTML file. */
function stripSourceMapComment(text: string): string {
  return text.replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '\n');
}

/** The CLI's `--html`: the page as a string (the caller writes it). */
export function exportHtml(report: Report): Promise<string> {
  return buildDashboardHtml(report);
}
