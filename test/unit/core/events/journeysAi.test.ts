// `journey-lens events --outcome … --ai`: the event-log journeys analysed by a model, through the real CLI, the real
// `openai` client and a real local OpenAI-compatible HTTP server (nothing mocked).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateShopLog } from '../../../../bench/events/generate';
import type { EventsReport } from '../../../../src/core/events/types';
import {
  apiError,
  completion,
  journeyAnswer,
  startOpenAiServer,
  type OpenAiTestServer,
} from '../../../support/openaiServer';
import { runEventsCli as cli } from './helpers';

const answer = journeyAnswer('Browsed products and added one to the cart.');

const crossAnswer = JSON.stringify({
  patterns: [
    {
      title: 'Cart without checkout',
      description: 'Sessions that add to the cart and stop.',
      precedes: 'cancel',
      severity: 'medium',
      journeys: ['J1'],
      examples: [{ journey: 'J1', step: 1 }],
    },
  ],
});

describe('journey-lens events --outcome --ai (CLI end to end, local OpenAI-compatible server)', function () {
  this.timeout(180_000);
  let dir: string;
  let server: OpenAiTestServer;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'jl-evj-ai-'));
    await generateShopLog(path.join(dir, 'shop'), 20, 5);
    server = await startOpenAiServer();
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const env = () => ({ OPENAI_API_KEY: 'sk-test-not-a-real-key', XDG_CACHE_HOME: path.join(dir, 'cache') });
  const args = (json: string, extra: string[] = []) => [
    path.join(dir, 'shop'),
    '--outcome',
    'purchase',
    '--unit',
    'session',
    '--journey-sample',
    '4',
    '--ai',
    '--openai-base-url',
    server.baseURL,
    '--model',
    'test-model',
    '--quiet',
    '--json',
    json,
    ...extra,
  ];

  it('asks about the outcome the user defined, never sends the outcome event, and writes the AI analyses', async () => {
    server.requests.length = 0;
    server.script((req) => ({
      body: completion(
        req.body?.response_format?.json_schema?.name === 'cross_journey_patterns' ? crossAnswer : answer,
      ),
    }));
    const json = path.join(dir, 'ai.json');
    const html = path.join(dir, 'journeys.html');
    const r = await cli(args(json, ['--journeys-html', html]), env());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /AI analysis of 4 journeys: 4 analysed/);
    const rep = JSON.parse(await readFile(json, 'utf8')) as EventsReport;
    const journeys = rep.journeys!.journeys;
    assert.equal(journeys.length, 4);
    for (const j of journeys) {
      assert.equal(j.analysis?.source, 'ai', `${j.id} has the model's analysis`);
      assert.equal(j.analysis?.model, 'test-model');
    }
    assert.equal(rep.journeys!.crossJourney?.source, 'ai');

    const perJourney = server.requests.filter((q) => q.body?.response_format?.json_schema?.name === 'journey_analysis');
    assert.equal(perJourney.length, 4, 'one request per journey in the sample');
    for (const q of perJourney) {
      const [system, user] = q.body.messages.map((m: { content: string }) => m.content);
      assert.match(system, /event log/, 'the model is told the journey comes from an event log');
      assert.match(system, /"purchase" and "no purchase"/, 'and which outcomes the team defined');
      assert.doesNotMatch(system, /subscription software product/, "not the recordings' wording");
      // The journey is cut before the outcome: no step of it is the purchase event.
      const steps = user.split('\n').filter((l: string) => /^\d+\. /.test(l));
      assert.ok(steps.length > 0);
      for (const s of steps) assert.doesNotMatch(s, /\] purchase\b/, `the outcome event is not sent: ${s}`);
      assert.doesNotMatch(user, /non-converted/, 'the placeholder status is not sent');
    }

    const page = await readFile(html, 'utf8');
    assert.match(page, /<meta http-equiv="Content-Security-Policy"/);
    assert.ok(page.includes('Browsed products and added one to the cart.'), 'the journeys page carries the analyses');
    assert.match(r.stdout, /Journeys dashboard written to/);
  });

  it('a second run answers from the cache: no request reaches the server', async () => {
    server.requests.length = 0;
    const r = await cli(args(path.join(dir, 'again.json')), env());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /4 from cache/);
    assert.equal(server.requests.length, 0);
  });

  it('a failing model: the report still has the rule-based analyses, says why, and the run exits 1', async () => {
    server.script(() => ({ status: 400, body: apiError('model "nope" does not exist', 'invalid_request_error') }));
    const json = path.join(dir, 'failed.json');
    const r = await cli([...args(json), '--model', 'nope'], env());
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /AI analysis failed \(no journey could be analysed: .*does not exist/);
    const rep = JSON.parse(await readFile(json, 'utf8')) as EventsReport;
    for (const j of rep.journeys!.journeys) {
      assert.equal(j.analysis?.source, 'rules', `${j.id} keeps its rule-based analysis`);
      assert.match(j.analysisError ?? '', /does not exist/);
    }
  });

  it('--ai without an outcome is refused (exit 2) before anything runs', async () => {
    const r = await cli([path.join(dir, 'shop'), '--ai'], env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--ai analyses the journeys of an event log: give --outcome/);
  });
});
