// Screenshots of the event dashboard for the README (media/screenshots/events-<view>-{light,dark}.png), from the
// exported HTML of the shop fixture in headless Chromium. Run: npm run screenshots:events
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launch } from '../webviewBrowser';
import { chartsSettled, eventsFixture, openEventsExport, setTheme } from './eventsBrowser';

const OUT = resolve(__dirname, '../../../media/screenshots');
const VIEWS = ['overview', 'funnel', 'friction', 'paths', 'retention', 'segments', 'customers'] as const;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const only = process.argv.slice(2);
  for (const theme of ['dark', 'light'] as const) {
    const b = await launch({ colorScheme: theme, width: 1280, height: 860 });
    try {
      for (const view of VIEWS.filter((v) => only.length === 0 || only.includes(v))) {
        const { page } = await openEventsExport(b, eventsFixture('shop.json'), `#${view}`);
        await setTheme(page, theme);
        await chartsSettled(page);
        const file = join(OUT, `events-${view}-${theme}.png`);
        await page.screenshot({ path: file });
        console.log(file);
        await page.close();
      }
    } finally {
      await b.close();
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
