import assert from 'node:assert/strict';
import {
  journeyTimeline,
  MERMAID_MAX_EDGES,
  MERMAID_MAX_TEXT,
  STATUS_STYLES,
} from '../../../../src/core/journeys/timeline';
import { escapeMermaidLabel } from '../../../../src/core/shared/mermaidEscape';
import type { Journey, Status, Step } from '../../../../src/core/journeys/types';

function step(
  index: number,
  label: string,
  status: Status = 'non-converted',
  date = '2024-05-10',
  startMs = 42_500,
): Step {
  return {
    index,
    label,
    status,
    rawStatus: status,
    date,
    startMs,
    endMs: startMs + 1000,
    startClock: '00:42.5',
    endClock: '00:43.5',
    details: '',
    recordingId: 'r1',
    sourcePath: [],
  };
}

function journey(steps: Step[]): Journey {
  return {
    id: 'j.json',
    file: '/x/j.json',
    name: 'j',
    outcome: 'open',
    outcomeSource: 'none',
    steps,
    recordings: 1,
    warnings: [],
    contentHash: 'h',
  };
}

const HOSTILE = [
  '"]; click A call alert()',
  '%%{init: {"securityLevel":"loose"}}%%',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'a]-->b[evil',
  'x\nclassDef s1 fill:#f00;\nclick s1 href "javascript:alert(1)"',
  '`**markdown**`',
  'style s1 fill:#000;',
];

