/**
 * Turns journeys into a feature matrix in two stages, so that nothing learned from data crosses a fold:
 *
 * 1. `prepareJourneys` reads each journey once (tokens, step kinds, statuses). It fits nothing: a term's id is
 *    only an interned name, so it is safe to do this for all journeys up front (and cheap to repeat per fold).
 * 2. `fitVocabulary` + `buildDesign` choose the vocabulary from document frequencies of the TRAINING rows only and
 *    emit a sparse matrix for any rows, optionally cut to the first fraction of each journey's steps.
 *
 * Every term remembers the first step it appears in, which is what makes a prefix of a journey (its first 25% of
 * steps) as cheap to featurise as the whole journey.
 */
import type { RawDesign } from '../shared/ml/design';
import { STATUSES, type Journey, type Status } from './types';
import { dayNumber } from './metrics';
import { STEP_KINDS, stepKind } from './stepKinds';

/** The term families. `status` terms exist only to be used when the caller opts into the leaking status field. */
export const TermType = { Word: 0, Phrase: 1, Sequence: 2, Status: 3 } as const;
export type TermType = (typeof TermType)[keyof typeof TermType];

const TERM_LABEL = ['word', 'phrase', 'seq', 'status seq'];

// Words that say nothing about intent in session narration ("the user clicked on the button...").
const STOP_WORDS = (
  'a about above after again all also an and any are as at be been before being below between both but by can could did do does ' +
  'doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself ' +
  'just me more most my no nor not now of off on once only or other our out over own same she should so some such than that ' +
  'the their them then there these they this those through to too under until up very was we were what when where which while ' +
  'who whom why will with would you your yours user users within without via onto toward towards ' +
  'indicating indicates showing shows displayed display displaying appeared appears page button clicked click clicking ' +
  'selected select screen modal option options section showed saw seen looked went made took spent several many briefly'
).split(/\s+/);

const KIND_NAMES = [...STEP_KINDS.map((k) => k.kind), 'usage'];
const KIND_INDEX = new Map(KIND_NAMES.map((k, i) => [k, i]));
const STATUS_NAMES: Status[] = [...STATUSES, 'unknown'];
const STATUS_INDEX = new Map(STATUS_NAMES.map((s, i) => [s, i]));

/** Dense numeric features; all computable on any prefix of a journey. */
const TIMING_NAMES = [
  'timing: steps',
  'timing: recordings',
  'timing: days spanned',
  'timing: active minutes',
  'timing: longest gap (days)',
  'timing: mean step seconds',
];
const KIND_SHARE_NAMES = KIND_NAMES.map((k) => `step kind: ${k} (share)`);
const STATUS_SHARE_NAMES = STATUS_NAMES.map((s) => `status: ${s} (share)`);

/**
 * Interned term names shared by all journeys of one analysis. Interning fits nothing (an id is just a name), so
 * one space can serve every fold.
 */
export class TermSpace {
  readonly names: string[] = [];
  readonly types: TermType[] = [];
  private readonly maps: Map<string, number>[] = [new Map(), new Map(), new Map(), new Map()];
  /** Per term: the last journey that saw it, so "first occurrence" needs no per-journey map. */
  private stamp = new Int32Array(1024).fill(-1);
  private journeys = 0;
  /** Dates repeat across steps and journeys; parsing each again is measurable at 10,000 journeys. */
  readonly dayCache = new Map<string, number>();

  constructor() {
    for (const w of STOP_WORDS) this.maps[TermType.Word].set(w, -1);
  }

  /** A space with exactly these terms at these ids (another thread's space, sent whole). */
  static withTerms(names: readonly string[], types: readonly TermType[]): TermSpace {
    const space = new TermSpace();
    for (let id = 0; id < names.length; id++) {
      if (space.intern(names[id], types[id]) !== id)
        throw new Error(`term ${id} (${names[id]}) repeats or is a stop word`);
    }
    return space;
  }

  /** The terms interned from id `offset` on, to send to another thread (see TermRemap). */
  termsFrom(offset: number): { offset: number; names: string[]; types: TermType[] } {
    return { offset, names: this.names.slice(offset), types: this.types.slice(offset) };
  }

  /** -1 for a stop word. */
  intern(key: string, type: TermType): number {
    const map = this.maps[type];
    let id = map.get(key);
    if (id === undefined) {
      id = this.names.length;
      map.set(key, id);
      this.names.push(key);
      this.types.push(type);
      if (id >= this.stamp.length) {
        const grown = new Int32Array(this.stamp.length * 2).fill(-1);
        grown.set(this.stamp);
        this.stamp = grown;
      }
    }
    return id;
  }

