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
 * // then wait for the `ready` message (src/protocol.ts) and post `report`.
 * ```
 */
import type { Report } from './core/model';

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
  /** The report and the Mermaid bundle are inlined in data blocks with these element ids. */
  | { mode: 'export'; reportElementId: string; mermaidElementId: string };

export const CONFIG_ELEMENT_ID = 'journey-lens-config';
const REPORT_ELEMENT_ID = 'journey-lens-report';
const MERMAID_ELEMENT_ID = 'journey-lens-mermaid';

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
 * One self-contained file: no network, no host. The report is a JSON data block; Mermaid sits in a
 * `text/plain` block that the app runs (with the page nonce) only when the first timeline is shown.
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
  const config: DashboardPageConfig = { mode: 'export', reportElementId: REPORT_ELEMENT_ID, mermaidElementId: MERMAID_ELEMENT_ID };
  return page({
    csp,
    title: opts.title ?? `Journey Lens: ${opts.report.root.split(/[\\/]/).filter(Boolean).pop() ?? 'report'}`,
    head: `<style>\n${styleText(opts.exportThemeCss)}\n</style>\n<style>\n${styleText(opts.dashboardCss)}\n</style>`,
    bodyAttrs: ' class="vscode-dark" data-vscode-theme-kind="vscode-dark"',
    body: [
      dataBlock('application/json', CONFIG_ELEMENT_ID, jsonForHtml(config)),
      dataBlock('application/json', REPORT_ELEMENT_ID, jsonForHtml(opts.report)),
      // Before the Mermaid block so the app paints while the parser is still reading 3 MB of text.
      `<script nonce="${nonce}">\n${scriptText(opts.dashboardJs)}\n</script>`,
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
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A script's text inside <script>…</script>: `</script` would end the element early and `<!--` can switch the
 * parser into a state where it does. esbuild already escapes these in string literals; anything left is refused
 * rather than silently rewritten, since a blind rewrite could change what a regular expression matches.
 */
function scriptText(js: string): string {
  if (/<\/script|<!--/i.test(js)) throw new Error('bundle contains "</script" or "<!--" and cannot be inlined');
  return js;
}

/**
 * Mermaid's bundle contains `<!--` (DOMPurify), which would let the HTML parser run past the block's end tag.
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
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
