import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { locateJsonPath, parseRecording } from '../../../../../src/core/journeys/parse';
import { REPO_ROOT } from '../../../../support/paths';

const LAYOUTS = path.resolve(REPO_ROOT, 'test-fixtures/layouts');

describe('locating a step in its file (locateJsonPath)', () => {
  it('finds the third step of the second chunk at the line of its opening brace', () => {
    const text = readFileSync(path.join(LAYOUTS, 'chunk-map-basic.json'), 'utf8');
    const where = locateJsonPath(text, [
      'export-01a2b3c5-e6f7-48a9-8b1c-2d3e4f5a6b7c.ph-recording-chunk-summaries',
      'steps',
      2,
    ]);
    assert.ok(where);
    assert.equal(text[where.offset], '{');
    assert.equal(text.split('\n')[where.line - 1].trim(), '{');
    assert.equal(text.slice(where.offset).split('\n')[1].trim(), '"label": "Payment Successful Popup Displayed",');
    assert.equal(where.column, 7);
  });

  it('finds every parsed step from its sourcePath, in a regrouped and in a commented file', () => {
    for (const name of ['regrouped.json', 'comments-trailing-commas.json']) {
      const text = readFileSync(path.join(LAYOUTS, name), 'utf8');
      const { journey } = parseRecording({ text, file: name, relPath: name, outcomeRules: [] });
      for (const step of journey!.steps) {
        const where = locateJsonPath(text, step.sourcePath);
        assert.ok(where, `${name} step ${step.index}`);
        assert.ok(
          text.slice(where.offset, where.offset + 400).includes(JSON.stringify(step.label)),
          `${name} step ${step.index}`,
        );
      }
    }
  });

  it('counts a BOM in the offset but not in the column', () => {
    const text = readFileSync(path.join(LAYOUTS, 'bom.json'), 'utf8');
    const where = locateJsonPath(text, ['export-0199d3d3-4444-4555-8666-c77788889999.ph-recording-chunk-summaries']);
    assert.deepEqual(where, { offset: text.indexOf('{', 2), line: 2, column: 79 });
  });

  it('returns null for a path that is not in the file', () => {
    const text = readFileSync(path.join(LAYOUTS, 'chunk-map-basic.json'), 'utf8');
    assert.equal(locateJsonPath(text, ['no-such-chunk', 'steps', 0]), null);
    assert.equal(locateJsonPath('', ['a']), null);
  });
});
