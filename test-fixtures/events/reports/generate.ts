/**
 * Hand-made EventsReport fixtures for the event dashboard, typed against src/core/events/types.ts so they match the
 * engine's report exactly. The numbers are chosen, not computed from a log; derived figures (conversions, drop-offs)
 * follow from the chosen counts so they agree with each other.
 * `node_modules/.bin/node --import tsx test-fixtures/events/reports/generate.ts` rewrites the JSON files.
 *  - shop.json: a shop log with every section, a breakdown, paths by group and a scatter sample;
 *  - pages.json: page sequences (no time, no prices): retention, LTV and segments are null with notes;
 *  - hostile.json: strings carrying HTML, script, Mermaid/markdown, javascript: URLs, RTL and zero-width characters,
 *    and very long text, in every place the dashboard shows a string.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventsReport, FunnelStepResult, PageStat, SegmentPoint, StepDetails } from '../../../src/core/events/types';

export const HOSTILE = {
  img: '<img src=x onerror="window.__pwned=\'img\'">',
  script: '<script>window.__pwned="script"</script>',
  closeScript: '</script><script>window.__pwned="close"</script>',
  svg: '<svg onload="window.__pwned=\'svg\'"><circle r=5></circle></svg>',
  mermaid: 'A-->B; click A call alert(1) %%{init: {"securityLevel":"loose"}}%%',
  markdown: '[click me](javascript:window.__pwned=\'md\') **bold** <b>b</b>',
  jsUrl: 'javascript:window.__pwned=\'url\'',
  rtl: '\u202Eevil.exe\u202C مرحبا',
  zeroWidth: 'pay\u200Bment\u200D\uFEFF',
  style: '<style>body{display:none}</style>',
  long: `long-${'x'.repeat(5000)}-end`,
} as const;

/** A tiny deterministic generator (mulberry32), so the fixtures are the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function steps(defs: { name: string; match: string; count: number; medianMs: number | null }[], ids: (step: number) => string[]): FunnelStepResult[] {
  const first = defs[0].count;
  return defs.map((d, i) => ({
    name: d.name,
    match: d.match,
    count: d.count,
    conversionFromStart: first ? d.count / first : 0,
    conversionFromPrevious: i === 0 ? 1 : defs[i - 1].count ? d.count / defs[i - 1].count : 0,
    medianTimeFromPreviousMs: i === 0 ? null : d.medianMs,
    dropped: i === 0 ? 0 : defs[i - 1].count - d.count,
    droppedSample: i === 0 ? [] : ids(i + 1),
  }));
}

function pages(units: number, rows: [string, number, number][]): PageStat[] {
  return rows.map(([page, visits, journeys]) => ({ page, visits, journeys, importance: journeys / units }));
}

export function shopReport(): EventsReport {
  const rnd = random(7);
  const funnelDefs = [
    { name: 'session_start', match: 'session_start', count: 1000, medianMs: null },
    { name: 'Viewed product', match: 'event=product_view', count: 820, medianMs: 45_000 },
    { name: 'Added to cart', match: 'event=add_to_cart & category!=gift', count: 410, medianMs: 180_000 },
    { name: 'purchase', match: 'purchase', count: 160, medianMs: 3_600_000 },
  ];
  const groupDefs = (scale: number[]) => funnelDefs.map((d, i) => ({ ...d, count: Math.round(d.count * scale[i]) }));
  const clusters = [
    { id: 0, name: 'frequent, high spend', size: 180, centroid: { recency_days: 6, sessions: 14, events: 210, monetary: 820, avg_session_min: 11, categories: 5 } },
    { id: 1, name: 'occasional browsers', size: 620, centroid: { recency_days: 41, sessions: 3, events: 34, monetary: 40, avg_session_min: 4, categories: 2 } },
    { id: 2, name: 'lapsed, one purchase', size: 200, centroid: { recency_days: 160, sessions: 2, events: 18, monetary: 95, avg_session_min: 6, categories: 1 } },
  ];
  const centres = [[2.2, 0.6], [-0.8, -0.3], [0.4, 1.9]];
  const points: SegmentPoint[] = [];
  for (const c of clusters) {
    for (let i = 0; i < Math.round(c.size / 2); i++) {
      const [cx, cy] = centres[c.id];
      const jitter = () => (rnd() + rnd() + rnd() - 1.5) * 0.9;
      points.push({
        user: `u${c.id}-${i}`, cluster: c.id, x: round(cx + jitter()), y: round(cy + jitter()),
        features: Object.fromEntries(Object.entries(c.centroid).map(([k, v]) => [k, round(Math.max(0, v * (1 + (rnd() - 0.5) * 0.8)))])),
      });
    }
  }
  const units = 1000;
  const retained = (size: number, len: number, base: number) => Array.from({ length: len }, (_, m) => (m === 0 ? 1 : Math.round(size * base * Math.pow(0.82, m - 1)) / size));
  return {
    schemaVersion: 1,
    kind: 'events',
    generatedAt: '2026-03-01T12:00:00.000Z',
    root: '/data/shop',
    sources: [
      { file: 'events.csv', layout: 'csv', rows: 48_211, rejected: 2, roles: { user: 'user_id', session: 'session_id', time: 'timestamp', event: 'event_type' }, table: 'events' },
      { file: 'users.csv', layout: 'csv', rows: 1000, rejected: 0, roles: { user: 'user_id', session: null, time: null, event: null }, table: 'users' },
      { file: 'products.csv', layout: 'csv', rows: 120, rejected: 0, roles: { user: 'product_id', session: null, time: null, event: null }, table: 'products' },
    ],
    units: { users: 1000, sessions: 3412, events: 48_209 },
    funnel: {
      unit: 'user', window: '7d', order: 'sequential', suggested: false,
      steps: steps(funnelDefs, (k) => Array.from({ length: 5 }, (_, i) => `u${k}${String(i).padStart(3, '0')}`)),
      breakdown: {
        by: 'segment',
        groups: [
          { value: 'premium', steps: steps(groupDefs([0.3, 0.28, 0.18, 0.09]), () => ['u900']) },
          { value: 'standard', steps: steps(groupDefs([0.5, 0.4, 0.18, 0.06]), () => ['u500']) },
          { value: 'trial', steps: steps(groupDefs([0.2, 0.14, 0.05, 0.01]), () => ['u100']) },
        ],
      },
      warnings: [],
    },
    friction: [
      { message: 'Payment declined', path: '/checkout/payment', sessions: 96, users: 81, converted: 12, conversionRate: 0.125, baselineConversionRate: 0.31 },
      { message: 'Coupon code is not valid', path: '/cart', sessions: 64, users: 60, converted: 15, conversionRate: 0.234, baselineConversionRate: 0.30 },
      { message: 'Address could not be verified', path: '/checkout/address', sessions: 22, users: 21, converted: 6, conversionRate: 0.273, baselineConversionRate: 0.30 },
    ],
    paths: {
      unit: 'user', units,
      pages: pages(units, [['/home', 2900, 930], ['/products', 2400, 820], ['/products/detail', 2100, 790], ['/cart', 880, 410],
        ['/checkout/address', 300, 220], ['/checkout/payment', 260, 190], ['/order/confirmed', 170, 160], ['/account', 410, 250], ['/help', 120, 90]]),
      transitions: [
        { from: '/home', to: '/products', count: 1800 }, { from: '/products', to: '/products/detail', count: 1650 },
        { from: '/products/detail', to: '/cart', count: 700 }, { from: '/products/detail', to: '/products', count: 600 },
        { from: '/home', to: '/account', count: 300 }, { from: '/cart', to: '/checkout/address', count: 290 },
        { from: '/checkout/address', to: '/checkout/payment', count: 250 }, { from: '/checkout/payment', to: '/order/confirmed', count: 165 },
        { from: '/cart', to: '/products', count: 200 }, { from: '/home', to: '/help', count: 90 }, { from: '/account', to: '/home', count: 150 },
      ],
      sequences: [
        { pages: ['/home', '/products', '/products/detail'], count: 1500 },
        { pages: ['/products', '/products/detail', '/cart'], count: 640 },
        { pages: ['/cart', '/checkout/address', '/checkout/payment'], count: 240 },
        { pages: ['/checkout/address', '/checkout/payment', '/order/confirmed'], count: 160 },
      ],
      length: { mean: 9.6, median: 7, p90: 21 },
      byGroup: {
        by: 'subscription_type',
        groups: [
          { value: 'Annual', units: 300, pages: pages(300, [['/home', 900, 290], ['/products', 700, 260], ['/cart', 300, 160], ['/order/confirmed', 80, 75]]), transitions: [{ from: '/home', to: '/products', count: 600 }], sequences: [], length: { mean: 11.2, median: 9, p90: 24 } },
          { value: 'Monthly', units: 500, pages: pages(500, [['/home', 1500, 460], ['/products', 1300, 420], ['/cart', 420, 190], ['/order/confirmed', 70, 65]]), transitions: [{ from: '/home', to: '/products', count: 900 }], sequences: [], length: { mean: 8.9, median: 7, p90: 19 } },
          { value: 'Quarterly', units: 200, pages: pages(200, [['/home', 500, 180], ['/products', 400, 140], ['/cart', 160, 60], ['/order/confirmed', 20, 20]]), transitions: [{ from: '/home', to: '/products', count: 300 }], sequences: [], length: { mean: 8.1, median: 6, p90: 17 } },
        ],
      },
    },
    retention: {
      period: 'month', cohortBy: 'first-event',
      cohorts: [
        { cohort: '2025-09', size: 220, retained: retained(220, 6, 0.42) },
        { cohort: '2025-10', size: 240, retained: retained(240, 5, 0.38) },
        { cohort: '2025-11', size: 190, retained: retained(190, 4, 0.45) },
        { cohort: '2025-12', size: 160, retained: retained(160, 3, 0.33) },
        { cohort: '2026-01', size: 110, retained: retained(110, 2, 0.36) },
        { cohort: '2026-02', size: 80, retained: [1] },
      ],
    },
    segments: { k: 3, kChosenBy: 'silhouette', features: Object.keys(clusters[0].centroid), silhouette: 0.41, clusters, points },
    ltv: {
      weeks: 26.1, lifespanYears: 10,
      top: [
        { customer: 'c-1042', ltv: 48_213.4, visits: 61, expenditure: 2419.5, visitsPerWeek: 2.34 },
        { customer: 'c-0007', ltv: 31_940.75, visits: 44, expenditure: 1603, visitsPerWeek: 1.69 },
        { customer: 'c-0311', ltv: 18_002.1, visits: 30, expenditure: 903.4, visitsPerWeek: 1.15 },
        { customer: 'c-0420', ltv: 9_870, visits: 19, expenditure: 495.3, visitsPerWeek: 0.73 },
        { customer: 'c-0999', ltv: 6_416.8, visits: 12, expenditure: 322, visitsPerWeek: 0.46 },
      ],
    },
    journeys: null,
    notes: {},
    problems: [
      { file: 'events.csv', line: 1207, column: 4, message: 'unparsable time "2025-13-40T25:00"', severity: 'error' },
      { file: 'events.csv', line: 30_112, message: 'row has 9 columns, the header has 10', severity: 'error' },
    ],
  };
}

export function pagesReport(): EventsReport {
  const units = 400;
  return {
    schemaVersion: 1, kind: 'events', generatedAt: '2026-03-01T12:00:00.000Z', root: '/data/journeys',
    sources: [{ file: 'user_journey_raw.csv', layout: 'page-sequences', rows: 400, rejected: 0, roles: { user: 'user_id', session: 'session_id', time: null, event: null }, table: 'events' }],
    units: { users: 310, sessions: 400, events: 2980 },
    funnel: {
      unit: 'user', window: null, order: 'sequential', suggested: true,
      steps: steps([
        { name: 'Homepage', match: 'page=Homepage', count: 300, medianMs: null },
        { name: 'Pricing', match: 'page=Pricing', count: 140, medianMs: null },
        { name: 'Checkout', match: 'page=Checkout', count: 35, medianMs: null },
      ], () => ['1001', '1002']),
      breakdown: null,
      warnings: ['Step "Checkout" matched few events; page has 14 values, e.g. Homepage, Pricing, Log in'],
    },
    friction: null,
    paths: {
      unit: 'user', units,
      pages: pages(units, [['Homepage', 900, 380], ['Log in', 500, 260], ['Pricing', 300, 140], ['Checkout', 40, 35]]),
      transitions: [{ from: 'Homepage', to: 'Log in', count: 240 }, { from: 'Homepage', to: 'Pricing', count: 130 }, { from: 'Pricing', to: 'Checkout', count: 35 }],
      sequences: [{ pages: ['Homepage', 'Pricing', 'Checkout'], count: 30 }],
      length: { mean: 7.45, median: 6, p90: 14 },
      byGroup: null,
    },
    retention: null,
    segments: null,
    ltv: null,
    journeys: null,
    notes: {
      friction: 'No error events: no css, event or type mentions an error.',
      retention: 'Page sequences have no timestamps, so there is no retention.',
      segments: 'Page sequences have no time or prices: too few features for segments.',
      ltv: 'No order amounts or prices, so no lifetime value.',
    },
    problems: [],
  };
}

export function hostileReport(): EventsReport {
  const H = HOSTILE;
  const r = shopReport();
  r.root = `/data/${H.script}`;
  r.sources[0] = { ...r.sources[0], file: `${H.closeScript}.csv`, roles: { user: H.img, session: H.rtl, time: 'timestamp', event: H.mermaid } };
  const f = r.funnel!;
  f.steps[0] = { ...f.steps[0], name: H.img, match: H.script };
  f.steps[1] = { ...f.steps[1], name: H.markdown, match: `path^=${H.jsUrl}` };
  f.steps[2] = { ...f.steps[2], name: H.long, match: `text*=${H.mermaid}` };
  f.steps[3] = { ...f.steps[3], name: H.rtl, match: H.zeroWidth, droppedSample: [H.img, H.jsUrl, H.long] };
  f.warnings = [`Step "${H.svg}" matched no event; event has values ${H.style}`];
  f.breakdown!.by = H.svg;
  f.breakdown!.groups[0].value = H.script;
  f.breakdown!.groups[1].value = H.rtl;
  r.friction = [
    { message: H.script, path: H.jsUrl, sessions: 41, users: 40, converted: 5, conversionRate: 5 / 41, baselineConversionRate: 0.3 },
    { message: H.img, path: H.closeScript, sessions: 17, users: 17, converted: 2, conversionRate: 2 / 17, baselineConversionRate: 0.3 },
    { message: H.long, path: null, sessions: 9, users: 9, converted: 1, conversionRate: 1 / 9, baselineConversionRate: 0.3 },
  ];
  const p = r.paths!;
  p.pages = pages(p.units, [[H.img, 900, 800], [H.script, 700, 600], [H.jsUrl, 400, 300], [H.mermaid, 300, 200], [H.rtl, 200, 150], [H.long, 100, 90], [H.zeroWidth, 50, 40]]);
  p.transitions = [
    { from: H.img, to: H.script, count: 500 }, { from: H.script, to: H.jsUrl, count: 300 }, { from: H.img, to: H.mermaid, count: 200 },
    { from: H.jsUrl, to: H.long, count: 90 }, { from: H.mermaid, to: H.rtl, count: 80 },
  ];
  p.sequences = [{ pages: [H.img, H.script, H.jsUrl], count: 280 }, { pages: [H.markdown, H.style, H.svg], count: 20 }];
  p.byGroup!.by = H.markdown;
  p.byGroup!.groups[0].value = H.closeScript;
  p.byGroup!.groups[0].pages = pages(300, [[H.img, 200, 190], [H.long, 20, 20]]);
  r.retention!.cohortBy = H.style;
  r.segments!.features = [H.img, 'sessions'];
  r.segments!.clusters = r.segments!.clusters.map((c, i) => ({ ...c, name: [H.script, H.rtl, H.long][i], centroid: { [H.img]: c.centroid.recency_days, sessions: c.centroid.sessions } }));
  r.segments!.points = r.segments!.points!.slice(0, 60).map((pt, i) => ({ ...pt, user: i % 2 ? H.img : H.jsUrl, features: { [H.img]: pt.x, sessions: pt.y } }));
  r.ltv!.top[0].customer = H.script;
  r.ltv!.top[1].customer = H.jsUrl;
  r.ltv!.top[2].customer = H.long;
  r.notes = { retention: H.markdown, segments: H.closeScript };
  r.problems = [{ file: H.img, line: 3, column: 1, message: H.script, severity: 'error' }, { file: H.jsUrl, message: H.long, severity: 'warning' }];
  return r;
}

/** What a fake host answers for `events/stepDetails` on shop.json: one dropped unit of `total`, its events in order. */
export function stepDetailsFor(step: number, index: number, total: number, hostile = false): StepDetails {
  const H = HOSTILE;
  const unitId = hostile ? `${H.img}#${index}` : `u${step}${String(index).padStart(3, '0')}`;
  const base = Date.UTC(2026, 0, 5, 10, 0, 0) + index * 86_400_000;
  const rows: [string, Record<string, string | number | null>][] = hostile
    ? [[H.script, { path: H.jsUrl, css: H.img, text: H.mermaid, value: H.long }], [H.rtl, { path: H.zeroWidth, css: H.svg, text: H.markdown, value: H.closeScript }]]
    : [['session_start', { path: '/home', css: null, text: null, value: null }], ['product_view', { path: '/products/detail', css: 'a.product', text: 'Blue mug', value: 12.5 }],
      ['product_view', { path: '/products/detail', css: 'a.product', text: 'Red mug', value: 11 }]];
  return {
    step, unit: 'user', unitId, index, total,
    events: rows.map(([event, props], i) => ({ rowId: 1000 * index + i, file: hostile ? H.img : 'events.csv', line: 200 * index + i + 2, ts: new Date(base + i * 60_000).toISOString(), event, props })),
  };
}

if (require.main === module) {
  const dir = __dirname;
  for (const [name, report] of [['shop.json', shopReport()], ['pages.json', pagesReport()], ['hostile.json', hostileReport()]] as const) {
    writeFileSync(join(dir, name), `${JSON.stringify(report, null, 1)}\n`);
    console.log(join(dir, name));
  }
}
