// Entry of the dashboard bundle: reads the page config, connects to VS Code (or reads the inlined report) and starts the app.
import './styles/dashboard.css';
import type { Report } from '../src/core/journeys/types';
import { STATUS_STYLES } from '../src/dashboard/statusPalette';
import { CONFIG_ELEMENT_ID, type DashboardPageConfig } from '../src/dashboard/html';
import { isHostMessage } from '../src/dashboard/journeys/protocol';
import { decodeReportIndex, type ReportIndex } from '../src/dashboard/reportIndex';
import { App, setTheme } from './shell/app';
import { exportHost, panelHost } from './shell/host';
import { TimelineRenderer } from './journeys/mermaidLoader';
import { tabFromHash } from './shell/state';
import { registerComponents } from './shell/ui';

performance.mark('journey-lens:script-start');
// Browsers hide the nonce attribute from the DOM; the property still holds it.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const root = document.getElementById('app')!;

function readJson<T>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return JSON.parse(el.textContent ?? '') as T;
}

function start(): void {
  registerComponents();
  // Badges and strips use the timeline's own status colours, so a step looks the same everywhere.
  for (const s of STATUS_STYLES)
    document.documentElement.style.setProperty(`--jl-${s.name.replace(/_/g, '-')}`, s.fill);
  const config = readJson<DashboardPageConfig>(CONFIG_ELEMENT_ID);
  if (config.mode === 'panel') {
    const app = new App(root, panelHost(), new TimelineRenderer({ kind: 'uri', uri: config.mermaidUri, nonce }));
    app.waiting('Waiting for the analysis…');
    addEventListener('message', (ev: MessageEvent) => {
      if (isHostMessage(ev.data)) app.handle(ev.data);
    });
    app.host.post({ type: 'journeys/ready' });
    return;
  }
  if (!document.body.classList.contains('vscode-light') && matchMedia('(prefers-color-scheme: light)').matches)
    setTheme('vscode-light');
  const first = config.indexElementId
    ? decodeReportIndex(readJson<ReportIndex>(config.indexElementId))
    : readJson<Report>(config.reportElementId);
  const app = new App(
    root,
    exportHost(`${first.root}|${first.generatedAt}`),
    new TimelineRenderer({ kind: 'inline', elementId: config.mermaidElementId, nonce }),
  );
  const fromHash = tabFromHash(location.hash);
  if (fromHash.tab) app.state.tab = fromHash.tab;
  app.setReport(first, fromHash.journeyId ? { journeyId: fromHash.journeyId } : undefined, !!config.indexElementId);
  if (config.indexElementId) {
    // The full report follows this script in the page: take it once the parser has read it, after the first paint.
    const full = () => setTimeout(() => app.setReport(readJson<Report>(config.reportElementId)), 0);
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', full, { once: true });
    else full();
  }
}

try {
  start();
} catch (e) {
  root.replaceChildren(
    Object.assign(document.createElement('p'), {
      className: 'fatal',
      textContent: `The dashboard could not start: ${e instanceof Error ? e.message : String(e)}`,
    }),
  );
}
