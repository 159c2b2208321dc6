// First paint of the dashboard's journeys list at 10,000 journeys, against a 100-journey baseline in the same run.
// Opens the self-contained export in headless Chromium and reads the app's performance marks. Prints; asserts nothing.
// Run: node esbuild.mjs --production && node --import tsx bench/firstPaint.ts [--runs 3] [--count 10000]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { writeDashboardHtml } from '../src/node/exportHtml';
import { largeReport } from '../test-fixtures/reports/generate';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/ui/webviewBrowser';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, count: { type: 'string', default: '10000' } },
});
const runs = Math.max(1, Number(values.runs));
const sizes = [100, Number(values.count)];

interface Sample {
  listPainted: number;
  listRendered: number;
  scriptStart: number;
  fcp: number;
}

// Chromium does not always report first-contentful-paint for a page it painted before the observer ran: such runs
// are left out of that column rather than turning its median into NaN.
const median = (xs: number[]) => {
  const seen = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return seen.length ? seen[Math.floor(seen.length / 2)] : NaN;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'journey-lens-firstpaint-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const results: { n: number; mb: number; samples: Sample[] }[] = [];
  try {
    for (const n of sizes) {
      const file = join(dir, `dashboard-${n}.html`);
      await writeDashboardHtml(largeReport(n), file);
      const samples: Sample[] = [];
      for (let i = 0; i < runs + 1; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.goto(`${pathToFileURL(file).href}#journeys`, { waitUntil: 'commit' });
        await page.waitForFunction(
          () => performance.getEntriesByName('journey-lens:list-painted').length > 0,
          undefined,
          { timeout: 120_000 },
        );
        // A string: tsx would wrap a named function in helpers that do not exist in the page.
        const s = await page.evaluate<Sample>(`(() => {
          const t = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
          return { listPainted: t('journey-lens:list-painted'), listRendered: t('journey-lens:list-rendered'), scriptStart: t('journey-lens:script-start'), fcp: t('first-contentful-paint') };
        })()`);
        const shown = await page.locator('details.journey').count();
        if (shown === 0) throw new Error(`no journeys drawn for n=${n}`);
        await context.close();
        if (i > 0) samples.push(s); // the first run warms the disk cache and the browser
      }
      results.push({ n, mb: statSync(file).size / 1e6, samples });
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const version = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }).then(async (b) => {
    const v = b.version();
    await b.close();
    return v;
  });
  console.log(
    `Dashboard first paint (exported HTML, headless Chromium ${version}, median of ${runs} runs after one warm-up; ms from navigation start)`,
  );
  const base = median(results[0].samples.map((s) => s.listPainted));
  for (const r of results) {
    const m = (k: keyof Sample) => {
      const v = median(r.samples.map((s) => s[k]));
      return (Number.isFinite(v) ? v.toFixed(0) : 'n/a').padStart(6);
    };
    const painted = median(r.samples.map((s) => s.listPainted));
    console.log(
      `  ${String(r.n).padStart(6)} journeys  ${r.mb.toFixed(1).padStart(5)} MB  script start ${m('scriptStart')}  list built ${m('listRendered')}  list painted ${m('listPainted')}  FCP ${m('fcp')}  (${(painted / base).toFixed(2)}x baseline)`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
