// Writes the event dashboard for an EventsReport as one self-contained HTML file (`journey-lens events PATH --html FILE`).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EventsReport } from '../../core/events/types';
import { EVENTS_DASHBOARD_FILES, renderEventsStandaloneHtml } from '../../dashboard/events/html';
import { writeAtomically } from '../writeAtomically';

/** dist/webview, from the bundled CLI (dist/cli.js → dist/webview) or the sources via tsx (src/node/events → dist). */
export function findEventsWebviewDist(): string {
  const candidates = [
    join(__dirname, 'webview'),
    resolve(__dirname, '..', '..', '..', 'dist', 'webview'),
    resolve('dist', 'webview'),
  ];
  const found = candidates.find(
    (d) => existsSync(join(d, EVENTS_DASHBOARD_FILES.script)) && existsSync(join(d, EVENTS_DASHBOARD_FILES.plot)),
  );
  if (!found)
    throw new Error(
      `The event dashboard bundles were not found (looked in ${candidates.join(', ')}). Run \`node esbuild.mjs\` first.`,
    );
  return found;
}

export async function buildEventsDashboardHtml(
  report: EventsReport,
  opts: { webviewDist?: string; title?: string } = {},
): Promise<string> {
  const dist = opts.webviewDist ?? findEventsWebviewDist();
  const read = (f: string) => readFile(join(dist, f), 'utf8').then(stripSourceMapComment);
  const [appJs, appCss, plotJs, exportThemeCss] = await Promise.all([
    read(EVENTS_DASHBOARD_FILES.script),
    read(EVENTS_DASHBOARD_FILES.style),
    read(EVENTS_DASHBOARD_FILES.plot),
    read(EVENTS_DASHBOARD_FILES.exportTheme),
  ]);
  return renderEventsStandaloneHtml({ report, appJs, appCss, plotJs, exportThemeCss, title: opts.title });
}

/**
 * Writes the page atomically: to a temporary file beside `outFile`, then renamed over it, so a reader (a browser
 * reloading the file, a watcher) never sees half a page and a failure leaves any earlier file intact.
 */
export async function writeEventsDashboardHtml(
  report: EventsReport,
  outFile: string,
  opts: { webviewDist?: string; title?: string } = {},
): Promise<void> {
  await writeAtomically(outFile, await buildEventsDashboardHtml(report, opts));
}

/** A sourceMappingURL pointing at a file next to the bundle means nothing inside a shared HTML file. */
function stripSourceMapComment(text: string): string {
  return text.replace(/\n?\/[/*][#@] sourceMappingURL=[^\n]*\s*$/, '\n');
}
