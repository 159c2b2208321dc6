/**
 * AI notes on the event views against a real local OpenAI-compatible HTTP server, driven by the real `openai` client:
 * what is sent (the view's figures, never the key in the body), the cache, and the failure rules.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createViewNoter, type ViewNoterConfig } from '../../../src/ai/viewNoter';
import { funnelNote } from '../../../src/core/events/notes';
import { shopReport } from '../../../test-fixtures/events/reports/generate';
import { apiError, completion, startOpenAiServer, type OpenAiTestServer } from '../../support/openaiServer';

const KEY = 'sk-test-EVENTNOTES-q93kd-DISTINCTIVE-key-51ab';
const NOTE = 'Most users leave between "Viewed product" and "Added to cart": 410 of 820 go no further.';

describe('AI notes on event views against a local OpenAI-compatible server', function () {
  let server: OpenAiTestServer;
  let cacheDir: string;
  let logs: string[];

  const config = (over: Partial<ViewNoterConfig> = {}): ViewNoterConfig => ({
    apiKey: KEY,
    baseURL: server.baseURL,
    model: 'test-model',
    timeoutMs: 5000,
    redact: true,
    cacheDir,
    log: (m) => logs.push(m),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...over,
  });

  beforeEach(async () => {
    server = await startOpenAiServer(() => ({ body: completion(JSON.stringify({ note: NOTE })) }));
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'jl-note-cache-'));
    logs = [];
  });
  afterEach(async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("sends the funnel view's figures with the key only in the Authorization header, and returns the note", async () => {
    const report = shopReport();
    const result = await createViewNoter(config()).note(report, 'funnel');
    assert.deepEqual(result, { ok: true, note: { view: 'funnel', text: NOTE, model: 'test-model', cached: false } });
    assert.equal(server.requests.length, 1);
    const req = server.requests[0];
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.ok(!req.rawBody.includes(KEY), 'the key is not in the body');
    assert.equal(req.body.model, 'test-model');
    assert.equal(req.body.response_format.json_schema.name, 'view_note');
    const user = req.body.messages.find((m: { role: string }) => m.role === 'user').content as string;
    for (const s of report.funnel!.steps)
      assert.ok(
        user.includes(`"name":"${s.name}","match":"${s.match.replace(/"/g, '\\"')}","count":${s.count}`),
        s.name,
      );
    // The figures, not the rule-based note's text.
    assert.ok(!user.includes(funnelNote(report.funnel)!));
    assert.ok(logs.every((l) => !l.includes(KEY)));
  });

  it('answers a repeat from the on-disk cache (same figures and model); a new model or edited figures ask again', async () => {
    const report = shopReport();
    const noter = createViewNoter(config());
    await noter.note(report, 'segments');
    const again = await createViewNoter(config()).note(report, 'segments');
    assert.ok(again.ok && again.note.cached && again.note.text === NOTE);
    assert.equal(server.requests.length, 1);
    const files = await readdir(cacheDir);
    assert.equal(files.length, 1);
    assert.ok(!(await readFile(path.join(cacheDir, files[0]), 'utf8')).includes(KEY), 'the cache holds no key');

    await createViewNoter(config({ model: 'other-model' })).note(report, 'segments');
    assert.equal(server.requests.length, 2);
    const edited = structuredClone(report.funnel!);
    edited.steps[1].count = 800;
    await noter.note(report, 'funnel', { funnel: edited });
    await noter.note(report, 'funnel');
    assert.equal(server.requests.length, 4);
  });

  it('a server error is a failure with a reason (after one retry), and nothing is cached', async () => {
    server.script(() => ({ status: 503, body: apiError('the model is overloaded', 'server_error') }));
    const result = await createViewNoter(config()).note(shopReport(), 'friction');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.kind === 'server');
    assert.match(!result.ok ? result.error : '', /HTTP 503 after 2 attempts: .*overloaded/);
    assert.equal(server.requests.length, 2);
    assert.deepEqual(await readdir(cacheDir), []);
  });

  it('a rejected key says so without echoing it; an unusable answer is a failure too', async () => {
    server.script(() => ({
      status: 401,
      body: apiError(`Incorrect API key provided: ${KEY}`, 'invalid_request_error'),
    }));
    const denied = await createViewNoter(config()).note(shopReport(), 'paths');
    assert.ok(!denied.ok && denied.kind === 'auth' && !denied.error.includes(KEY));
    assert.ok(logs.every((l) => !l.includes(KEY)));
    server.script(() => ({ body: completion('{"summary":"wrong shape"}') }));
    const bad = await createViewNoter(config()).note(shopReport(), 'paths');
    assert.ok(!bad.ok && bad.kind === 'malformed' && /without a note/.test(bad.error));
  });

  it('sends string values redacted and says what was replaced', async () => {
    const report = shopReport();
    report.friction![0].message = 'Receipt could not be sent to jane.doe@example.com';
    const result = await createViewNoter(config()).note(report, 'friction');
    assert.ok(result.ok && result.note.redactionNote === 'Replaced 1 e-mail with placeholders before sending.');
    assert.ok(!server.requests[0].rawBody.includes('jane.doe@example.com'));
    assert.ok(server.requests[0].rawBody.includes('[email]'));
  });

  it('without a key or a base URL nothing is sent; a view without figures is refused', async () => {
    const none = await createViewNoter(config({ apiKey: undefined, baseURL: undefined })).note(shopReport(), 'funnel');
    assert.ok(!none.ok && none.kind === 'auth');
    const report = shopReport();
    report.retention = null;
    const empty = await createViewNoter(config()).note(report, 'retention');
    assert.ok(!empty.ok && /no retention figures/.test(empty.error));
    assert.equal(server.requests.length, 0);
  });
});
