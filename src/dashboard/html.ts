/**
 * The dashboard's HTML page, shared by the VS Code panel and the self-contained `--html` export.
 * vscode-free on purpose: the host passes strings (URIs, cspSource), the CLI passes bundle texts.
 *
 * Host usage (src/host/dashboardPanel.ts):
 * ```ts
 * const dist = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
 * const panel = vscode.window.createWebviewPanel('journeyLens.dashboard', 'Journey Lens', column, {
 *   enableScripts: true, retainContextWhenHidden: false,
 *   localResourceRoots: [dist, vscode.Uri.joinPath(context.extensionUri, 'media')],
 * });
 * const uri = (f: string) => panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, f)).toString();
 * panel.webview.html = renderDashboardHtml({
 *   cspSource: panel.webview.cspSource,
 *   scriptUri: uri(DASHBOARD_FILES.script), styleUri: uri(DASHBOARD_FILES.style), mermaidUri: uri(DASHBOARD_FILES.mermaid),
 * });
 * // then wait for the `journeys/ready` message (src/dashboard/journeys/protocol.ts) and post `journeys/report`.
 * ```
 */
import type { Report } from '../core/journeys/types';
import { encodeReportIndex } from './reportIndex';

/** Files the webview build writes to dist/webview (esbuild.mjs). */
export const DASHBOARD_FILES = {
  script: 'dashboard.js',
  style: 'dashboard.css',
  mermaid: 'mermaid.js',
  /** VS Code's theme variables for pages shown outside VS Code (export only). */
  exportTheme: 'exportTheme.css',
} as const;

/** Read by webview/main.ts from `<script type="application/json" id="journey-lens-config">`. */
export type DashboardPageConfig =
  | { mode: 'panel'; mermaidUri: string }
  /**
   * The report and the Mermaid bundle are inlined in data blocks with these element ids. A large report also gets a
   * compact index (src/reportIndex.ts) placed before the app, so the list paints while the parser is still reading
   * the full report, which sits after the app.
   */
  | { mode: 'export'; reportElementId: string; mermaidElementId: string; indexElementId?: string };

export const CONFIG_ELEMENT_ID = 'journey-lens-config';
const REPORT_ELEMENT_ID = 'journey-lens-report';
const MERMAID_ELEMENT_ID = 'journey-lens-mermaid';
const DASHBOARD_ELEMENT_ID = 'journey-lens-dashboard';
const INDEX_ELEMENT_ID = 'journey-lens-index';
/** Above this many journeys the export carries a light index first (see DashboardPageConfig). */
export const INDEX_ABOVE_JOURNEYS = 1000;

/**
 * The exported page's only literal script: runs the dashboard bundle from its data block with the page nonce.
 * (The bundle cannot sit in a <script> as is: the toolkit's templates contain `<!--`.)
 */
const BOOTSTRAP =
  "(function(){var c=document.currentScript,b=document.getElementById('" +
  DASHBOARD_ELEMENT_ID +
  "'),s=document.createElement('script');" +
  "s.nonce=c.nonce;s.textContent=b.textContent.split('\\uE000').join('');c.after(s);})();";

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` strings for dist/webview/{dashboard.js, dashboard.css, mermaid.js}. */
  scriptUri: string;
  styleUri: string;
  mermaidUri: string;
  /** A fresh nonce per page load; generated when omitted. */
  nonce?: string;
  title?: string;
}

/** The page for the VS Code panel. Scripts run only by nonce; styles come from the webview source (+ inline for Mermaid/the toolkit). */
export function renderDashboardHtml(opts: PanelHtmlOptions): string {
  const nonce = opts.nonce ?? createNonce();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Mermaid and the toolkit inject <style> elements; a nonce here would disable 'unsafe-inline'.
    `style-src ${opts.cspSource} 'unsafe-inline'`,
    `font-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const config: DashboardPageConfig = { mode: 'panel', mermaidUri: opts.mermaidUri };
  return page({
    csp,
    title: opts.title ?? 'Journey Lens',
    head: `<link rel="stylesheet" href="${escapeAttr(opts.styleUri)}">`,
    bodyAttrs: '',
    body: [
      dataBlock('application/json', CONFIG_ELEMENT_ID, jsonForHtml(config)),
      `<script nonce="${nonce}" src="${escapeAttr(opts.scriptUri)}"></script>`,
    ].join('\n'),
  });
}

