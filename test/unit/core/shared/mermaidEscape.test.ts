import assert from 'node:assert/strict';
import { clock } from '../../../../src/core/shared/format';
import { escapeMermaidLabel, escapeMermaidLabelThoroughly } from '../../../../src/core/shared/mermaidEscape';
import { reportFixture as fixture } from '../../../support/reportFixtures';

describe('Mermaid label escaping: the plain-text shortcut', () => {
  it('gives what the thorough path gives, for every label and detail of the fixtures and for near misses', () => {
    const texts = [
      'Click Upgrade',
      "Click 'Get Started' (Initiate Free Trial Sign-Up)",
      'classDef end init',
      'Subgraph-ending javascript:alert(1)',
      ' leading space',
      'trailing space ',
      'two  spaces',
      'tab\there',
      'new\nline',
      'ümlaut café',
      'x'.repeat(60),
      '',
      'a:b',
      '50% off',
      'A #1; entity',
    ];
    for (const name of ['small.json', 'hostile.json'])
      for (const j of fixture(name).journeys) for (const s of j.steps) texts.push(s.label, s.details, s.rawStatus);
    for (const t of texts) {
      assert.equal(escapeMermaidLabel(t), escapeMermaidLabelThoroughly(t), JSON.stringify(t));
      for (const maxLength of [1, 10, 48, 100])
        assert.equal(
          escapeMermaidLabel(t, { maxLength }),
          escapeMermaidLabelThoroughly(t, { maxLength }),
          `${JSON.stringify(t)} cut at ${maxLength}`,
        );
    }
  });

  it('escapes a generated date and clock by replacing its colons, as the timeline assumes', () => {
    const clocks = [0, 100, 59_999, 60_000, 3_599_999, 3_600_000, 86_400_000 * 400, 1e21, Number.MAX_VALUE].map(clock);
    for (const c of clocks) {
      for (const when of [c, `2024-09-15 ${c}`, '2024-09-15']) {
        if (!when) continue;
        assert.match(when, /^[\d.:+e-]+(?: [\d.:+e-]+)?$/);
        assert.equal(escapeMermaidLabelThoroughly(when), when.replaceAll(':', '#58;'), when);
      }
    }
  });
});
