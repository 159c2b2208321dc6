/** What a user can ask of an event-log analysis (CLI flags, later the extension's settings), with defaults. */
import type { FunnelOrder, FunnelUnit, RetentionPeriod } from './types';

export type RoleName = 'user' | 'session' | 'time' | 'event';

export interface EventsOptions {
  /** `--map user=COL,...`: role → column, overriding the guess by name. */
  map: Partial<Record<RoleName, string>>;
  /** Inactivity that ends a session when the log has no session column. */
  sessionGapMinutes: number;
  /** `--funnel "A > B > C"`; null suggests one. */
  funnel: string | null;
  unit: FunnelUnit;
  /** `7d`, `24h`, `30m`; null: the whole unit. */
  window: string | null;
  order: FunnelOrder;
  by: string | null;
  period: RetentionPeriod;
  cohortBy: string | null;
  segments: number | null;
  ltvTop: number;
  ltvYears: number;
  dropPages: string | null;
  /** Extra friction matcher, a step condition (`text*=failed`); errors are also anything with `error` in css/event/type. */
  errorMatcher: string | null;
  /** Page-sequence logs: what joins the pages of a session. */
  pageSeparator: string;
  /** `--outcome STEP`: the step (funnel language) a journey ends at; null with no outcome column: no journeys section. */
  outcome: string | null;
  /** `--outcome-column COL=VALUE`: a label column instead of an outcome event (nothing is cut). */
  outcomeColumn: string | null;
  /** `--open-after 30d`: inactivity after which a unit without the outcome is negative; null: 30 days (users), the session's end (sessions). */
  openAfter: string | null;
  /** Journeys carried in full (steps, timeline, analysis) in the report; every unit is still summarised. */
  journeySample: number;
  /** Units the journeys model is trained and evaluated on; beyond it a stratified seeded sample, the rest scored. */
  journeyModelLimit: number;
}

export function eventsDefaults(overrides: Partial<EventsOptions> = {}): EventsOptions {
  return {
    map: {},
    sessionGapMinutes: 30,
    funnel: null,
    unit: 'user',
    window: null,
    order: 'sequential',
    by: null,
    period: 'month',
    cohortBy: null,
    segments: null,
    ltvTop: 10,
    ltvYears: 10,
    dropPages: null,
    errorMatcher: null,
    pageSeparator: '-',
    outcome: null,
    outcomeColumn: null,
    openAfter: null,
    journeySample: 200,
    journeyModelLimit: 10_000,
    ...overrides,
  };
}

const ROLES: RoleName[] = ['user', 'session', 'time', 'event'];

/** `user=uid,time=ts` → { user: 'uid', time: 'ts' }; throws with the accepted roles on a bad entry. */
export function parseRoleMap(text: string): Partial<Record<RoleName, string>> {
  const map: Partial<Record<RoleName, string>> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    const role = part.slice(0, eq).trim() as RoleName;
    const column = part.slice(eq + 1).trim();
    if (eq <= 0 || !ROLES.includes(role) || !column) {
      throw new Error(`--map entry "${part}" is not ROLE=COLUMN with ROLE one of ${ROLES.join(', ')}`);
    }
    map[role] = column;
  }
  return map;
}

/** `7d` / `24h` / `30m` / `45s` / `2w` → milliseconds. */
export function parseWindow(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(w|d|h|m|s)\s*$/i.exec(text);
  if (!m) throw new Error(`window "${text}" is not a number followed by w, d, h, m or s (e.g. 7d, 24h, 30m)`);
  const unit = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[m[2].toLowerCase() as 'w'];
  return Math.round(Number(m[1]) * unit);
}

/** Milliseconds → the `7d` / `24h` / `30m` / `45s` text of the largest whole unit (days, not weeks, as users write). */
export function formatWindow(ms: number): string {
  for (const [u, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${u}`;
  return `${Math.round(ms / 1000)}s`;
}
