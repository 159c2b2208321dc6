/**
 * Report fixtures for the dashboard, made by running synthetic journeys through the real core (buildReport), then
 * adding by hand what only the AI path produces (an AI analysis, a failed analysis) and a file problem.
 * `npx tsx test-fixtures/reports/generate.ts` rewrites small.json and hostile.json; the bench calls `largeReport`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Journey, JourneyReport, Report, Status, Step } from '../../src/core/journeys/types';
import { withDefaults } from '../../src/core/journeys/options';
import { seededRandom } from '../../src/core/shared/random';
import { buildReport } from '../../src/core/journeys/report';

type Kind = 'upgrade' | 'cancel' | 'open-up' | 'open-down';

const BROWSE = ['Viewed pricing page', 'Opened dashboard', 'Searched help center', 'Invited a teammate', 'Created a project', 'Viewed usage report', 'Exported CSV', 'Opened settings'];
const UPGRADE = ['Compared Pro and Team plans', 'Started checkout', 'Entered card details', 'Upgraded to Pro plan', 'Enabled premium feature'];
const CANCEL = ['Hit export limit error', 'Contacted support about billing', 'Opened cancellation page', 'Declined retention offer', 'Cancelled subscription'];

function iso(day: number): string {
  return new Date(Date.UTC(2024, 8, 1) + day * 86_400_000).toISOString().slice(0, 10);
}

function clock(ms: number): string {
  const s = ms / 1000;
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${(s % 60).toFixed(1).padStart(4, '0')}`;
}

export function syntheticJourney(n: number, kind: Kind, seed = n): Journey {
  const r = seededRandom(seed * 7919 + 17);
  const length = 6 + Math.floor(r() * 10);
  // Some labelled journeys look like the other outcome until their last step, so the classifier is not perfect.
  const looksLike: Kind = kind === 'upgrade' && r() < 0.35 ? 'open-down' : kind === 'cancel' && r() < 0.35 ? 'open-up' : kind;
  const steps: Step[] = [];
  let day = Math.floor(r() * 20);
  let ms = 0;
  for (let i = 1; i <= length; i++) {
    const last = i === length;
    const late = i > length * 0.6;
    let label: string;
    let status: Status;
    if (kind === 'upgrade' && last) {
      label = 'Upgraded to Pro plan';
      status = 'converted';
    } else if (kind === 'cancel' && last) {
      label = 'Cancelled subscription';
      status = 'churned';
    } else if (looksLike === 'upgrade' && late) {
      label = UPGRADE[Math.floor(r() * (UPGRADE.length - 1))];
      status = 'attempted_conversion';
    } else if (looksLike === 'cancel' && late) {
      label = CANCEL[Math.floor(r() * (CANCEL.length - 1))];
      status = 'conversion_at_risk';
    } else if (looksLike === 'open-down' && late) {
      label = CANCEL[Math.floor(r() * 3)];
      status = 'conversion_at_risk';
    } else if (looksLike === 'open-up' && late) {
      label = UPGRADE[Math.floor(r() * 2)];
      status = 'attempted_conversion';
    } else {
      label = BROWSE[Math.floor(r() * BROWSE.length)];
      status = 'non-converted';
    }
    if (r() < 0.25) day += 1 + Math.floor(r() * 3);
    const dur = 4000 + Math.floor(r() * 40_000);
    steps.push({
      index: i, label, status, rawStatus: status, date: iso(day), startMs: ms, endMs: ms + dur,
      startClock: clock(ms), endClock: clock(ms + dur),
      details: `${label} from the ${['sidebar', 'top menu', 'email link', 'in-app banner'][Math.floor(r() * 4)]}; stayed ${Math.round(dur / 1000)} s.`,
      recordingId: `rec-${n}-${Math.ceil(i / 4)}`, sourcePath: ['chunks', Math.floor((i - 1) / 4), 'steps', (i - 1) % 4],
    });
    ms += dur + 1500;
  }
  const folder = kind === 'upgrade' ? 'upgrades' : kind === 'cancel' ? 'cancellations' : 'open';
  const name = `${kind.startsWith('open') ? 'session' : kind}-${String(n).padStart(3, '0')}`;
  const journey: Journey = {
    id: `${folder}/${name}.json`, file: `/data/journeys/${folder}/${name}.json`, name,
    outcome: kind === 'upgrade' ? 'upgrade' : kind === 'cancel' ? 'cancel' : 'open',
    outcomeSource: kind.startsWith('open') ? 'none' : 'folder',
    steps, recordings: Math.ceil(length / 4), warnings: [], contentHash: `h${seed.toString(16)}`,
  };
  return journey;
}

function mixedJourneys(count: number): Journey[] {
  const kinds: Kind[] = ['upgrade', 'cancel', 'upgrade', 'cancel', 'open-up', 'open-down'];
  return Array.from({ length: count }, (_, i) => syntheticJourney(i + 1, kinds[i % kinds.length]));
}

export function smallReport(): Report {
  const journeys = mixedJourneys(18);
  journeys[3].warnings.push('Recording rec-4-2 has no narrated steps; it counts as a recording but adds no steps.');
  const report = buildReport({
    root: '/data/journeys',
    journeys,
    problems: [{ file: 'broken/truncated.json', message: 'Unexpected end of JSON input', line: 3, column: 14, severity: 'error' }],
  }, withDefaults());
  report.generatedAt = '2024-10-20T09:30:00.000Z';
  const ai = report.journeys.find((j) => j.outcome === 'open')!;
  ai.analysis = {
    source: 'ai', model: 'gpt-4.1-mini', redacted: true, generatedAt: '2024-10-20T09:31:00.000Z',
    summary: 'A returning user explores plans after hitting limits and starts checkout twice without finishing.',
    keyMoments: [{ text: 'First looks at pricing', steps: [1] }, { text: 'Starts checkout', steps: [ai.steps.length] }],
    frictionPoints: [{ text: 'Checkout is abandoned without an error', steps: [ai.steps.length] }],
    intentSignals: [{ text: 'Compares plans more than once', steps: [1, 2] }],
    prediction: { outcome: 'cancel', confidence: 0.62, rationale: 'Repeated abandoned checkouts usually end in a cancellation here.' },
    recommendations: { product: ['Show the Team plan price before checkout starts.'], user: ['Offer a guided upgrade call this week.'] },
    tokens: { prompt: 1834, completion: 412 },
  };
  const failed = report.journeys.find((j) => j.outcome === 'cancel')!;
  failed.analysisError = 'The model service answered 500 (Internal Server Error) twice; try again later.';
  report.aiUsage = { prompt: 1834, completion: 412, requests: 2, cached: 0 };
  return report;
}

export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  script: '<script>window.__pwned="script"</script>',
  mermaidClick: '"]; click A call alert(1); B["',
  init: '%%{init: {"securityLevel": "loose", "theme": "base"}}%%',
};

/** A journey whose text tries HTML, script and Mermaid injection; one timeline is even written raw, as a tampered report might be. */
export function hostileReport(): Report {
  const base = syntheticJourney(1, 'cancel');
  const hostileTexts = [HOSTILE.img, HOSTILE.script, HOSTILE.mermaidClick, HOSTILE.init];
  base.steps = base.steps.map((s, i) => i < hostileTexts.length
    ? { ...s, label: hostileTexts[i], details: `${hostileTexts[(i + 1) % hostileTexts.length]} javascript:alert(1)` }
    : s);
  base.name = `evil ${HOSTILE.img}`;
  base.warnings = [HOSTILE.script];
  const plain = syntheticJourney(2, 'upgrade');
  const report = buildReport({ root: '/data/evil', journeys: [base, plain, syntheticJourney(3, 'cancel'), syntheticJourney(4, 'upgrade')], problems: [{ file: HOSTILE.img, message: HOSTILE.script, severity: 'warning' }] }, withDefaults());
  report.generatedAt = '2024-10-20T09:30:00.000Z';
  const evil = report.journeys.find((j) => j.steps[0].label === HOSTILE.img)!;
  evil.analysis = {
    ...evil.analysis!,
    summary: HOSTILE.script, keyMoments: [{ text: HOSTILE.img, steps: [1] }],
  };
  // A raw, unescaped timeline: the webview itself must keep it harmless (securityLevel strict, secure keys).
  const raw: JourneyReport = {
    ...report.journeys.find((j) => j !== evil)!,
    id: 'tampered/raw-timeline.json', name: 'tampered raw timeline',
    timeline: [
      HOSTILE.init,
      'flowchart LR',
      `  A["${HOSTILE.img}"] --> B["<script>window.__pwned='mermaid'</script>"]`,
      '  click A call alert(1)',
      '  click B href "javascript:window.__pwned=\'href\'"',
      '  classDef evil fill:#f00,stroke:#000',
      '  class A evil',
    ].join('\n'),
  };
  report.journeys.push(raw);
  return report;
}

/** `count` journeys for the first-paint bench: a 120-journey report through the core, cloned under new ids. */
export function largeReport(count: number): Report {
  const seedJourneys = mixedJourneys(Math.min(count, 120));
  const report = buildReport({ root: '/data/large', journeys: seedJourneys, problems: [] }, withDefaults());
  const proto = report.journeys;
  const journeys: JourneyReport[] = [];
  for (let i = 0; i < count; i++) {
    const p = proto[i % proto.length];
    const copy = Math.floor(i / proto.length);
    journeys.push(copy === 0 ? p : { ...p, id: `${p.id.replace(/\.json$/, '')}-${copy}.json`, name: `${p.name}-${copy}` });
  }
  return { ...report, journeys };
}

if (process.argv[1]?.endsWith('generate.ts')) {
  const dir = __dirname;
  writeFileSync(join(dir, 'small.json'), JSON.stringify(smallReport(), null, 1) + '\n');
  writeFileSync(join(dir, 'hostile.json'), JSON.stringify(hostileReport(), null, 1) + '\n');
  console.log(`wrote ${join(dir, 'small.json')} and hostile.json`);
}
