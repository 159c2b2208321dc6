import assert from 'node:assert/strict';
import {
  FRICTION_RULES,
  hasFriction,
  mayHaveFriction,
  type FrictionKind,
} from '../../../../src/core/journeys/stepKinds';
import { reportFixture as fixture } from '../../../support/reportFixtures';

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
