/**
 * The AI analyzer against a real local OpenAI-compatible HTTP server, driven by the real `openai` client.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAiAnalyzer, describeRun, type AiAnalyzerConfig } from '../../../src/ai/analyzer';
import { ruleBasedAnalysis } from '../../../src/core/journeys/analysis/rules/journeyRules';
import type { Report } from '../../../src/core/journeys/types';
import { CANCEL_STEPS, UPGRADE_STEPS, journeyReport, sampleReport } from '../../support/aiTestReport';
import { apiError, completion, startOpenAiServer, type OpenAiTestServer } from '../../support/openaiServer';

const KEY = 'sk-test-JOURNEYLENS-zq81x-DISTINCTIVE-key-7f3c';

function goodAnswer(steps: number[] = [1, 2]): string {
  return JSON.stringify({
    summary: 'The user hit a payment failure, contacted support and cancelled.',
    keyMoments: [{ text: 'Payment failed', steps: [steps[0]] }],
    frictionPoints: [{ text: 'Card declined', steps }],
    intentSignals: [{ text: 'Opened cancellation', steps: [steps[steps.length - 1]] }],
    prediction: { outcome: 'cancel', confidence: 0.9, rationale: 'Cancellation flow completed.' },
    recommendations: { product: ['Retry failed payments automatically.'], user: ['Offer help with the card.'] },
  });
}

function freshReport(): Report {
  const report = sampleReport([
    journeyReport('cancellations/a.json', 'cancel', CANCEL_STEPS),
    journeyReport('upgrades/b.json', 'upgrade', UPGRADE_STEPS),
  ]);
  for (const j of report.journeys) j.analysis = ruleBasedAnalysis(j, report);
  return report;
}

describe('AI analysis against a local OpenAI-compatible server', function () {
  let server: OpenAiTestServer;
  let cacheDir: string;
  let logs: string[];

  const config = (over: Partial<AiAnalyzerConfig> = {}): AiAnalyzerConfig => ({
    apiKey: KEY,
    baseURL: server.baseURL,
    model: 'test-model',
    timeoutMs: 5000,
    maxConcurrent: 1,
    redact: true,
    cacheDir,
    log: (m) => logs.push(m),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...over,
  });

  beforeEach(async () => {
    server = await startOpenAiServer(() => ({ body: completion(goodAnswer()) }));
    cacheDir = await mkdtemp(path.join(os.tmpdir(), 'jl-ai-cache-'));
    logs = [];
  });
  afterEach(async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('lands a good answer on each journey with model, tokens and cache key, and sends a strict JSON-schema request', async () => {
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report);
    assert.equal(summary.analysed, 2);
    assert.equal(summary.failed, 0);
    const a = report.journeys[0].analysis!;
    assert.equal(a.source, 'ai');
    assert.equal(a.model, 'test-model');
    assert.equal(a.prediction.outcome, 'cancel');
    assert.deepEqual(a.frictionPoints[0].steps, [1, 2]);
    assert.deepEqual(a.tokens, { prompt: 120, completion: 80 });
    assert.match(a.cacheKey!, /^hash-cancellations\/a\.json\|test-model\|/);
    assert.equal(report.journeys[0].analysisError, undefined);
    assert.deepEqual(summary.tokens, { prompt: 240, completion: 160 });
    assert.deepEqual(report.aiUsage, { prompt: 240, completion: 160, requests: 2, cached: 0 });

    const req = server.requests[0];
    assert.equal(req.path, '/v1/chat/completions');
    assert.equal(req.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req.body.model, 'test-model');
    assert.equal(req.body.response_format.type, 'json_schema');
    assert.equal(req.body.response_format.json_schema.strict, true);
    assert.deepEqual(req.body.response_format.json_schema.schema.required, [
      'summary',
      'keyMoments',
      'frictionPoints',
      'intentSignals',
      'prediction',
      'recommendations',
    ]);
    // Parameters that reasoning models such as gpt-5-mini reject are never sent.
    for (const p of ['temperature', 'max_tokens', 'top_p']) assert.ok(!(p in req.body), p);
    const user = req.body.messages[1].content as string;
    assert.match(user, /^1\. \[2024-06-01 00:00\.0\] \(converted\) Used Advanced Pro Features/m);
    // Neither the file name nor the known outcome leave the machine.
    assert.ok(!req.rawBody.includes('cancellations/a.json'));
  });

  it("an event log's journeys: the prompt names the user's outcomes, and their answers never serve a recordings run", async () => {
    const analyzer = createAiAnalyzer(config());
    await analyzer.analyzeJourneys(freshReport());
    assert.equal(server.requests.length, 2);
    const events = { ...freshReport(), outcomes: { upgrade: 'Annual', cancel: 'not Annual' } };
    const summary = await analyzer.analyzeJourneys(events);
    assert.equal(summary.cached, 0, 'same journeys, other outcomes: asked again');
    assert.equal(server.requests.length, 4);
    const system = server.requests[2].body.messages[0].content as string;
    assert.match(system, /two outcomes: "Annual" and "not Annual"/);
    assert.match(system, /"upgrade" when the journey is heading to "Annual"/);
    assert.doesNotMatch(server.requests[2].body.messages[1].content, /\(converted\)/, 'no recording status');
    assert.match(server.requests[0].body.messages[0].content, /subscription software product/);
    assert.equal((await analyzer.analyzeJourneys(freshReport())).cached, 2, 'the recordings answers are still cached');
  });

  it('reports a rejected key (401) as an auth failure, keeps the earlier analysis and stops asking', async () => {
    server.script(() => ({
      status: 401,
      body: apiError(
        `Incorrect API key provided: ${KEY.slice(0, 8)}****${KEY.slice(-4)}.`,
        'invalid_request_error',
        'invalid_api_key',
      ),
    }));
    const report = freshReport();
    const before = report.journeys.map((j) => j.analysis);
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report);
    assert.equal(summary.failures.auth, 2);
    assert.equal(server.requests.length, 1, 'no second request once the key is known to be bad');
    assert.match(describeRun(summary), /^AI analysis of 2 journeys: 0 analysed, 2 failed\. The API key was rejected/);
    for (const [i, j] of report.journeys.entries()) {
      assert.equal(j.analysis, before[i], 'earlier analysis stays in place');
      assert.match(j.analysisError!, /API key was rejected .*401/);
      assert.ok(!j.analysisError!.includes(KEY.slice(-4)), 'no part of the key is echoed');
    }
  });

  it('retries after a 429 with backoff and then succeeds', async () => {
    server.script((_r, n) =>
      n === 0
        ? { status: 429, headers: { 'retry-after-ms': '10' }, body: apiError('Rate limit reached', 'requests') }
        : { body: completion(goodAnswer()) },
    );
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    assert.equal(summary.analysed, 1);
    assert.equal(summary.requests, 2);
    assert.equal(server.requests.length, 2);
    assert.equal(report.journeys[0].analysis!.source, 'ai');
  });

  it('says it was rate limited after the retries run out', async () => {
    server.script(() => ({ status: 429, body: apiError('Rate limit reached', 'requests') }));
    const report = freshReport();
    const summary = await createAiAnalyzer(
      config({ retry: { rateLimitRetries: 2, baseDelayMs: 2, maxDelayMs: 5 } }),
    ).analyzeJourneys(report, { journeyIds: ['upgrades/b.json'] });
    assert.equal(summary.failures.rate_limit, 1);
    assert.equal(server.requests.length, 3);
    assert.match(report.journeys[1].analysisError!, /Rate limited .*\(429\) after 3 attempts/);
    assert.equal(report.journeys[1].analysis!.source, 'rules');
  });

  it('does not retry a 429 that means the quota is used up, and says so', async () => {
    server.script(() => ({
      status: 429,
      body: apiError('You exceeded your current quota', 'insufficient_quota', 'insufficient_quota'),
    }));
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['upgrades/b.json'] });
    assert.equal(summary.failures.quota, 1);
    assert.equal(server.requests.length, 1);
    assert.match(report.journeys[1].analysisError!, /no quota left/);
  });

  it('gives a message for a server error (500) and keeps the earlier analysis', async () => {
    server.script(() => ({
      status: 500,
      body: apiError('The server had an error while processing your request.', 'server_error'),
    }));
    const report = freshReport();
    const before = report.journeys[0].analysis;
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    assert.equal(summary.failures.server, 1);
    assert.equal(server.requests.length, 2, 'one retry for a transient server error');
    assert.match(report.journeys[0].analysisError!, /failed with HTTP 500 after 2 attempts: .*server had an error/);
    assert.equal(report.journeys[0].analysis, before);
  });

  it('gives a timeout message when the server answers later than the timeout', async () => {
    server.script(() => ({ delayMs: 3000, body: completion(goodAnswer()) }));
    const report = freshReport();
    const summary = await createAiAnalyzer(config({ timeoutMs: 200 })).analyzeJourneys(report, {
      journeyIds: ['cancellations/a.json'],
    });
    assert.equal(summary.failures.timeout, 1);
    assert.match(report.journeys[0].analysisError!, /within 200 ms \(timeout\)/);
    assert.equal(report.journeys[0].analysis!.source, 'rules');
  });

  it('gives a network message when nothing listens at the base URL', async () => {
    const dead = await startOpenAiServer();
    const url = dead.baseURL;
    await dead.close();
    const report = freshReport();
    const summary = await createAiAnalyzer(config({ baseURL: url })).analyzeJourneys(report, {
      journeyIds: ['cancellations/a.json'],
    });
    assert.equal(summary.failures.network, 1);
    assert.match(report.journeys[0].analysisError!, /Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('rejects an answer that is not JSON, or JSON in the wrong shape, with a message', async () => {
    server.script((_r, n) => ({
      body: completion(
        n === 0 ? 'Sure! Here is the analysis: {summary:' : JSON.stringify({ summary: 'x', keyMoments: 'none' }),
      ),
    }));
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report);
    assert.equal(summary.failures.malformed, 2);
    assert.match(report.journeys[0].analysisError!, /not valid JSON/);
    assert.match(report.journeys[1].analysisError!, /did not match the expected format \(keyMoments must be an array/);
    assert.equal(report.journeys[0].analysis!.source, 'rules');
  });

  it('accepts a JSON answer wrapped in a Markdown fence (some local models do that)', async () => {
    server.script(() => ({ body: completion('```json\n' + goodAnswer() + '\n```') }));
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    assert.equal(summary.analysed, 1);
  });

  it('rejects an answer that cites only a step that does not exist (999)', async () => {
    server.script(() => ({ body: completion(goodAnswer([999])) }));
    const report = freshReport();
    await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    assert.match(report.journeys[0].analysisError!, /cited only steps that do not exist in this journey \(999\)/);
    assert.equal(report.journeys[0].analysis!.source, 'rules');
  });

  it('repairs an answer that cites a real step and step 999: drops 999 and notes it', async () => {
    server.script(() => ({ body: completion(goodAnswer([2, 999])) }));
    const report = freshReport();
    await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    const a = report.journeys[0].analysis!;
    assert.equal(a.source, 'ai');
    assert.deepEqual(a.frictionPoints[0].steps, [2]);
    assert.equal(a.keyMoments.length, 1);
    const cited = [...a.keyMoments, ...a.frictionPoints, ...a.intentSignals].flatMap((p) => p.steps);
    assert.ok(!cited.includes(999));
    assert.ok(a.notes!.some((n) => /Removed citations of steps that do not exist in this journey: 999/.test(n)));
  });

  describe('redaction', () => {
    const planted = [
      {
        label: 'Updated billing e-mail to jane.roe@example.com',
        details: 'Typed +1 (415) 555-0143 as the phone and card 4111 1111 1111 1111.',
      },
      {
        label: 'Opened reset link',
        details: 'Visited https://app.example.com/reset?token=s3cr3tT0k3nValue&page=2 from 203.0.113.42',
      },
    ];

    it('removes planted e-mails, phones, cards, IPs and URL tokens from what the server receives', async () => {
      const report = sampleReport([journeyReport('p.json', 'open', planted)]);
      await createAiAnalyzer(config()).analyzeJourneys(report);
      const sent = server.requests[0].rawBody;
      for (const secret of [
        'jane.roe@example.com',
        '555-0143',
        '4111 1111 1111 1111',
        's3cr3tT0k3nValue',
        '203.0.113.42',
      ]) {
        assert.ok(!sent.includes(secret), `${secret} was sent`);
      }
      for (const placeholder of ['[email]', '[phone]', '[card]', '[token]', '[ip]'])
        assert.ok(sent.includes(placeholder), placeholder);
      const a = report.journeys[0].analysis!;
      assert.equal(a.redacted, true);
      assert.ok(
        a.notes!.some((n) => /Replaced 1 e-mail, 1 card number, 1 phone number, 1 IP address, 1 secret token/.test(n)),
        a.notes!.join(),
      );
    });

    it('sends the text as is when redaction is turned off', async () => {
      const report = sampleReport([journeyReport('p.json', 'open', planted)]);
      await createAiAnalyzer(config({ redact: false })).analyzeJourneys(report);
      assert.ok(server.requests[0].rawBody.includes('jane.roe@example.com'));
      assert.equal(report.journeys[0].analysis!.redacted, false);
    });
  });

  it('never writes the key to cache files, logs, the report, the summary or error messages', async () => {
    const report = freshReport();
    await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['cancellations/a.json'] });
    // An error body that echoes the whole key must not carry it into a message.
    server.script(() => ({ status: 500, body: apiError(`upstream rejected key ${KEY}`, 'server_error') }));
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { journeyIds: ['upgrades/b.json'] });
    const cross = await createAiAnalyzer(config()).analyzeAcross(report);
    server.script(() => ({
      status: 401,
      body: apiError(`Incorrect API key provided: ${KEY}`, 'invalid_request_error'),
    }));
    await createAiAnalyzer(config()).analyzeJourneys(report, { force: true });

    const files = await readdir(cacheDir);
    assert.ok(files.length >= 1);
    const everything = [
      ...(await Promise.all(files.map((f) => readFile(path.join(cacheDir, f), 'utf8')))),
      ...logs,
      JSON.stringify(report),
      JSON.stringify(summary),
      JSON.stringify(cross),
    ].join('\n');
    assert.match(everything, /upstream rejected key \[redacted key\]/);
    assert.ok(!everything.includes(KEY));
    assert.ok(!everything.includes('JOURNEYLENS-zq81x'));
    assert.ok(
      server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`),
      'the key did reach the server',
    );
  });

  it('makes no request for unchanged content on a second run, and asks again with force or changed content', async () => {
    await createAiAnalyzer(config()).analyzeJourneys(freshReport());
    assert.equal(server.requests.length, 2);

    const again = freshReport();
    const cachedRun = await createAiAnalyzer(config()).analyzeJourneys(again);
    assert.equal(server.requests.length, 2, 'served from the on-disk cache');
    assert.equal(cachedRun.cached, 2);
    assert.equal(again.journeys[0].analysis!.source, 'ai');

    const forced = await createAiAnalyzer(config()).analyzeJourneys(again, {
      force: true,
      journeyIds: ['upgrades/b.json'],
    });
    assert.equal(forced.analysed, 1);
    assert.equal(server.requests.length, 3);

    const changed = freshReport();
    changed.journeys[0].contentHash = 'edited';
    const changedRun = await createAiAnalyzer(config()).analyzeJourneys(changed);
    assert.equal(changedRun.analysed, 1);
    assert.equal(changedRun.cached, 1);
    assert.equal(server.requests.length, 4);

    const otherModel = await createAiAnalyzer(config({ model: 'other-model' })).analyzeJourneys(freshReport());
    assert.equal(otherModel.analysed, 2, 'a different model is a different cache entry');
  });

  it('runs no more requests at once than maxConcurrent and reports progress for each journey', async () => {
    let inFlight = 0;
    let peak = 0;
    let answered = 0;
    server.script(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Hold each answer until the cap could be exceeded (3 in flight, or all the rest), so the peak does not depend on timing.
      for (let waited = 0; inFlight < Math.min(3, 7 - answered) && waited < 2000; waited += 5)
        await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 10));
      inFlight--;
      answered++;
      return { body: completion(goodAnswer([1])) };
    });
    const report = sampleReport(
      Array.from({ length: 7 }, (_, i) => journeyReport(`j${i}.json`, 'open', UPGRADE_STEPS)),
    );
    const progress: number[] = [];
    const summary = await createAiAnalyzer(config({ maxConcurrent: 3 })).analyzeJourneys(report, {
      onProgress: (done) => progress.push(done),
    });
    assert.equal(summary.analysed, 7);
    assert.equal(peak, 3);
    assert.deepEqual(progress, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops on cancel: the journey in flight and the queued ones keep their state and count as skipped', async () => {
    const controller = new AbortController();
    server.script(() => {
      controller.abort();
      return { delayMs: 2000, body: completion(goodAnswer()) };
    });
    const report = freshReport();
    const summary = await createAiAnalyzer(config()).analyzeJourneys(report, { signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.equal(summary.skipped, 2);
    assert.equal(server.requests.length, 1);
    for (const j of report.journeys) {
      assert.equal(j.analysisError, undefined);
      assert.equal(j.analysis!.source, 'rules');
    }
  });

  it('asks for nothing and says why when there is no key and no local base URL', async () => {
    const report = freshReport();
    const summary = await createAiAnalyzer(config({ apiKey: undefined, baseURL: undefined })).analyzeJourneys(report);
    assert.equal(summary.failures.auth, 2);
    assert.equal(server.requests.length, 0);
    assert.match(report.journeys[0].analysisError!, /No OpenAI API key is set/);
  });

  it('talks to a local server without a key when a base URL is set', async () => {
    const report = freshReport();
    const summary = await createAiAnalyzer(config({ apiKey: '' })).analyzeJourneys(report, {
      journeyIds: ['upgrades/b.json'],
    });
    assert.equal(summary.analysed, 1);
  });

  describe('across journeys', () => {
    const crossAnswer = JSON.stringify({
      patterns: [
        {
          title: 'Payment failure before cancelling',
          description: 'A failed payment precedes the cancellation.',
          precedes: 'cancel',
          severity: 'high',
          journeys: ['J1', 'J7'],
          examples: [
            { journey: 'J1', step: 2 },
            { journey: 'J1', step: 99 },
            { journey: 'J42', step: 1 },
          ],
        },
        {
          title: 'Ghost',
          description: 'Names no real journey.',
          precedes: 'upgrade',
          severity: 'low',
          journeys: ['J9'],
          examples: [],
        },
      ],
    });

    it('computes count and share from the journeys the answer names, drops invented ones, and sets the report', async () => {
      server.script(() => ({ body: completion(crossAnswer) }));
      const report = freshReport();
      const result = await createAiAnalyzer(config()).analyzeAcross(report);
      assert.ok(!('error' in result), JSON.stringify(result));
      assert.equal(result.source, 'ai');
      assert.equal(result.patterns.length, 1);
      const p = result.patterns[0];
      assert.equal(p.journeys, 1);
      assert.equal(p.share, 0.5);
      assert.deepEqual(p.examples, [
        { journeyId: 'cancellations/a.json', stepIndex: 2, label: 'Received Payment Failure Notification' },
      ]);
      assert.equal(report.crossJourney, result);
      assert.ok(result.notes!.some((n) => /Dropped pattern "Ghost"/.test(n)));
      const sent = server.requests[0].body.messages[1].content as string;
      assert.match(sent, /^J1 \[outcome: cancel; 21 day\(s\)\]: 1\. Used Advanced Pro Features \(converted\)/m);
    });

    it('leaves the earlier cross-journey report in place and returns the error when the call fails', async () => {
      server.script(() => ({ status: 503, body: apiError('overloaded', 'server_error') }));
      const report = freshReport();
      const earlier = { source: 'rules' as const, patterns: [], generatedAt: 'x' };
      report.crossJourney = earlier;
      const result = await createAiAnalyzer(config()).analyzeAcross(report);
      assert.ok('error' in result);
      assert.equal(result.kind, 'server');
      assert.match(result.error, /HTTP 503/);
      assert.equal(report.crossJourney, earlier);
    });

    it('serves an unchanged folder from the cache', async () => {
      server.script(() => ({ body: completion(crossAnswer) }));
      await createAiAnalyzer(config()).analyzeAcross(freshReport());
      const second = await createAiAnalyzer(config()).analyzeAcross(freshReport());
      assert.ok(!('error' in second));
      assert.equal(server.requests.length, 1);
    });
  });
});
