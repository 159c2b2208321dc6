import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  FRICTION_RULES,
  hasFriction,
  mayHaveFriction,
  type FrictionKind,
} from '../../../../src/core/journeys/stepKinds';
import type { Report } from '../../../../src/core/journeys/types';
import { REPO_ROOT } from '../../../support/paths';

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, 'test-fixtures/reports', name), 'utf8')) as Report;

describe('friction pre-check (mayHaveFriction)', () => {
  it('is true exactly when some kind of friction matches, on every fixture step and on each rule’s own words', () => {
    const steps: { label: string; details: string }[] = [];
    for (const name of ['small.json', 'hostile.json']) for (const j of fixture(name).journeys) steps.push(...j.steps);
    const words = ['Payment declined', 'timed out', 'Contacted us', 'Unsubscribed', 'before you go', 'win-back'];
    for (const w of words) steps.push({ label: w, details: '' }, { label: '', details: `the user ${w.toLowerCase()}` });
    steps.push({ label: 'Opened the dashboard', details: 'Nothing happened.' }, { label: '', details: '' });
    for (const step of steps) {
      const any = (Object.keys(FRICTION_RULES) as FrictionKind[]).some((k) => hasFriction(step, k));
      assert.equal(mayHaveFriction(step), any, JSON.stringify(step));
    }
  });
});
