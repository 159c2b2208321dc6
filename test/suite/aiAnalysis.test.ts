import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Report } from '../../src/core/journeys/types';
import type { AiRunResult } from '../../src/host/aiRunner';
import type { HostMessage } from '../../src/dashboard/journeys/protocol';
import { completion, journeyAnswer, startOpenAiServer, type OpenAiTestServer } from '../support/openaiServer';
import { closeAllEditors, copyFixtureWorkspace, extensionApi, waitFor } from './support/host';

/**
 * A local OpenAI-compatible server on 127.0.0.1, started by the test inside the extension host: the real `openai`
 * client in the extension talks real HTTP to it. It answers every journey prompt with an analysis citing step 1.
 */
function startFakeOpenAi(): Promise<OpenAiTestServer> {
  return startOpenAiServer((req) => ({
    body: completion(
      req.body?.response_format?.json_schema?.name === 'journey_analysis'
        ? journeyAnswer('Local model summary: the user explored and then hesitated.', 'cancel')
        : JSON.stringify({ patterns: [] }),
    ),
  }));
}

describe('AI analysis with the key from SecretStorage', () => {
  let ws: ReturnType<typeof copyFixtureWorkspace>;
  let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
  const key = `sk-local-${Math.random().toString(36).slice(2)}`;
  const config = () => vscode.workspace.getConfiguration('journeyLens');

  before(async () => {
    const api = await extensionApi();
    fake = await startFakeOpenAi();
    await config().update('ai.baseUrl', fake.baseURL, vscode.ConfigurationTarget.Global);
    await config().update('ai.model', 'local-test-model', vscode.ConfigurationTarget.Global);
    ws = copyFixtureWorkspace();
    const ready = new Promise<void>((resolve) => api.dashboard.onDidBecomeReady(() => resolve()));
    const report = await vscode.commands.executeCommand<Report | undefined>('journeyLens.analyzeFolder', ws.uri);
    assert.equal(report?.root, ws.root, `the analysis of the fixture copy did not finish: ${api.lastError}`);
    await ready;
  });

  after(async () => {
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    await config().update('ai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('ai.model', undefined, vscode.ConfigurationTarget.Global);
    await fake?.close();
    await closeAllEditors();
    ws?.dispose();
  });

  it("after Set OpenAI API Key, Run AI Analysis puts the model's analysis on the journey and in the dashboard, and the key never reaches the webview", async () => {
    const api = await extensionApi();
    const posted: HostMessage[] = [];
    const sub = api.dashboard.onDidPost((m) => posted.push(m));
    try {
      await vscode.commands.executeCommand('journeyLens.setApiKey', key);
      const journey = api.report!.journeys.find((j) => j.id === 'inbox/session-us-207.json')!;
      // The host holds compact journeys: the rule-based analysis stays in the session worker until asked for.
      assert.equal(journey.analysisSource, 'rules');
      assert.equal(
        (await api.loadJourney(journey.id))?.analysis?.source,
        'rules',
        'before the AI run the rule-based analysis is shown',
      );
      const result = await vscode.commands.executeCommand<AiRunResult>('journeyLens.runAiAnalysis', {
        journeyId: journey.id,
      });
      assert.ok(result.ran, `the run did not start: ${!result.ran && result.reason}`);
      assert.equal(result.summary.analysed, 1, JSON.stringify(result.summary));
      assert.deepEqual(
        fake.requests.map((r) => r.headers.authorization),
        [`Bearer ${key}`],
      );
      const analysed = api.report!.journeys.find((j) => j.id === journey.id)!;
      assert.equal(analysed.analysis?.source, 'ai');
      assert.equal(analysed.analysis?.model, 'local-test-model');
      assert.match(analysed.analysis!.summary, /^Local model summary/);
      // The prompt was built from the steps the session worker sent (the host's journeys have none).
      const full = (await api.loadJourney(journey.id))!;
      assert.equal(full.analysis?.source, 'ai', 'the AI analysis made in the host wins over the rule-based one');
      const prompt = fake.requests.map((r) => String(r.body?.messages?.at(-1)?.content ?? '')).join('\n');
      assert.ok(prompt.includes(`Journey: ${full.steps.length} steps`), "the prompt did not carry the journey's steps");
      assert.ok(
        prompt.includes(`\n${full.steps.at(-1)!.index}. [`),
        "the prompt did not carry the journey's last step",
      );
      const toWebview = posted.find((m) => m.type === 'journeys/analysisResult' && m.journeyId === journey.id);
      assert.ok(
        toWebview &&
          toWebview.type === 'journeys/analysisResult' &&
          toWebview.result.ok &&
          toWebview.result.value.source === 'ai',
        'the dashboard was not sent the analysis',
      );
      assert.ok(!JSON.stringify(posted).includes(key), 'the API key was posted to the webview');
    } finally {
      sub.dispose();
    }
  });

  it('running it again for unchanged content is answered from the cache, without a request', async () => {
    const before = fake.requests.length;
    const result = await vscode.commands.executeCommand<AiRunResult>('journeyLens.runAiAnalysis', {
      journeyId: 'inbox/session-us-207.json',
    });
    assert.ok(result.ran);
    assert.equal(result.summary.cached, 1);
    assert.equal(fake.requests.length, before);
  });

  it('keeps the AI analysis of an unchanged journey when another file changes', async () => {
    const api = await extensionApi();
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const gone = join(ws.root, 'inbox', 'session-eu-114.json');
    rmSync(gone);
    await waitFor('the deleted journey to leave the report', () => !api.report!.journeys.some((j) => j.file === gone));
    assert.equal(api.report!.journeys.find((j) => j.id === 'inbox/session-us-207.json')?.analysis?.source, 'ai');
  });

  it('Clear OpenAI API Key stops AI runs with the offer to set a key', async () => {
    await vscode.commands.executeCommand('journeyLens.clearApiKey');
    await config().update('ai.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    const result = await vscode.commands.executeCommand<AiRunResult>('journeyLens.runAiAnalysis');
    assert.deepEqual(result, { ran: false, reason: 'no-key' });
  });
});