/** Everything between the quotes of every node/subgraph label, in source order. */
function labels(src: string): string[] {
  return [...src.matchAll(/\["([^"]*)"\]/g)].map((m) => m[1]);
}

function edgeCount(src: string): number {
  return (src.match(/-->|~~~|---|==>|-\.->/g) ?? []).length;
}

describe('journey timeline (Mermaid)', () => {
  it('is a left-to-right flowchart with one classDef per status, and no legend inside the diagram (the dashboard draws it)', () => {
    const src = journeyTimeline(journey([step(1, 'Signed up'), step(2, 'Upgraded', 'converted')]), { maxNodes: 60 });
    assert.match(src, /^flowchart LR\n/);
    for (const s of STATUS_STYLES.filter((x) => x.name !== 'unknown')) {
      assert.match(src, new RegExp(`classDef ${s.className} fill:${s.fill},stroke:[^,]+,color:#000000`));
    }
    assert.ok(!/subgraph|legend/.test(src), 'the status legend is HTML above the timeline, not a subgraph');
    assert.equal(labels(src).length, 2, 'one node per step, nothing else');
    assert.match(src, /s1 --> s2/);
    assert.match(src, /class [^\n]*s2[^\n]* st_converted/);
  });

  it('puts the date and the normalised clock time in every step node', () => {
    // 02:60.0 in a file is 3 minutes; the node shows the normalised time.
    const src = journeyTimeline(journey([step(1, 'A', 'non-converted', '2024-09-15', 180_000)]), { maxNodes: 60 });
    const node = labels(src).find((l) => l.startsWith('1. A'))!;
    assert.ok(node.includes('2024-09-15 03#58;00.0'), node);
  });

  it('labels an edge with the gap in days when the next step is on a later date', () => {
    const src = journeyTimeline(
      journey([step(1, 'A', 'non-converted', '2024-09-15'), step(2, 'B', 'churned', '2024-09-27')]),
      { maxNodes: 60 },
    );
    assert.match(src, /s1 -->\|"\+12 days"\| s2/);
  });

  it('shows an unknown status in its own dashed class', () => {
    const src = journeyTimeline(journey([step(1, 'A', 'unknown')]), { maxNodes: 60 });
    assert.match(src, /classDef st_unknown [^\n]*stroke-dasharray/);
    assert.match(src, /class [^\n]*\bs1\b[^\n]* st_unknown/);
    assert.ok(labels(src)[0].endsWith('#183; unknown'), labels(src)[0]);
  });

  it('renders a journey with no steps as a single note instead of an empty diagram', () => {
    const src = journeyTimeline(journey([]), { maxNodes: 60 });
    assert.match(src, /empty\["No steps in this journey"\]/);
  });

  describe('escaping hostile labels', () => {
    const src = journeyTimeline(journey(HOSTILE.map((l, i) => step(i + 1, l, 'churned'))), { maxNodes: 60 });
    const nodeLines = src.split('\n').filter((l) => /^\s+s\d+\[/.test(l));

    it('keeps every label inside exactly one pair of quotes on its own line', () => {
      assert.equal(nodeLines.length, HOSTILE.length);
      for (const line of nodeLines) {
        assert.equal((line.match(/"/g) ?? []).length, 2, line);
        assert.match(line, /^\s+s\d+\["[^"\n]*"\]$/);
      }
    });

    it('leaves no raw diagram syntax, directive or HTML from a recording in the source', () => {
      for (const line of nodeLines) {
        const inner = line.slice(line.indexOf('"') + 1, line.lastIndexOf('"')).replaceAll('<br/>', '');
        for (const bad of ['"', '[', ']', '{', '}', '<', '>', '%', ';', ':', '`', '|', '\n']) {
          // `;` only ever appears as the end of an entity code we wrote.
          const stripped = bad === ';' ? inner.replace(/#\d+;/g, '') : inner;
          assert.ok(!stripped.includes(bad), `${JSON.stringify(bad)} in ${line}`);
        }
      }
      assert.ok(!/click\s+A/i.test(src));
      assert.ok(!/\bcall alert/i.test(src));
      assert.ok(!src.includes('%%'));
      assert.ok(!/<img|<script|onerror=alert\(1\)>/i.test(src));
      assert.ok(!/\{\s*"?securityLevel/.test(src) && !src.includes('init:'));
      assert.ok(!/javascript:/i.test(src));
      assert.ok(!/^\s*click\b/im.test(src));
      assert.equal((src.match(/^\s*classDef /gm) ?? []).length, STATUS_STYLES.length + 1, 'only our own classDefs');
    });

    it('keeps the original text recoverable by decoding the entity codes', () => {
      const decoded = (s: string) => s.replace(/#(\d+);/g, (_m, d) => String.fromCodePoint(Number(d)));
      assert.equal(decoded(escapeMermaidLabel('"]; click A call alert()')), '"]; click A call alert()');
      assert.equal(
        decoded(escapeMermaidLabel('<script>x</script> 100% #1 café 🎉')),
        '<script>x</script> 100% #1 café 🎉',
      );
    });
  });

  it('never takes node ids from text: only generated ids appear before a bracket', () => {
    const src = journeyTimeline(journey([step(1, 'evil["x"]'), step(2, 'B')]), { maxNodes: 60 });
    const ids = [...src.matchAll(/^\s+([^\s[]+)\[/gm)].map((m) => m[1]);
    for (const id of ids) assert.match(id, /^(s\d+|more|empty)$/);
  });

  it('caps a long journey with a "+N more" node and keeps its last steps', () => {
    const steps = Array.from({ length: 100 }, (_, i) =>
      step(i + 1, `Step ${i + 1}`, i === 99 ? 'churned' : 'non-converted'),
    );
    const src = journeyTimeline(journey(steps), { maxNodes: 20 });
    const stepNodes = labels(src).filter((l) => /^\d+\. /.test(l));
    assert.equal(stepNodes.length, 19);
    const more = src.match(/more\["\+(\d+) more steps/);
    assert.ok(more);
    assert.equal(Number(more[1]) + stepNodes.length, 100);
    assert.ok(stepNodes.at(-1)!.startsWith('100. Step 100'));
    assert.ok(stepNodes[0].startsWith('1. Step 1'));
  });

  it("keeps a 2,000-step journey under Mermaid's 500-edge and 50,000-character limits, even when asked for more nodes", () => {
    const label = '<"]#;%{}> '.repeat(10); // every character needs an entity: the worst case for size
    const steps = Array.from({ length: 2000 }, (_, i) =>
      step(i + 1, label + i, STATUS_STYLES[i % 5].name, `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`),
    );
    for (const maxNodes of [60, 400, 5000]) {
      const src = journeyTimeline(journey(steps), { maxNodes });
      assert.ok(src.length < MERMAID_MAX_TEXT, `${src.length} chars with maxNodes ${maxNodes}`);
      assert.ok(edgeCount(src) < MERMAID_MAX_EDGES, `${edgeCount(src)} edges with maxNodes ${maxNodes}`);
      assert.match(src, /more\["\+\d+ more steps/);
    }
  });
});
