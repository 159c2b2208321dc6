/**
 * Renders generated timelines with the real Mermaid bundle in a real browser (Debian's chromium via playwright-core):
 * Mermaid's own parser needs a DOM, so this is where the syntax is proven. Skipped when no chromium is installed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { journeyTimeline, STATUS_STYLES } from '../../../../src/core/journeys/timeline';
import type { Journey, Status, Step } from '../../../../src/core/journeys/types';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const MERMAID = path.join(
  path.dirname(createRequire(import.meta.url).resolve('mermaid/package.json')),
  'dist',
  'mermaid.min.js',
);

const HOSTILE = [
  '"]; click A call alert()',
  '%%{init: {"securityLevel":"loose"}}%%',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  "Click 'Start for Free' Button",
  'café 100% #1; a:b & c',
];

function journey(labels: string[], statuses: Status[]): Journey {
  const steps: Step[] = labels.map((label, i) => ({
    index: i + 1,
    label,
    status: statuses[i % statuses.length],
    rawStatus: '',
    date: `2024-05-${String(10 + (i % 18)).padStart(2, '0')}`,
    startMs: i * 37_000,
    endMs: i * 37_000,
    startClock: '',
    endClock: '',
    details: '',
    recordingId: 'r',
    sourcePath: [],
  }));
  return {
    id: 'j',
    file: 'j',
    name: 'j',
    outcome: 'open',
    outcomeSource: 'none',
    steps,
    recordings: 1,
    warnings: [],
    contentHash: '',
  };
}

describe('journey timeline rendered by Mermaid in a real browser', function () {
  let browser: Browser | undefined;
  let page: Page;
  const dialogs: string[] = [];

  before(async function () {
    if (!CHROMIUM) this.skip();
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  });
  after(async () => {
    await browser?.close();
  });

  async function render(source: string) {
    return page.evaluate(async (src) => {
      try {
        const { svg } = await (window as any).mermaid.render(`t${Math.random().toString(36).slice(2)}`, src);
        const out = document.getElementById('out')!;
        out.innerHTML = svg;
        return {
          ok: true as const,
          text: out.textContent ?? '',
          injected: out.querySelectorAll('img, script, iframe, [onerror], [onclick], a[href]').length,
        };
      } catch (e) {
        return { ok: false as const, error: String((e as Error)?.message ?? e) };
      }
    }, source);
  }

  it('renders hostile labels as plain text: no markup, no links, no script runs', async () => {
    const statuses = [...STATUS_STYLES.map((s) => s.name)];
    const result = await render(journeyTimeline(journey(HOSTILE, statuses), { maxNodes: 60 }));
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(result.injected, 0);
    for (const label of HOSTILE) assert.ok(result.text.includes(label), `"${label}" shown as text`);
    assert.ok(result.text.includes('2024-05-10 00:00.0'));
    assert.deepEqual(dialogs, []);
  });

  it('renders a capped 2,000-step journey without hitting Mermaid limits', async () => {
    const labels = Array.from({ length: 2000 }, (_, i) => `<"]#;%{}> step ${i + 1}`);
    const result = await render(journeyTimeline(journey(labels, ['non-converted', 'churned']), { maxNodes: 400 }));
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.ok(result.text.includes('more steps'));
    assert.ok(result.text.includes('<"]#;%{}> step 2000'));
  });
});