  /** Starts a journey; `firstSight(id)` is then true once per term. */
  beginJourney(): void {
    this.journeys++;
  }

  firstSight(id: number): boolean {
    if (this.stamp[id] === this.journeys) return false;
    this.stamp[id] = this.journeys;
    return true;
  }

  /** Human-readable name, e.g. `word: cancel`, `seq: pricing → checkout`. */
  label(id: number): string {
    return `${TERM_LABEL[this.types[id]]}: ${this.names[id]}`;
  }
}

/** One journey, read once. */
export interface PreparedJourney {
  stepCount: number;
  /** Distinct term ids and the 0-based step each first appears in. */
  termIds: Int32Array;
  firstStep: Int32Array;
  /** Per step: index into the step kinds, the status, the day number (NaN when undated), recording ordinal, duration. */
  kinds: Uint8Array;
  statuses: Uint8Array;
  days: Float64Array;
  recordings: Int32Array;
  durationsMs: Float64Array;
  startsMs: Float64Array;
  /** Numeric features per (steps seen, status on/off): they do not depend on the fold, so every fold re-uses them. */
  numericCache?: Map<number, Float64Array>;
}

const WORD_RE = /[a-z][a-z0-9]+/g;

export function prepareJourney(journey: Journey, space: TermSpace): PreparedJourney {
  const steps = journey.steps;
  const ids: number[] = [];
  const firsts: number[] = [];
  space.beginJourney();
  const see = (id: number, stepIndex: number) => {
    if (id >= 0 && space.firstSight(id)) {
      ids.push(id);
      firsts.push(stepIndex);
    }
  };
  const n = steps.length;
  const kinds = new Uint8Array(n);
  const statuses = new Uint8Array(n);
  const days = new Float64Array(n);
  const recordings = new Int32Array(n);
  const durationsMs = new Float64Array(n);
  const startsMs = new Float64Array(n);
  const recordingOrdinal = new Map<string, number>();
  let prevKind = -1;
  let prevStatus = -1;
  let prevEvent: string | undefined;
  for (let i = 0; i < n; i++) {
    const step = steps[i];
    const labelWords = (step.label ?? '').toLowerCase().match(WORD_RE) ?? [];
    let previous = '';
    for (const w of labelWords) {
      const id = space.intern(w, TermType.Word);
      see(id, i);
      // Bigrams only from labels: they name actions ("retention offer", "complete purchase"); details would
      // multiply the vocabulary for little gain. A stop word breaks the phrase ("Try it Free on Landing Page"
      // must not yield "free landing").
      if (id < 0) {
        previous = '';
        continue;
      }
      if (previous) see(space.intern(`${previous} ${w}`, TermType.Phrase), i);
      previous = w;
    }
    const detailWords = (step.details ?? '').toLowerCase().match(WORD_RE);
    if (detailWords) for (const w of detailWords) see(space.intern(w, TermType.Word), i);

    const kind = KIND_INDEX.get(stepKind(step.label)) ?? KIND_NAMES.length - 1;
    kinds[i] = kind;
    if (prevKind >= 0 && prevKind !== kind)
      see(space.intern(`${KIND_NAMES[prevKind]} → ${KIND_NAMES[kind]}`, TermType.Sequence), i);
    prevKind = kind;
    // Event-log steps name their event: its transitions say more than the step kinds, which read narrated labels.
    const event = step.attributes?.event;
    if (event !== undefined) {
      if (prevEvent !== undefined && prevEvent !== event)
        see(space.intern(`${prevEvent} → ${event}`, TermType.Sequence), i);
      prevEvent = event;
    }

    const status = STATUS_INDEX.get(step.status) ?? STATUS_NAMES.length - 1;
    statuses[i] = status;
    if (prevStatus >= 0 && prevStatus !== status) {
      see(space.intern(`${STATUS_NAMES[prevStatus]} → ${STATUS_NAMES[status]}`, TermType.Status), i);
    }
    prevStatus = status;

    let day = space.dayCache.get(step.date);
    if (day === undefined) space.dayCache.set(step.date, (day = dayNumber(step.date)));
    days[i] = day;
    let rec = recordingOrdinal.get(step.recordingId);
    if (rec === undefined) recordingOrdinal.set(step.recordingId, (rec = recordingOrdinal.size));
    recordings[i] = rec;
    const start = Number.isFinite(step.startMs) ? step.startMs : 0;
    startsMs[i] = start;
    durationsMs[i] = Math.max(0, (Number.isFinite(step.endMs) ? step.endMs : start) - start);
  }
  return {
    stepCount: n,
    termIds: Int32Array.from(ids),
    firstStep: Int32Array.from(firsts),
    kinds,
    statuses,
    days,
    recordings,
    durationsMs,
    startsMs,
  };
}

