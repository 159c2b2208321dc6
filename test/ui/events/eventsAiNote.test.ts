// The "Ask AI" button on a view's note, in the VS Code panel page in real Chromium with a fake host (VS Code's webview
// API cannot run here; test/ui/events/eventsBrowser.ts stubs acquireVsCodeApi): shown only when the host can write AI
// notes, it asks for events/aiNote, renders the answer as text labelled "AI note (model)", and a failure keeps the
// rule-based note and says why.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { EventsWebviewHandlers } from '../../../src/dashboard/events/protocol';
import { HOSTILE } from '../../../test-fixtures/events/reports/generate';
import { type Browser, eventsFixture, FakeHost, launch, type PageLog, PanelServer, watch } from './eventsBrowser';

describe('event dashboard: AI notes (panel page, fake host)', function () {
  let browser: Browser;
  const server = new PanelServer();
  const shop = eventsFixture('shop.json');

  before(async () => {
    await server.start();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    server.stop();
  });

  async function openPanel(
    aiAvailable: boolean,
    handlers: Partial<EventsWebviewHandlers>,
    view: 'funnel' | 'segments' = 'funnel',
  ): Promise<{ page: Page; host: FakeHost; log: PageLog }> {
    const page = await browser.newPage();
    const log = watch(page);
    const host = new FakeHost(page, handlers);
    await host.open(server.origin);
    await host.next((m) => m.type === 'events/ready');
    await host.send({ type: 'events/report', report: shop });
    await host.send({ type: 'events/hostState', state: { canQuery: true, canSave: true, aiAvailable } });
    await host.send({ type: 'events/show', view });
    await page.waitForSelector(`.ev-tabpanel[data-view="${view}"] [data-note-source="rules"]`);
    return { page, host, log };
  }

  it('has no Ask AI button without a key (aiAvailable false): the rule-based note stays, labelled', async () => {
    const { page } = await openPanel(false, {});
    assert.equal(await page.locator('[data-ask-ai]').count(), 0);
    assert.match(await page.locator('[data-note-source="rules"]').innerText(), /Rule-based note/i);
    await page.close();
  });

  it('asks the host for the view’s note and shows the answer as text, labelled with its model', async () => {
    const hostileText = `Drop at cart. ${HOSTILE.img} ${HOSTILE.script} ${HOSTILE.markdown}`;
    const hostileModel = `gpt-x ${HOSTILE.svg}`;
    let asked: unknown;
    const { page, host, log } = await openPanel(true, {
      'events/aiNote': (p) => {
        asked = p;
        return { view: p.view, text: hostileText, model: hostileModel };
      },
    });
    await page.click('[data-ask-ai="funnel"]');
    await page.waitForSelector('[data-note-source="ai"]');
    assert.deepEqual(asked, { view: 'funnel' });
    const note = page.locator('[data-note-source="ai"]');
    assert.equal(await note.locator('p').textContent(), hostileText);
    assert.equal(await note.locator('.ev-note-label').textContent(), `AI note (${hostileModel})`);
    assert.equal(await page.locator('[data-note-source="rules"]').count(), 0);
    assert.equal(await note.locator('img, script, svg, b, a').count(), 0, 'no markup from the answer');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.deepEqual(log.dialogs, []);
    assert.deepEqual(host.rejected, []);
    await page.close();
  });

  it('a failed request keeps the rule-based note and says why; asking again can succeed', async () => {
    let calls = 0;
    const { page } = await openPanel(
      true,
      {
        'events/aiNote': (p) => {
          calls++;
          if (calls === 1) throw new Error('127.0.0.1:9 failed with HTTP 503 after 2 attempts: overloaded');
          return {
            view: p.view,
            text: 'Segment 1 visits rarely.',
            model: 'm',
            redactions: 'Replaced 1 e-mail with placeholders before sending.',
          };
        },
      },
      'segments',
    );
    const rules = await page.locator('[data-note-source="rules"] > p').first().textContent();
    await page.click('[data-ask-ai="segments"]');
    await page.waitForSelector('[data-note-error="segments"]');
    assert.match(await page.locator('[data-note-error="segments"]').innerText(), /No AI note: .*HTTP 503.*overloaded/);
    assert.equal(await page.locator('[data-note-source="rules"] > p').first().textContent(), rules);
    await page.click('[data-ask-ai="segments"]');
    await page.waitForSelector('[data-note-source="ai"]');
    assert.equal(await page.locator('[data-note-error]').count(), 0);
    assert.equal(await page.locator('[data-note-source="ai"] p').first().textContent(), 'Segment 1 visits rarely.');
    assert.match(await page.locator('[data-note-redactions]').innerText(), /Replaced 1 e-mail/);
    await page.close();
  });
});