export interface StandaloneHtmlOptions {
  report: Report;
  /** Texts of dist/webview/{dashboard.js, dashboard.css, mermaid.js, exportTheme.css}; the css with fonts already inlined. */
  dashboardJs: string;
  dashboardCss: string;
  mermaidJs: string;
  exportThemeCss: string;
  nonce?: string;
  title?: string;
}

/**
 * One self-contained file: no network, no host. The report is a JSON data block; the app and Mermaid sit in
 * `text/plain` blocks: a bootstrap runs the app at once, the app runs Mermaid (with the page nonce) only when the
 * first timeline is shown.
 */
export function renderStandaloneHtml(opts: StandaloneHtmlOptions): string {
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
  const indexed = opts.report.journeys.length > INDEX_ABOVE_JOURNEYS;
  const config: DashboardPageConfig = {
    mode: 'export',
    reportElementId: REPORT_ELEMENT_ID,
    mermaidElementId: MERMAID_ELEMENT_ID,
    ...(indexed ? { indexElementId: INDEX_ELEMENT_ID } : {}),
  };
  const reportBlock = dataBlock('application/json', REPORT_ELEMENT_ID, jsonForHtml(opts.report));
  return page({
    csp,
    title: opts.title ?? `Journey Lens: ${opts.report.root.split(/[\\/]/).filter(Boolean).pop() ?? 'report'}`,
    head: `<style>\n${styleText(opts.exportThemeCss)}\n</style>\n<style>\n${styleText(opts.dashboardCss)}\n</style>`,
    bodyAttrs: ' class="vscode-dark" data-vscode-theme-kind="vscode-dark"',
    body: [
      dataBlock('application/json', CONFIG_ELEMENT_ID, jsonForHtml(config)),
      indexed
        ? dataBlock('application/json', INDEX_ELEMENT_ID, jsonForHtml(encodeReportIndex(opts.report)))
        : reportBlock,
      dataBlock('text/plain', DASHBOARD_ELEMENT_ID, encodeScriptForDataBlock(opts.dashboardJs)),
      // Runs the app before the big blocks, so it paints while the parser still reads megabytes of text.
      `<script nonce="${nonce}">${BOOTSTRAP}</script>`,
      indexed ? reportBlock : '',
      dataBlock('text/plain', MERMAID_ELEMENT_ID, encodeScriptForDataBlock(opts.mermaidJs)),
    ].join('\n'),
  });
}

/** 128 random bits, base64. Web Crypto exists in Node 20+ and in browsers. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
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
<div id="app" role="application" aria-busy="true"></div>
${p.body}
</body>
</html>
`;
}

function dataBlock(type: string, id: string, text: string): string {
  return `<script type="${type}" id="${id}">${text}</script>`;
}

/** JSON that cannot end its <script> element or open a comment: every `<` becomes `\u003c` (still valid JSON). */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Bundles contain `<!--` (DOMPurify, FAST templates), which would let the HTML parser run past the block's end tag.
 * A private-use mark breaks every `<!--` and `</script` and is removed again by {@link decodeScriptFromDataBlock}.
 */
export const DATA_BLOCK_MARK = '\uE000';

export function encodeScriptForDataBlock(js: string): string {
  if (js.includes(DATA_BLOCK_MARK)) throw new Error('bundle contains U+E000 and cannot be inlined');
  return js.replace(/<(!--|\/script)/gi, (_m, rest: string) => `<${rest[0]}${DATA_BLOCK_MARK}${rest.slice(1)}`);
}

export function decodeScriptFromDataBlock(text: string): string {
  return text.split(DATA_BLOCK_MARK).join('');
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