export function prepareJourneys(journeys: readonly Journey[]): { space: TermSpace; prepared: PreparedJourney[] } {
  const space = new TermSpace();
  return { space, prepared: journeys.map((j) => prepareJourney(j, space)) };
}

/** Steps kept when only `fraction` of a journey has been seen: at least one, rounded up. */
export function prefixLength(stepCount: number, fraction: number): number {
  if (fraction >= 1) return stepCount;
  return Math.min(stepCount, Math.max(1, Math.ceil(stepCount * fraction)));
}

export interface FeatureSettings {
  useStatus: boolean;
  /** Vocabulary cap: the most frequent terms of the training rows. */
  maxTerms: number;
  /** A term must occur in at least this many training journeys. */
  minDf: number;
}

export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = { useStatus: false, maxTerms: 240, minDf: 2 };

/** The columns one fold uses: chosen from training rows only. */
export interface Vocabulary {
  /** Term id per term column. */
  termIds: Int32Array;
  /** Term id -> column, -1 when the term is not in the vocabulary. */
  columnOfTerm: Int32Array;
  /**
   * 1 for a term in more than half of the training journeys: its column stores absence instead of presence, so
   * every row stores the rarer value and the matrix stays sparse. Standardisation undoes the flip (see
   * shared/ml/logisticRegression.ts), so weights and indicators always mean "the term is present".
   */
  flipped: Uint8Array;
  numericNames: string[];
  /** All column names: terms first, then numeric features. */
  names: string[];
  useStatus: boolean;
}

export function fitVocabulary(
  space: TermSpace,
  prepared: readonly PreparedJourney[],
  trainRows: readonly number[],
  settings: FeatureSettings,
): Vocabulary {
  const termCount = space.names.length;
  const df = new Int32Array(termCount);
  for (const r of trainRows) {
    const ids = prepared[r].termIds;
    for (let k = 0; k < ids.length; k++) df[ids[k]]++;
  }
  const candidates: number[] = [];
  for (let id = 0; id < termCount; id++) {
    if (df[id] < settings.minDf || df[id] === trainRows.length) continue; // constant in training: says nothing
    if (!settings.useStatus && space.types[id] === TermType.Status) continue;
    candidates.push(id);
  }
  // Most frequent first; the name, then the family, break ties so the vocabulary does not depend on journey order
  // nor on the order terms were interned in (each thread that prepares journeys interns in its own order).
  candidates.sort(
    (a, b) =>
      df[b] - df[a] ||
      (space.names[a] < space.names[b] ? -1 : space.names[a] > space.names[b] ? 1 : space.types[a] - space.types[b]),
  );
  const chosen = candidates.slice(0, settings.maxTerms);
  const termIds = Int32Array.from(chosen);
  const columnOfTerm = new Int32Array(termCount).fill(-1);
  chosen.forEach((id, col) => (columnOfTerm[id] = col));
  const flipped = Uint8Array.from(chosen, (id) => (df[id] * 2 > trainRows.length ? 1 : 0));
  const numericNames = [...TIMING_NAMES, ...KIND_SHARE_NAMES, ...(settings.useStatus ? STATUS_SHARE_NAMES : [])];
  return {
    termIds,
    columnOfTerm,
    flipped,
    numericNames,
    names: [...chosen.map((id) => space.label(id)), ...numericNames],
    useStatus: settings.useStatus,
  };
}

export type { RawDesign };

