// Screenshots of the event dashboard for the README (media/screenshots/events-<view>-{light,dark}.png), from the
// exported HTML of the shop fixture in headless Chromium; Step details from the panel page with a fake host (an export
// has no engine to ask), themed with the export's theme variables. Run: npm run screenshots:events [view ...]
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EVENTS_DASHBOARD_FILES } from '../../../src/dashboard/events/html';
import { findEventsWebviewDist } from '../../../src/node/events/exportHtml';
import { stepDetailsFor } from '../../../test-fixtures/events/reports/generate';
import {
  type Browser,
  chartsSettled,
  eventsFixture,
  FakeHost,
  launch,
  openEventsExport,
  PanelServer,
  setTheme,
} from './eventsBrowser';

const OUT = resolve(__dirname, '../../../media/screenshots');
const VIEWS = ['overview', 'funnel', 'details', 'friction', 'paths', 'retention', 'segments', 'customers'] as const;

async function details(b: Browser, server: PanelServer, theme: 'dark' | 'light', file: string): Promise<void> {
  const page = await b.newPage();
  const host = new FakeHost(page, { 'events/stepDetails': ({ step, index }) => stepDetailsFor(step, index, 180) });
  await host.open(server.origin);
  await page.addStyleTag({
    content: readFileSync(join(findEventsWebviewDist(), EVENTS_DASHBOARD_FILES.exportTheme), 'utf8'),
  });
  await setTheme(page, theme);
  await host.send({ type: 'events/report', report: eventsFixture('shop.json') });
  await host.send({ type: 'events/hostState', state: { canQuery: true, canSave: true, aiAvailable: false } });
  await host.send({ type: 'events/show', view: 'funnel' });
  await page.click('.ev-drop[data-drop-step="2"] button');
  await page.waitForSelector('.ev-events');
  await page.screenshot({ path: file });
  await page.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const only = process.argv.slice(2);
  const server = new PanelServer();
  await server.start();
  try {
    for (const theme of ['dark', 'light'] as const) {
      const b = await launch({ colorScheme: theme, width: 1280, height: 860 });
      try {
        for (const view of VIEWS.filter((v) => only.length === 0 || only.includes(v))) {
          const file = join(OUT, `events-${view}-${theme}.png`);
          if (view === 'details') {
            await details(b, server, theme, file);
          } else {
            const { page } = await openEventsExport(b, eventsFixture('shop.json'), `#${view}`);
            await setTheme(page, theme);
            await chartsSettled(page);
            await page.screenshot({ path: file });
            await page.close();
          }
          console.log(file);
        }
      } finally {
        await b.close();
      }
    }
  } finally {
    server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
