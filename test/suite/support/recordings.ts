// Builds recording files in the chunk-map layout of real exports, deterministically from a seed, so tests can write
// as many as they need (the 1,000-file burst) and test-fixtures/workspace can be regenerated (writeWorkspace.ts).

export type Leaning = 'upgrade' | 'cancel';

const COMMON = [
  ['Opened Dashboard', 'The user lands on the main dashboard and scrolls through the recent activity feed.'],
  ['Created Project', 'The user creates a new project from the empty-state button and names it.'],
  ['Edited Settings', 'The user changes notification preferences in the account settings page.'],
  ['Searched Help Center', 'The user types a question into the help center search box and opens the first article.'],
];

const UPGRADE = [
  ['Viewed Pricing Page', 'The user opens the pricing page and hovers over the Plus plan card.'],
  ['Compared Plans', 'The user toggles annual billing and compares the Plus and Business plan features.'],
  ['Invited Teammates', 'The user invites three teammates by email from the team page.'],
  ['Started Checkout', 'The user clicks Upgrade to Plus and the checkout form opens.'],
  ['Entered Payment Details', 'The user fills in card details on the checkout form and submits.'],
];

const CANCEL = [
  ['Opened Billing Settings', 'The user opens billing settings and looks at the current invoice.'],
  ['Error Loading Reports', 'An error banner says reports could not be loaded; the user reloads the page twice.'],
  ['Contacted Support', 'The user opens the support chat and complains that exports keep failing.'],
  ['Viewed Retention Offer', 'A modal offers 50% off for three months; the user dismisses it.'],
  ['Clicked Cancel Subscription', 'The user clicks Cancel subscription at the bottom of the billing page.'],
];

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function clock(ms: number): string {
  const m = Math.floor(ms / 60000);
  const s = (ms % 60000) / 1000;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

function hexId(r: () => number): string {
  const h = () => Math.floor(r() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-${part(4)}-${part(4)}-${part(12)}`;
}

export interface RecordingSpec {
  seed: number;
  leaning: Leaning;
  /** A known outcome ends with converted/churned; an open journey must not, or its outcome would be known. */
  open: boolean;
  steps?: number;
}

/** The text of one recording file. */
export function recordingText(spec: RecordingSpec): string {
  const r = rng(spec.seed * 7919 + (spec.leaning === 'upgrade' ? 1 : 2));
  const n = spec.steps ?? 5 + Math.floor(r() * 6);
  const lean = spec.leaning === 'upgrade' ? UPGRADE : CANCEL;
  const other = spec.leaning === 'upgrade' ? CANCEL : UPGRADE;
  const chunks: Record<string, unknown> = {};
  const perChunk = Math.max(2, Math.ceil(n / 2));
  let day = 1 + Math.floor(r() * 20);
  let made = 0;
  for (let c = 0; made < n; c++) {
    const id = `export-${hexId(r)}.ph-recording-chunk-summaries`;
    const steps = [];
    let ms = 1000 + Math.floor(r() * 20000);
    for (let i = 0; i < perChunk && made < n; i++, made++) {
      const last = made === n - 1;
      const pool = r() < 0.75 ? lean : r() < 0.5 ? COMMON : other;
      const [label, details] = pool[Math.floor(r() * pool.length)]!;
      const status =
        last && !spec.open
          ? spec.leaning === 'upgrade'
            ? 'converted'
            : 'churned'
          : spec.leaning === 'upgrade'
            ? made > n / 2
              ? 'attempted_conversion'
              : 'non-converted'
            : made > n / 2
              ? 'conversion_at_risk'
              : 'non-converted';
      const end = ms + Math.floor(r() * 9000);
      steps.push({
        label,
        date: `2024-03-${String(day).padStart(2, '0')}`,
        status,
        recordingReel: {
          start: clock(ms),
          end: clock(end),
          details,
          filename: `${id}.json`,
          start_ms_since: ms,
          end_ms_since: end,
          recording_id: id,
        },
      });
      ms = end + 2000 + Math.floor(r() * 30000);
    }
    chunks[id] = { steps, usage_metadata: null, _order: c };
    day = Math.min(28, day + Math.floor(r() * 3));
  }
  return JSON.stringify(chunks, null, 2) + '\n';
}

/** A recording with a syntax error: the comma after the first step's "label" is dropped. Returns the text and where. */
export function brokenRecordingText(spec: RecordingSpec): { text: string; line: number; column: number } {
  const good = recordingText(spec);
  const lines = good.split('\n');
  const i = lines.findIndex((l) => l.includes('"label"'));
  lines[i] = lines[i]!.replace(/,$/, '');
  // The parser reports the token after the missing comma: the start of the next line's property.
  const next = lines[i + 1]!;
  return { text: lines.join('\n'), line: i + 2, column: next.length - next.trimStart().length + 1 };
}