export function buildDesign(
  prepared: readonly PreparedJourney[],
  rows: readonly number[],
  vocab: Vocabulary,
  fraction = 1,
): RawDesign {
  const q = vocab.numericNames.length;
  const t = vocab.termIds.length;
  const flippedColumns: number[] = [];
  for (let j = 0; j < t; j++) if (vocab.flipped[j]) flippedColumns.push(j);
  const rowPtr = new Int32Array(rows.length + 1);
  let capacity = 0;
  for (const r of rows) capacity += prepared[r].termIds.length + flippedColumns.length;
  const cols = new Int32Array(capacity);
  const present = new Uint8Array(t);
  let used = 0;
  const numeric = new Float64Array(rows.length * q);
  for (let i = 0; i < rows.length; i++) {
    const p = prepared[rows[i]];
    const cut = prefixLength(p.stepCount, fraction);
    for (let k = 0; k < p.termIds.length; k++) {
      const col = vocab.columnOfTerm[p.termIds[k]];
      if (col < 0 || p.firstStep[k] >= cut) continue;
      if (vocab.flipped[col]) present[col] = 1;
      else cols[used++] = col;
    }
    for (const col of flippedColumns) {
      if (present[col]) present[col] = 0;
      else cols[used++] = col;
    }
    rowPtr[i + 1] = used;
    const key = cut * 2 + (vocab.useStatus ? 1 : 0);
    p.numericCache ??= new Map();
    let values = p.numericCache.get(key);
    if (!values) {
      values = new Float64Array(q);
      numericFeatures(p, cut, vocab.useStatus, values, 0);
      p.numericCache.set(key, values);
    }
    numeric.set(values, i * q);
  }
  return {
    rows: rows.length,
    termColumns: t,
    numericColumns: q,
    rowPtr,
    cols: cols.slice(0, used),
    flipped: vocab.flipped,
    numeric,
  };
}

const log1p = Math.log1p;

function numericFeatures(p: PreparedJourney, cut: number, useStatus: boolean, out: Float64Array, at: number): void {
  let firstDay = Infinity;
  let lastDay = -Infinity;
  let longestGap = 0;
  let prevDay = NaN;
  let recordings = 0;
  let durationSum = 0;
  const kindCounts = new Float64Array(KIND_NAMES.length);
  const statusCounts = new Float64Array(STATUS_NAMES.length);
  const recStart = new Map<number, [number, number]>();
  for (let i = 0; i < cut; i++) {
    const d = p.days[i];
    if (!Number.isNaN(d)) {
      if (d < firstDay) firstDay = d;
      if (d > lastDay) lastDay = d;
      if (!Number.isNaN(prevDay) && d - prevDay > longestGap) longestGap = d - prevDay;
      prevDay = d;
    }
    if (p.recordings[i] + 1 > recordings) recordings = p.recordings[i] + 1;
    durationSum += p.durationsMs[i];
    kindCounts[p.kinds[i]]++;
    statusCounts[p.statuses[i]]++;
    const span = recStart.get(p.recordings[i]);
    const end = p.startsMs[i] + p.durationsMs[i];
    if (!span) recStart.set(p.recordings[i], [p.startsMs[i], end]);
    else {
      if (p.startsMs[i] < span[0]) span[0] = p.startsMs[i];
      if (end > span[1]) span[1] = end;
    }
  }
  let active = 0;
  for (const [s, e] of recStart.values()) active += e - s;
  const days = firstDay === Infinity ? 0 : lastDay - firstDay + 1;
  let k = at;
  // Logs tame the long tails (a 90-day journey is not 90 times a 1-day one).
  out[k++] = log1p(cut);
  out[k++] = log1p(recordings);
  out[k++] = log1p(days);
  out[k++] = log1p(active / 60_000);
  out[k++] = log1p(longestGap);
  out[k++] = log1p(cut ? durationSum / cut / 1000 : 0);
  for (let j = 0; j < kindCounts.length; j++) out[k++] = cut ? kindCounts[j] / cut : 0;
  if (useStatus) for (let j = 0; j < statusCounts.length; j++) out[k++] = cut ? statusCounts[j] / cut : 0;
}

/** Whether the term of a term column is present in a row of the design. */
export function termPresent(design: RawDesign, row: number, column: number): boolean {
  let listed = false;
  for (let k = design.rowPtr[row]; k < design.rowPtr[row + 1]; k++) if (design.cols[k] === column) listed = true;
  return listed !== (design.flipped[column] === 1);
}

/** Which steps show a column, for the example steps of an indicator (all 0-based step indexes). */
export function stepsShowingColumn(p: PreparedJourney, vocab: Vocabulary, column: number): number[] {
  if (column < vocab.termIds.length) {
    const term = vocab.termIds[column];
    for (let k = 0; k < p.termIds.length; k++) if (p.termIds[k] === term) return [p.firstStep[k]];
    return [];
  }
  const name = vocab.numericNames[column - vocab.termIds.length];
  const kind = KIND_SHARE_NAMES.indexOf(name);
  if (kind >= 0) return indexesWhere(p.kinds, kind);
  const status = STATUS_SHARE_NAMES.indexOf(name);
  if (status >= 0) return indexesWhere(p.statuses, status);
  return [];
}

function indexesWhere(values: Uint8Array, wanted: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] === wanted) out.push(i);
  return out;
}
