import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { looksLikeRecording } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

function head(name: string): string {
  return readFileSync(path.join(LAYOUTS, name), 'utf8').slice(0, 4096);
}

describe('finding recordings by content (looksLikeRecording)', () => {
  const recordings = [
    'chunk-map-basic.json',
    'chunk-map-bare-ids.json',
    'error-chunks.json',
    'regrouped.json',
    'comments-trailing-commas.json',
    'bom.json',
    'syntax-error.json',
    'single-chunk.json',
    'sniff-bare-error-first.json',
  ];
  for (const name of recordings) {
    it(`recognises ${name} from its first 4 KB`, () => assert.equal(looksLikeRecording(head(name)), true));
  }

  const others = [
    'sniff-package.json',
    'sniff-tsconfig.json',
    'sniff-workflow.json',
    'top-level-array.json',
    'empty.json',
    'binary.json',
  ];
  for (const name of others) {
    it(`passes over ${name}`, () => assert.equal(looksLikeRecording(head(name)), false));
  }

  it('recognises a chunk map keyed by bare ids from its first line alone', () => {
    assert.equal(looksLikeRecording('{\n  "0196f8c7-fcaa-91ec-17dc-2f94aa30af9a": {\n    "steps": ['), true);
  });

  it('does not take any JSON with a group_name for a regrouped export', () => {
    assert.equal(looksLikeRecording('{"group_name": "admins", "members": ["ana", "li"]}'), false);
  });

  it('recognises a regrouped export from the head of its first group', () => {
    assert.equal(looksLikeRecording('{"groups": [{"group_name": "Sign-up", "group_description": "'), true);
  });
});
