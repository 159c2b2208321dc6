// The page the VS Code panel gets (renderEventsPanelHtml), served over real HTTP to real Chromium, with a fake host:
// VS Code's webview API cannot run here, so `acquireVsCodeApi` is a stub (test/ui/events/eventsBrowser.ts) whose
// messages a handler map in this test answers, as the extension host will.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { FunnelDefinition, FunnelReport } from '../../../src/core/events/types';
import type {
  EventsWebviewHandlers,
  EventsWebviewMessage,
  FrictionDetails,
} from '../../../src/dashboard/events/protocol';
import { shopReport, stepDetailsFor } from '../../../test-fixtures/events/reports/generate';
import { type Browser, eventsFixture, FakeHost, launch, type PageLog, PanelServer, watch } from './eventsBrowser';

const HOST_STATE = { canQuery: true, canSave: true, aiAvailable: false };

describe('event dashboard in the VS Code panel page (fake host)', function () {
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
    handlers: Partial<EventsWebviewHandlers> = {},
    view = 'overview',
  ): Promise<{ page: Page; host: FakeHost; log: PageLog }> {
    const page = await browser.newPage();
    const log = watch(page);
    const host = new FakeHost(page, handlers);
    await host.open(server.origin);
    await host.next((m) => m.type === 'events/ready');
    await host.send({
      type: 'events/report',
      report: shop,
      columns: [
        { name: 'category', type: 'VARCHAR' },
        { name: 'segment', type: 'VARCHAR' },
      ],
    });
    await host.send({ type: 'events/hostState', state: HOST_STATE });
    await host.send({ type: 'events/show', view: view as 'overview' });
    await page.waitForSelector(`.ev-tabpanel[data-view="${view}"] > .ev-view`);
    return { page, host, log };
  }

  it('posts events/ready, waits, then renders the report it is sent', async () => {
    const page = await browser.newPage();
    const host = new FakeHost(page, {});
    await host.open(server.origin);
    await host.next((m) => m.type === 'events/ready');
    assert.match(await page.locator('#app').innerText(), /Waiting for the event analysis/);
    await host.send({ type: 'events/report', report: shop });
    await page.waitForSelector('[data-card="sources"]');
    assert.equal(await page.locator('[data-units="events"]').getAttribute('data-value'), String(shop.units.events));
    assert.deepEqual(host.rejected, []);
    await page.close();
  });

  it('adds a step in the funnel editor, posts events/recomputeFunnel with the edited definition and shows the reply', async () => {
    let asked: FunnelDefinition | undefined;
    const recomputed: FunnelReport = structuredClone(shopReport().funnel!);
    recomputed.steps.push({
      ...recomputed.steps[3],
      name: 'session_end',
      match: 'session_end',
      count: 120,
      conversionFromStart: 0.12,
      conversionFromPrevious: 0.75,
      dropped: 40,
    });
    const { page, host, log } = await openPanel(
      {
        'events/recomputeFunnel': ({ definition }) => {
          asked = definition;
          return recomputed;
        },
      },
      'funnel',
    );
    await page.click('[data-add-step]');
    const step = page.locator('.ev-edit-step[data-edit-step="4"]');
    await step.locator('input.ev-value').fill('session_end');
    await page.locator('input.ev-window').fill('48h');
    await page.selectOption('select.ev-unit', 'session');
    await page.click('[data-recompute]');
    await page.waitForSelector('[data-funnel-step="4"]');
    const msg = await host.next((m) => m.type === 'events/recomputeFunnel');
    assert.equal(typeof (msg as { id?: unknown }).id, 'number');
    assert.deepEqual(asked, {
      steps: [
        {
          name: 'session_start',
          match: 'session_start',
          conditions: [{ column: 'event', op: '=', value: 'session_start' }],
        },
        {
          name: 'Viewed product',
          match: 'product_view',
          conditions: [{ column: 'event', op: '=', value: 'product_view' }],
        },
        {
          name: 'Added to cart',
          match: 'event=add_to_cart & category!=gift',
          conditions: [
            { column: 'event', op: '=', value: 'add_to_cart' },
            { column: 'category', op: '!=', value: 'gift' },
          ],
        },
        { name: 'purchase', match: 'purchase', conditions: [{ column: 'event', op: '=', value: 'purchase' }] },
        { name: 'session_end', match: 'session_end', conditions: [{ column: 'event', op: '=', value: 'session_end' }] },
      ],
      unit: 'session',
      windowMs: 48 * 3_600_000,
      order: 'sequential',
      by: 'segment',
    } satisfies FunnelDefinition);
    const counts = await page
      .locator('[data-funnel-step]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-count')));
    assert.deepEqual(
      counts,
      recomputed.steps.map((s) => String(s.count)),
    );
    assert.match(await page.locator('.ev-status').innerText(), /Recomputed/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('removes and reorders steps and builds a condition from a column, operator and value', async () => {
    let asked: FunnelDefinition | undefined;
    const { page } = await openPanel(
      {
        'events/recomputeFunnel': ({ definition }) => {
          asked = definition;
          return shop.funnel!;
        },
      },
      'funnel',
    );
    await page.click('.ev-edit-step[data-edit-step="3"] [aria-label="Remove step 4"]');
    await page.click('.ev-edit-step[data-edit-step="2"] [aria-label="Move step 3 up"]');
    const second = page.locator('.ev-edit-step[data-edit-step="1"]');
    assert.equal(await second.locator('input.ev-step-title').inputValue(), 'Added to cart');
    await second.locator('[data-add-condition]').click();
    const cond = second.locator('.ev-cond[data-condition="2"]');
    await cond.locator('select.ev-column').selectOption('page');
    await page
      .locator('.ev-edit-step[data-edit-step="1"] .ev-cond[data-condition="2"] select.ev-op')
      .selectOption('^=');
    await page.locator('.ev-edit-step[data-edit-step="1"] .ev-cond[data-condition="2"] input.ev-value').fill('/cart');
    await page.click('[data-recompute]');
    await page.waitForFunction(() => /Recomputed/.test(document.querySelector('.ev-status')?.textContent ?? ''));
    assert.deepEqual(
      asked!.steps.map((s) => s.name),
      ['session_start', 'Added to cart', 'Viewed product'],
    );
    assert.deepEqual(asked!.steps[1].conditions.at(-1), { column: 'page', op: '^=', value: '/cart' });
    assert.equal(asked!.steps[1].match, 'event=add_to_cart & category!=gift & page^=/cart');
    await page.close();
  });

  it('offers observed values from the engine while a value is typed', async () => {
    const { page, host } = await openPanel(
      {
        'events/columnValues': ({ column }) => ({
          values: column === 'event' ? ['checkout_start', 'coupon_applied'] : [],
        }),
      },
      'funnel',
    );
    await page.click('[data-add-step]');
    const input = page.locator('.ev-edit-step[data-edit-step="4"] input.ev-value');
    await input.focus();
    await input.pressSequentially('c');
    const ask = await host.next((m) => m.type === 'events/columnValues');
    assert.deepEqual((ask as Extract<EventsWebviewMessage, { type: 'events/columnValues' }>).params.column, 'event');
    const listId = (await input.getAttribute('list'))!;
    await page.waitForFunction(
      (id) => [...document.getElementById(id)!.querySelectorAll('option')].some((o) => o.value === 'coupon_applied'),
      listId,
    );
    const options = await page
      .locator(`datalist#${listId} option`)
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(options.includes('purchase'), 'values from the report too');
    await page.close();
  });

  it("shows the host's error when a recompute fails, and keeps the funnel shown", async () => {
    const { page } = await openPanel(
      {
        'events/recomputeFunnel': () => {
          throw new Error('step 2 matched no event; event has values a, b');
        },
      },
      'funnel',
    );
    await page.click('[data-recompute]');
    const status = page.locator('.ev-status.error');
    await status.waitFor();
    assert.match(await status.innerText(), /Could not recompute: step 2 matched no event/);
    assert.equal(await page.locator('[data-funnel-step]').count(), shop.funnel!.steps.length);
    await page.close();
  });

  it('refuses to recompute a funnel whose window is not a duration, without asking the host', async () => {
    const { page, host } = await openPanel({}, 'funnel');
    await page.locator('input.ev-window').fill('a week');
    await page.click('[data-recompute]');
    await page.locator('.ev-status.error').waitFor();
    assert.match(await page.locator('.ev-status').innerText(), /not a duration/);
    assert.equal(host.received.filter((m) => m.type === 'events/recomputeFunnel').length, 0);
    await page.close();
  });

  it('saves the funnel under a name with events/saveFunnel and lists it', async () => {
    let saved: { name: string; definition: FunnelDefinition } | undefined;
    const { page } = await openPanel(
      {
        'events/saveFunnel': (p) => {
          saved = p;
          return { saved: [p] };
        },
      },
      'funnel',
    );
    await page.fill('input.ev-save-name', '  Checkout  ');
    await page.click('[data-save-funnel]');
    await page.waitForSelector('select.ev-saved');
    assert.equal(saved!.name, 'Checkout');
    assert.equal(saved!.definition.steps.length, shop.funnel!.steps.length);
    assert.match(await page.locator('.ev-status').innerText(), /Saved as "Checkout"/);
    await page.close();
  });

  it('asks for the dropped units of a step one at a time, shows their events, and pages with previous/next', async () => {
    const asked: { step: number; index: number }[] = [];
    const total = 3;
    const { page, host } = await openPanel(
      {
        'events/stepDetails': ({ step, index }) => {
          asked.push({ step, index });
          return stepDetailsFor(step, index, total);
        },
      },
      'funnel',
    );
    await page.click('.ev-drop[data-drop-step="2"] button');
    await page.waitForSelector('[data-card="details"] [data-index="0"]');
    assert.deepEqual(asked, [{ step: 2, index: 0 }]);
    const first = stepDetailsFor(2, 0, total);
    assert.equal(await page.locator('[data-card="details"] [data-unit-id]').getAttribute('data-unit-id'), first.unitId);
    const rows = page.locator('.ev-events tbody tr');
    assert.equal(await rows.count(), first.events.length);
    const cells = await rows.nth(1).locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(2, 6), ['product_view\n/products/detail', 'a.product', 'Blue mug', '12.5']);
    assert.ok(await page.locator('[data-prev]').isDisabled(), 'no previous before the first');

    await page.click('[data-next]');
    await page.waitForSelector('[data-card="details"] [data-index="1"]');
    await page.click('[data-next]');
    await page.waitForSelector('[data-card="details"] [data-index="2"]');
    assert.ok(await page.locator('[data-next]').isDisabled(), 'no next after the last');
    await page.click('[data-prev]');
    await page.waitForSelector('[data-card="details"] [data-index="1"]');
    assert.deepEqual(
      asked.map((a) => a.index),
      [0, 1, 2, 1],
    );

    await page.locator('.ev-events tbody tr').first().locator('a.ev-source').click();
    const open = await host.next((m) => m.type === 'events/openSource');
    const e = stepDetailsFor(2, 1, total).events[0];
    assert.deepEqual(open, { type: 'events/openSource', file: e.file, line: e.line, rowId: e.rowId });
    await page.close();
  });

  it('drills into the sessions that saw a friction message', async () => {
    let asked: { message: string; path: string | null; index: number } | undefined;
    const row = shop.friction![1];
    const { page } = await openPanel(
      {
        'events/frictionDetails': (p): FrictionDetails => {
          asked = p;
          const { step: _s, ...d } = stepDetailsFor(2, p.index, row.sessions);
          return { ...d, unit: 'session', message: p.message, path: p.path };
        },
      },
      'friction',
    );
    await page.locator('[data-friction]').nth(1).locator('[data-friction-details]').click();
    await page.waitForSelector('[data-card="details"][data-details-kind="friction"] .ev-events');
    assert.deepEqual(asked, { message: row.message, path: row.path, index: 0 });
    assert.match(
      await page.locator('[data-card="details"] .ev-pager-text').innerText(),
      new RegExp(`Session .* 1 of ${row.sessions}`),
    );
    await page.close();
  });

  it('shows an AI note from the host in place of the rule-based note, labelled with its model', async () => {
    const { page, host } = await openPanel({}, 'funnel');
    assert.equal(await page.locator('[data-note-source="rules"]').count(), 1);
    await host.send({
      type: 'events/note',
      note: {
        view: 'funnel',
        text: 'People drop at the cart because shipping costs appear there.',
        model: 'gpt-5-mini',
      },
    });
    await page.waitForSelector('[data-note-source="ai"]');
    assert.match(
      (await page.locator('[data-note-source="ai"]').textContent())!,
      /AI note \(gpt-5-mini\)[\s\S]*shipping costs/,
    );
    assert.equal(await page.locator('[data-note-source="rules"]').count(), 0);
    await page.close();
  });

  it('restores its view after a reload from the state it saved with setState', async () => {
    const { page, host } = await openPanel({}, 'retention');
    await page.waitForFunction(() => (sessionStorage.getItem('vscode-state') ?? '').includes('"tab":"retention"'));
    await page.reload();
    await host.next((m) => m.type === 'events/ready');
    await host.send({ type: 'events/report', report: shop });
    await page.waitForSelector('.ev-tabpanel[data-view="retention"] [data-cohort]');
    await page.close();
  });
});
