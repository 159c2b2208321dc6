/**
 * The event dashboard's HTML page, in two modes: the VS Code panel (bundles by URI, the report comes by message) and
 * the self-contained `journey-lens events PATH --html FILE` export (bundles and report inlined, no host).
 * vscode-free: the host passes strings (URIs, cspSource), the CLI passes bundle texts.
 *
 * Host usage:
 * ```ts
 * const dist = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
 * const uri = (f: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString();
 * panel.webview.html = renderEventsPanelHtml({ cspSource: panel.webview.cspSource,
 *   scriptUri: uri(EVENTS_DASHBOARD_FILES.script), styleUri: uri(EVENTS_DASHBOARD_FILES.style), plotUri: uri(EVENTS_DASHBOARD_FILES.plot) });
 * // then wait for `events/ready` (src/dashboard/events/protocol.ts) and post `events/report`.
 * ```
 */
import type { EventsReport } from '../../core/events/types';
import { createNonce, encodeScriptForDataBlock, jsonForHtml } from '../html';

// The webview's Plot loader undoes the data-block encoding; it imports it from here, the one link to dashboardHtml.
export { decodeScriptFromDataBlock } from '../html';

/** Files the webview build writes to dist/webview (esbuild.mjs). */
export const EVENTS_DASHBOARD_FILES = {
  script: 'eventsDashboard.js',
  style: 'eventsDashboard.css',
  /** Observable Plot + d3-sankey, loaded when the first chart is drawn. */
  plot: 'plot.js',
  /** VS Code's theme variables for pages shown outside VS Code (export only; shared with the journeys dashboard). */
  exportTheme: 'exportTheme.css',
} as const;

/** Read by webview/events/main.ts from `<script type="application/json" id="journey-lens-events-config">`. */
export type EventsPageConfig =
  | { mode: 'panel'; plotUri: string }
  /** The report and the Plot bundle sit in data blocks with these element ids. */
  | { mode: 'export'; reportElementId: string; plotElementId: string };

export const EVENTS_CONFIG_ELEMENT_ID = 'journey-lens-events-config';
const REPORT_ELEMENT_ID = 'journey-lens-events-report';
const PLOT_ELEMENT_ID = 'journey-lens-events-plot';
const APP_ELEMENT_ID = 'journey-lens-events-app';

/** The export's only literal script: runs the app bundle from its data block with the page nonce. */
const BOOTSTRAP =
  "(function(){var c=document.currentScript,b=document.getElementById('" +
  APP_ELEMENT_ID +
  "'),s=document.createElement('script');" +
  "s.nonce=c.nonce;s.textContent=b.textContent.split('\\uE000').join('');c.after(s);})();";

export interface EventsPanelHtmlOptions {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  plotUri: string;
  nonce?: string;
  title?: string;
}

/** The page for the VS Code panel: scripts only by nonce; Plot injects <style> into its SVGs, hence inline styles. */
export function renderEventsPanelHtml(opts: EventsPanelHtmlOptions): string {
  const nonce = opts.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${opts.cspSource} 'unsafe-inline'`,
    `font-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const config: EventsPageConfig = { mode: 'panel', plotUri: opts.plotUri };
  return page({
    csp,
    title: opts.title ?? 'Journey Lens: events',
    head: `<link rel="stylesheet" href="${escapeAttr(opts.styleUri)}">`,
    bodyAttrs: '',
    body: [
      dataBlock('application/json', EVENTS_CONFIG_ELEMENT_ID, jsonForHtml(config)),
      `<script nonce="${nonce}" src="${escapeAttr(opts.scriptUri)}"></script>`,
    ].join('\n'),
  });
}

export interface EventsStandaloneHtmlOptions {
  report: EventsReport;
  /** Texts of dist/webview/{eventsDashboard.js, eventsDashboard.css, plot.js, exportTheme.css}. */
  appJs: string;
  appCss: string;
  plotJs: string;
  exportThemeCss: string;
  nonce?: string;
  title?: string;
}

/** One self-contained file: no network, no host; the app runs Plot (with the page nonce) when it draws a chart. */
export function renderEventsStandaloneHtml(opts: EventsStandaloneHtmlOptions): string {
  const nonce = opts.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const config: EventsPageConfig = {
    mode: 'export',
    reportElementId: REPORT_ELEMENT_ID,
    plotElementId: PLOT_ELEMENT_ID,
  };
  const name = opts.report.root.split(/[\\/]/).filter(Boolean).pop() ?? 'events';
  return page({
    csp,
    title: opts.title ?? `Journey Lens: ${name}`,
    head: `<style>\n${styleText(opts.exportThemeCss)}\n</style>\n<style>\n${styleText(opts.appCss)}\n</style>`,
    bodyAttrs: ' class="vscode-dark" data-vscode-theme-kind="vscode-dark"',
    body: [
      dataBlock('application/json', EVENTS_CONFIG_ELEMENT_ID, jsonForHtml(config)),
      dataBlock('application/json', REPORT_ELEMENT_ID, jsonForHtml(opts.report)),
      dataBlock('text/plain', APP_ELEMENT_ID, encodeScriptForDataBlock(opts.appJs)),
      `<script nonce="${nonce}">${BOOTSTRAP}</script>`,
      dataBlock('text/plain', PLOT_ELEMENT_ID, encodeScriptForDataBlock(opts.plotJs)),
    ].join('\n'),
  });
}

function page(p: { csp: string; title: string; head: string; bodyAttrs: string; body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeText(p.title)}</title>
${p.head}
</head>
<body${p.bodyAttrs}>
<div id="app" aria-busy="true"></div>
${p.body}
</body>
</html>
`;
}

function dataBlock(type: string, id: string, text: string): string {
  return `<script type="${type}" id="${id}">${text}</script>`;
}

function styleText(css: string): string {
  if (/<\/style/i.test(css)) throw new Error('stylesheet contains "</style" and cannot be inlined');
  return css;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
