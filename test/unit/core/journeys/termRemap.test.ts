import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { predictOutcomes } from '../../../../src/core/journeys/crossValidation';
import { TermSpace, prepareJourney } from '../../../../src/core/journeys/features';
import { withDefaults } from '../../../../src/core/journeys/options';
import { sortJourneys } from '../../../../src/core/journeys/report';
import { TermRemap } from '../../../../src/core/journeys/termRemap';
import type { Journey } from '../../../../src/core/journeys/types';
import { findCandidateFiles, relativeId } from '../../../../src/node/findRecordings';
import { parseFiles } from '../../../../src/node/parseFiles';
import { generateCorpus } from '../../../../test-fixtures/generate';

describe('features prepared on two threads (TermRemap)', () => {
  let dir: string;
  let journeys: Journey[];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'jl-remap-'));
    generateCorpus({ count: 120, seed: 5, openShare: 0.2, dir });
    const files = await findCandidateFiles(dir);
    const tasks = files.map((file) => ({ file, relPath: relativeId(dir, file) }));
    journeys = sortJourneys(
      parseFiles(tasks, withDefaults()).flatMap((r) => (r.kind === 'journey' ? [r.journey] : [])),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('maps the helper half onto the trainer space: the same term names at every position as preparing all in one space', () => {
    const one = new TermSpace();
    const expected = journeys.map((j) => prepareJourney(j, one));

    const ours = new TermSpace();
    const theirs = new TermSpace();
    const remap = new TermRemap(ours);
    // Two batches on their side, each answered with the terms from where we were when we asked: both asked before
    // either answer came, so the second repeats the first's terms.
    const half = Math.floor(journeys.length / 2);
    const got = journeys.map((j, i) => (i % 3 === 0 && i < half ? prepareJourney(j, theirs) : null));
    const first = theirs.termsFrom(remap.known);
    for (let i = 0; i < journeys.length; i++) if (i % 3 && !got[i]) got[i] = prepareJourney(journeys[i], ours);
    for (let i = half; i < journeys.length; i++) if (i % 3 === 0) got[i] = prepareJourney(journeys[i], theirs);
    const second = theirs.termsFrom(0);
    remap.add(first);
    for (let i = 0; i < half; i++) if (i % 3 === 0) remap.apply(got[i]!);
    remap.add(second);
    assert.equal(remap.known, theirs.names.length);
    for (let i = half; i < journeys.length; i++) if (i % 3 === 0) remap.apply(got[i]!);

    for (const [i, p] of got.entries()) {
      assert.deepEqual(
        [...p!.termIds].map((id) => ours.label(id)),
        [...expected[i].termIds].map((id) => one.label(id)),
        journeys[i].id,
      );
      assert.deepEqual(p!.firstStep, expected[i].firstStep);
    }
  });

  it('refuses a term id it was never sent', () => {
    const theirs = new TermSpace();
    const p = prepareJourney(journeys[0], theirs);
    const remap = new TermRemap(new TermSpace());
    remap.add({ offset: 0, names: [], types: [] });
    assert.throws(() => remap.apply(p), /not sent/);
  });

  it('trains the same model whatever order the terms were interned in', () => {
    const options = withDefaults();
    const plain = predictOutcomes(journeys, options);
    const reversed = { space: new TermSpace(), byJourney: new WeakMap() };
    for (const j of [...journeys].reverse()) reversed.byJourney.set(j, prepareJourney(j, reversed.space));
    const shuffled = predictOutcomes(journeys, options, { prepared: reversed });
    assert.deepEqual(shuffled.predictions, plain.predictions);
    assert.deepEqual(shuffled.model, plain.model);
  });
});
