// Source-agnostic clean-up of the values a step carries: clock strings, dates, statuses, and the time order of steps.
import { STATUSES, type KnownStatus, type Status, type Step } from './types';

/** `*_ms_since` and the clock string may differ by rounding; beyond this they disagree and the clock wins. */
export const CLOCK_TOLERANCE_MS = 1000;

/**
 * Milliseconds from a recording clock `MM:SS.S` (or `H:MM:SS.S`). Real exports overflow both fields ("02:60.0" is
 * 3:00, "60:33.0" is an hour in), so neither field is range-checked: the value is simply minutes·60 + seconds.
 * Null when the text is not a clock. Scans characters by hand: this runs for every step and a regex costs more.
 */
export function parseClock(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  let i = 0;
  let end = value.length;
  while (i < end && value.charCodeAt(i) <= 32) i++;
  while (end > i && value.charCodeAt(end - 1) <= 32) end--;
  // Up to three fields separated by ':'; only the last may carry a fraction.
  const fields = [0, 0, 0];
  let count = 0;
  let digits = 0;
  let current = 0;
  let fraction = 0;
  let scale = 0;
  for (; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (scale > 0) {
        fraction += (c - 48) / scale;
        scale *= 10;
      } else current = current * 10 + (c - 48);
      digits++;
    } else if (c === 58 /* : */ && scale === 0 && digits > 0 && count < 2) {
      fields[count++] = current;
      current = 0;
      digits = 0;
    } else if (c === 46 /* . */ && scale === 0 && digits > 0 && count > 0) {
      scale = 10;
      digits = 0;
    } else return null;
  }
  if (count === 0 || (scale === 0 && digits === 0) || (scale > 0 && digits === 0)) return null;
  const seconds = current + fraction;
  const minutes = count === 2 ? fields[0] * 60 + fields[1] : fields[0];
  return Math.round((minutes * 60 + seconds) * 1000);
}

export interface TimeReading {
  ms: number;
  /** True when `*_ms_since` was present and disagreed with the clock by more than the tolerance. */
  disagreed: boolean;
  /** Which field the value came from. */
  from: 'clock' | 'ms' | 'none';
}

/** Reconciles a clock string with its `*_ms_since` twin: the clock is trusted (one real export wrote `45:10.0` as 45100). */
export function readTime(clock: unknown, msSince: unknown): TimeReading {
  const fromClock = parseClock(clock);
  const ms = typeof msSince === 'number' && Number.isFinite(msSince) && msSince >= 0 ? msSince : null;
  if (fromClock !== null) {
    return { ms: fromClock, disagreed: ms !== null && Math.abs(ms - fromClock) > CLOCK_TOLERANCE_MS, from: 'clock' };
  }
  if (ms !== null) return { ms: Math.round(ms), disagreed: false, from: 'ms' };
  return { ms: 0, disagreed: false, from: 'none' };
}

const DATE_START = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;

export interface DateReading {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  /** The original text when it named a range or carried more than a date. */
  dateRange?: string;
}

/**
 * An ISO day from `YYYY-MM-DD`, `YYYY/MM/DD`, an ISO timestamp, or a range such as "2024-09-15 to 2024-10-15"
 * (the start is used and the original text kept). Null when no valid calendar day can be read.
 */
export function normalizeDate(value: unknown): DateReading | null {
  if (typeof value !== 'string') return null;
  // Steps of one recording share their date: remember the last answer.
  if (value === lastDate.text) return lastDate.reading;
  const reading = readDate(value);
  lastDate = { text: value, reading };
  return reading;
}

let lastDate: { text: string; reading: DateReading | null } = { text: '', reading: null };

function readDate(value: string): DateReading | null {
  const m = DATE_START.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const date = `${m[1]}-${pad2(month)}-${pad2(day)}`;
  const rest = value.slice(m[0].length).trim();
  if (rest === '' || /^T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?$/i.test(rest)) return { date };
  return { date, dateRange: value.trim() };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : MONTH_DAYS[month - 1];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Known statuses keyed by their letters alone, so case, spaces, hyphens and underscores never matter. */
const STATUS_BY_KEY = new Map<string, KnownStatus>(STATUSES.map((s) => [statusKey(s), s]));

const EXACT_STATUS = new Map<string, KnownStatus>(STATUSES.map((s) => [s, s]));

function statusKey(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, '');
}

/** A known status from any spelling of it ("Non Converted", "ATTEMPTED-CONVERSION"), else 'unknown'. */
export function normalizeStatus(raw: string): Status {
  return EXACT_STATUS.get(raw) ?? STATUS_BY_KEY.get(statusKey(raw)) ?? 'unknown';
}

/** A step before it has its place in the journey, with what ordering needs to know about it. */
export interface DraftStep {
  step: Omit<Step, 'index'>;
  /** The step's own date, or its recording's when the step has none, so undated steps stay with their recording. */
  sortDate: string;
  /** Position of the step's recording among the journey's recordings. */
  recordingRank: number;
}

/**
 * Time order: date, then recording, then time within the recording (`*_ms_since` and the clock restart at zero
 * for every recording, so time alone cannot order steps across recordings). Ties keep file order (stable sort).
 * Assigns the 1-based `index`.
 */
export function orderSteps(drafts: DraftStep[]): Step[] {
  const sorted = drafts
    .slice()
    .sort(
      (a, b) =>
        (a.sortDate < b.sortDate ? -1 : a.sortDate > b.sortDate ? 1 : 0) ||
        a.recordingRank - b.recordingRank ||
        a.step.startMs - b.step.startMs ||
        a.step.endMs - b.step.endMs,
    );
  return sorted.map((d, i) => ({ index: i + 1, ...d.step }) as Step);
}
