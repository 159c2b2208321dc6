// AI notes on the event dashboard inside the real extension host (code-server): the key from SecretStorage, the base
// URL pointed at a local OpenAI-compatible server started by this test (real HTTP from the real `openai` client), a
// generated shop log analysed by Analyze Events. The page's `events/aiNote` request goes through the panel's own
// validation and dispatch (EventsPanel.receive: a test cannot click inside the webview's iframe; the Chromium test
// test/ui/events/eventsAiNote.test.ts covers the button).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { generateShopLog } from '../../bench/events/generate';
import { funnelNote } from '../../src/core/events/notes';
import type { EventsReport } from '../../src/core/events/types';
import type { EventsHostMessage, Result, ViewNote } from '../../src/dashboard/events/protocol';
import type { AnalyzeEventsResult } from '../../src/host/commands/events';
import {
  apiError,
  completion,
  startOpenAiServer,
  type OpenAiTestServer,
  type ReceivedRequest,
} from '../support/openaiServer';
import { extensionApi, waitFor } from './support/host';

const NOTE = 'Local model: most users stop after viewing a product; the cart step loses the most.';

/** Answers each view_note request with NOTE, or with the status the test sets. */
async function startFakeOpenAi(): Promise<OpenAiTestServer & { fail: { status: number } }> {
  const fail = { status: 0 };
  const server = await startOpenAiServer(() =>
    fail.status
      ? { status: fail.status, body: apiError('the local model crashed', 'server_error') }
      : { body: completion(JSON.stringify({ note: NOTE }), { prompt_tokens: 300, completion_tokens: 40 }) },
  );
  return Object.assign(server, { fail });
}

/** What a test reads of a request: its key, its schema, the user message and the raw body. */
function received(r: ReceivedRequest): { auth: string | undefined; schema: string; user: string; raw: string } {
  return {
    auth: r.headers.authorization,
    schema: String(r.body?.response_format?.json_schema?.name ?? ''),
    user: String(r.body?.messages?.find((m: { role: string }) => m.role === 'user')?.content ?? ''),
    raw: r.rawBody,
  };
}

describe('AI notes on the event dashboard with the key from SecretStorage', function () {
  this.timeout(180_000);
  let dir: string;
  let shop: string;
  let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
  let report: EventsReport;
  const posted: EventsHostMessage[] = [];
  let sub: vscode.Disposable | undefined;
  const key = `sk-local-notes-${Math.random().toString(36).slice(2)}`;
  const config = () => vscode.workspace.getConfiguration('journeyLens');
  let nextId = 9000;

  /** Sends the page's request through the panel and returns the reply posted back to the page. */
  async function ask(view: string): Promise<Result<ViewNote>> {
    const api = await extensionApi();
    const id = nextId++;
    await api.events.panels.panel(shop)!.receive({ type: 'events/aiNote', id, params: { view } });
    const reply = await waitFor(`the reply to events/aiNote ${id}`, () =>
      posted.find((m) => m.type === 'events/reply' && m.id === id),
    );
    return (reply as Extract<EventsHostMessage, { type: 'events/reply' }>).result as Result<ViewNote>;
  }

  const lastHostState = () =>
    [...posted].reverse().find((m) => m.type === 'events/hostState') as
      Extract<EventsHostMessage, { type: 'events/hostState' }> | undefined;

  before(async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    fake = await startFakeOpenAi();
    dir = mkdtempSync(join(tmpdir(), 'journey-lens-ainotes-'));
    shop = join(dir, 'shop');
    await generateShopLog(shop, 200, 7);
    sub = api.events.panels.onDidPost(({ target, message }) => {
      if (target === shop) posted.push(message);
    });
    const result = await vscode.commands.executeCommand<AnalyzeEventsResult>(
      'journeyLens.analyzeEvents',
      vscode.Uri.file(shop),
    );
    assert.equal(result.kind, 'analysed', JSON.stringify(result));
    const sent = await waitFor('the dashboard to be sent its report', () =>
      posted.find((m) => m.type === 'events/report'),
    );
    report = (sent as Extract<EventsHostMessage, { type: 'events/report' }>).report;
    await waitFor('the first host state', () => lastHostState());
  });

  after(async () => {
    sub?.dispose();
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    await config().update('ai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('ai.model', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('without a key the page is told AI notes are unavailable, and a request is refused without a call', async () => {
    assert.equal(lastHostState()!.state.aiAvailable, false);
    const r = await ask('funnel');
    assert.ok(!r.ok && /Set an OpenAI API key/.test(r.error), JSON.stringify(r));
    assert.equal(fake.requests.length, 0);
  });

  it("with a key set, a note on the funnel is written from the view's numbers and the key never reaches the page", async () => {
    const before = posted.length;
    await config().update('ai.baseUrl', fake.baseURL, vscode.ConfigurationTarget.Global);
    await config().update('ai.model', 'local-notes-model', vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('journeyLens.setApiKey', key);
    await waitFor('the page to learn AI notes are available', () =>
      posted.slice(before).some((m) => m.type === 'events/hostState' && m.state.aiAvailable),
    );
    const r = await ask('funnel');
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value, { view: 'funnel', text: NOTE, model: 'local-notes-model' });
    assert.equal(fake.requests.length, 1);
    const req = received(fake.requests[0]);
    assert.equal(req.auth, `Bearer ${key}`);
    assert.equal(req.schema, 'view_note');
    assert.ok(!req.raw.includes(key), 'the key is not in the request body');
    // The view's numbers were sent: every step with its count and drop-off.
    const figures = JSON.parse(req.user.slice(req.user.indexOf('<figures>') + 9, req.user.indexOf('</figures>')));
    assert.deepEqual(
      figures.steps.map((s: { name: string; count: number; dropped: number }) => [s.name, s.count, s.dropped]),
      report.funnel!.steps.map((s) => [s.name, s.count, s.dropped]),
    );
    // Not only the rule-based note's text (what the page shows without a key).
    assert.ok(!req.user.includes(funnelNote(report.funnel)!));
    assert.ok(!JSON.stringify(posted).includes(key), 'the API key was posted to the webview');
  });

  it('asking again for the same figures is answered from the cache, without a request', async () => {
    const r = await ask('funnel');
    assert.ok(r.ok && r.value.text === NOTE);
    assert.equal(fake.requests.length, 1);
  });

  it('a server error answers with the reason (the page keeps its rule-based note)', async () => {
    fake.fail.status = 500;
    const r = await ask('friction');
    assert.ok(!r.ok, JSON.stringify(r));
    assert.match(r.error, /failed with HTTP 500.*the local model crashed/);
    assert.ok(!r.error.includes(key));
    fake.fail.status = 0;
  });

  it('refuses a note on Step details (single sessions’ events are never sent)', async () => {
    const before = fake.requests.length;
    const r = await ask('details');
    assert.ok(!r.ok && /never sent/.test(r.error));
    assert.equal(fake.requests.length, before);
  });
});
