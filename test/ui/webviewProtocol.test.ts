// The host's guard on what the webview sends: the webview renders recording text, so its messages are untrusted.
import assert from 'node:assert/strict';
import { hostMessage, isHostMessage, parseWebviewMessage } from '../../src/dashboard/journeys/protocol';

describe('host/webview protocol', () => {
  it('accepts well-formed webview messages and drops unknown fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'journeys/ready', extra: 1 }), { type: 'journeys/ready' });
    assert.deepEqual(
      parseWebviewMessage({ type: 'journeys/openStep', journeyId: 'a/b.json', stepIndex: 3, path: '/etc/passwd' }),
      { type: 'journeys/openStep', journeyId: 'a/b.json', stepIndex: 3 },
    );
    assert.deepEqual(parseWebviewMessage({ type: 'journeys/reanalyze', journeyIds: ['x'], force: true }), {
      type: 'journeys/reanalyze',
      journeyIds: ['x'],
      force: true,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'journeys/reanalyze', force: 'yes' }), {
      type: 'journeys/reanalyze',
      force: false,
    });
    assert.deepEqual(parseWebviewMessage({ type: 'journeys/loadJourney', journeyId: 'a/b.json', all: true }), {
      type: 'journeys/loadJourney',
      journeyId: 'a/b.json',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'journeys/search', text: 'cancel plan' }), {
      type: 'journeys/search',
      text: 'cancel plan',
    });
  });

  it('rejects unknown types and wrongly typed fields', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'journeys/openStep', journeyId: 'a', stepIndex: 0 },
      { type: 'journeys/openStep', journeyId: 'a', stepIndex: 1.5 },
      { type: 'journeys/openStep', journeyId: 7, stepIndex: 1 },
      { type: 'journeys/classify' },
      { type: 'journeys/loadJourney' },
      { type: 'journeys/loadJourney', journeyId: 3 },
      { type: 'journeys/search', text: 'x'.repeat(5000) },
      { type: 'journeys/reanalyze', journeyIds: [1], force: true },
      { type: 'getApiKey' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('recognises host messages built with hostMessage and ignores unrelated posts', () => {
    assert.ok(isHostMessage(hostMessage('journeys/reveal', { journeyId: 'a', stepIndex: 2 })));
    assert.ok(isHostMessage(hostMessage('journeys/busy', { busy: true })));
    assert.ok(
      isHostMessage(
        hostMessage('journeys/journeyDetail', { journeyId: 'a', result: { ok: false, error: 'no longer there' } }),
      ),
    );
    assert.equal(isHostMessage({ type: 'vscode-internal' }), false);
    assert.equal(isHostMessage('report'), false);
  });
});
