// Entry of the event dashboard bundle: reads the page config, connects to VS Code (or reads the inlined report) and
// starts the app.
import './styles/events.css';
import type { EventsReport } from '../../src/core/events/types';
import { EVENTS_CONFIG_ELEMENT_ID, type EventsPageConfig } from '../../src/dashboard/events/html';
import { dispatchEventsHostMessage, isEventsHostMessage } from '../../src/dashboard/events/protocol';
import { EventsApp } from './app';
import { PlotLoader } from './charts/plotLoader';
import { decodeFragment } from '../shell/fragment';
import { exportHost, panelHost } from './host';
import { VIEW_IDS } from './registry';

// Browsers hide the nonce attribute from the DOM; the property still holds it.
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const root = document.getElementById('app')!;

function readJson<T>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return JSON.parse(el.textContent ?? '') as T;
}

function start(): void {
  const config = readJson<EventsPageConfig>(EVENTS_CONFIG_ELEMENT_ID);
  if (config.mode === 'panel') {
    const app = new EventsApp(root, panelHost(), new PlotLoader({ kind: 'uri', uri: config.plotUri, nonce }));
    app.waiting('Waiting for the event analysis…');
    addEventListener('message', (ev: MessageEvent) => {
      if (isEventsHostMessage(ev.data)) dispatchEventsHostMessage(app.handlers, ev.data);
    });
    app.host.notify({ type: 'events/ready' });
    return;
  }
  const c = document.body.classList;
  if (c.contains('vscode-dark') && matchMedia('(prefers-color-scheme: light)').matches)
    c.replace('vscode-dark', 'vscode-light');
  const report = readJson<EventsReport>(config.reportElementId);
  const app = new EventsApp(
    root,
    exportHost(`${report.root}|${report.generatedAt}`),
    new PlotLoader({ kind: 'inline', elementId: config.plotElementId, nonce }),
  );
  const fromHash = decodeFragment(location.hash);
  if ((VIEW_IDS as readonly string[]).includes(fromHash)) app.state.tab = fromHash as typeof app.state.tab;
  app.setReport(report);
}

try {
  start();
} catch (e) {
  root.replaceChildren(
    Object.assign(document.createElement('p'), {
      className: 'ev-fatal',
      textContent: `The event dashboard could not start: ${e instanceof Error ? e.message : String(e)}`,
    }),
  );
}
