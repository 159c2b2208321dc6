/**
 * Each labelled unit's events, in order, up to (excluding) its first outcome event, as a recordings Journey: one
 * step per event, the session as the step's recording, the time since the session's first event as its clock, the
 * text properties as its details. The outcome event and everything after it are never read, so they cannot become
 * features; an excluded end marker (unitLabels.ts) is left out too.
 */
import { contentHash } from '../../shared/hash';
import type { Journey, JourneyOutcome, Status, Step } from '../../journeys/types';
import type { SqlEngine } from '../engine';
import type { EventsOptions } from '../options';
import { ident, lit, num } from '../sql';
import { CANONICAL_COLUMNS, type DatasetInfo } from '../types';
import type { OutcomeSpec } from './outcomeSpec';
import { nameColumn, UNITS_TABLE, unitKey, type UnitLabels } from './unitLabels';

/** Units read per query, so a 12,000-user log is never one 1.9M-row result in memory at once. */
const BATCH_UNITS = 2000;
/** Steps kept per journey (the latest ones, nearest the outcome); a longer unit says so in its warnings. */
export const MAX_STEPS = 1000;
const MAX_VALUE_CHARS = 200;

const CANONICAL = new Set(CANONICAL_COLUMNS);

/** The row's own id (`event_id`, `$insert_id`): unique per event, so it describes nothing. */
const ROW_ID = /^(\$?insert_?id|event_?id|id|uuid|_id)$/i;

/** Text properties that describe an event (numbers make no word features; the label column would be the answer). */
export function detailColumns(info: DatasetInfo, spec: OutcomeSpec): string[] {
  return info.columns
    .filter((c) => c.type === 'VARCHAR' && !CANONICAL.has(c.name) && !ROW_ID.test(c.name))
    .filter((c) => !(spec.from === 'column' && c.name === spec.column))
    .map((c) => c.name);
}

interface Row {
  rk: number;
  unit: string;
  session: string;
  t: number | null;
  row_id: number;
  file: string;
  line: number | null;
  name: string | null;
  page: string | null;
  label: string;
  kept: number;
  [prop: string]: string | number | null;
}

/** Which units to read: those the model trains on, the rest (scored by the final model), or one by id. */
export type JourneySet = 'modelled' | 'rest' | { id: string };

export async function readJourneys(
  engine: SqlEngine,
  info: DatasetInfo,
  spec: OutcomeSpec,
  labels: UnitLabels,
  options: Pick<EventsOptions, 'unit'>,
  which: JourneySet = 'modelled',
): Promise<Journey[]> {
  const all: Journey[] = [];
  await forEachJourneyBatch(engine, info, spec, labels, options, which, (batch) => void all.push(...batch));
  return all;
}

/** The journeys of `which`, a batch of at most {@link BATCH_UNITS} units at a time, in id order. */
export async function forEachJourneyBatch(
  engine: SqlEngine,
  info: DatasetInfo,
  spec: OutcomeSpec,
  labels: UnitLabels,
  options: Pick<EventsOptions, 'unit'>,
  which: JourneySet,
  each: (batch: Journey[]) => void,
): Promise<void> {
  const props = detailColumns(info, spec);
  const key = ident(unitKey(options));
  const name = ident(nameColumn(info));
  // Event-mode journeys are "not yet converted" at every step; a label column says nothing about single steps.
  const status: Status = spec.from === 'event' ? 'non-converted' : 'unknown';
  const attributes: SharedAttributes = new Map();
  const filter =
    which === 'modelled' ? 'u.modelled' : which === 'rest' ? 'NOT u.modelled' : `u.unit = ${lit(which.id)}`;
  const step = typeof which === 'object' ? labels.counts.units : BATCH_UNITS;
  for (let from = 1; from <= labels.counts.units; from += step) {
    const rows = await engine.all<Row>(
      `SELECT u.rk, u.unit, u.label, e.session_id AS session, epoch_ms(e.ts) AS t, e.row_id, e.file, e.line,
              CAST(e.${name} AS VARCHAR) AS name, CAST(e.page AS VARCHAR) AS page,
              count(*) OVER (PARTITION BY u.rk)::BIGINT AS kept
              ${props.map((p, i) => `, left(CAST(e.${ident(p)} AS VARCHAR), ${MAX_VALUE_CHARS}) AS p${i}`).join('')}
       FROM events e JOIN ${UNITS_TABLE} u ON e.${key} = u.unit
       WHERE ${filter} AND u.rk BETWEEN ${num(from)} AND ${num(from + step - 1)}
         AND (u.outcome_seq IS NULL OR e.seq < u.outcome_seq) AND NOT ${labels.excludeSql}
       QUALIFY row_number() OVER (PARTITION BY u.rk ORDER BY e.seq DESC) <= ${num(MAX_STEPS)}
       ORDER BY u.rk, e.seq`,
    );
    const batch: Journey[] = [];
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i < rows.length && rows[i].rk === rows[start].rk) continue;
      batch.push(toJourney(rows.slice(start, i), props, status, attributes));
      start = i;
    }
    if (batch.length) each(batch);
  }
}

const LABEL_TO_OUTCOME: Record<string, JourneyOutcome> = { positive: 'upgrade', negative: 'cancel', open: 'open' };

/** Per analysis, one attributes object per event name: 1.9M steps need not carry 1.9M copies of `{ event }`. */
type SharedAttributes = Map<string, Record<string, string>>;

function toJourney(rows: Row[], props: string[], status: Status, attributesOf: SharedAttributes): Journey {
  const first = rows[0];
  const unit = String(first.unit);
  const outcome = LABEL_TO_OUTCOME[String(first.label)] ?? 'open';
  const sessionStart = new Map<string, number>();
  const steps: Step[] = rows.map((r, i) => {
    const session = String(r.session);
    const t = r.t === null ? null : Number(r.t);
    if (t !== null && !sessionStart.has(session)) sessionStart.set(session, t);
    const next = rows[i + 1];
    const startMs = t === null ? 0 : t - sessionStart.get(session)!;
    const nextT = next && String(next.session) === session && next.t !== null ? Number(next.t) : null;
    const endMs = t === null || nextT === null ? startMs : nextT - sessionStart.get(session)!;
    const label = r.name ?? r.page ?? '(event)';
    const details = props
      .map((p, k) => [p, r[`p${k}`]] as const)
      .filter(([, v]) => v !== null && v !== '')
      .map(([p, v]) => `${p}=${String(v)}`);
    if (r.page !== null && r.page !== label) details.unshift(`page=${r.page}`);
    let attributes = attributesOf.get(label);
    if (!attributes) attributesOf.set(label, (attributes = { event: label }));
    return {
      index: i + 1,
      label,
      status,
      rawStatus: '',
      date: t === null ? '' : new Date(t).toISOString().slice(0, 10),
      startMs,
      endMs,
      startClock: t === null ? '' : clock(startMs),
      endClock: t === null ? '' : clock(endMs),
      details: details.join(' · '),
      recordingId: session,
      sourcePath: [String(r.file), r.line === null ? Number(r.row_id) : Number(r.line)],
      attributes,
    };
  });
  const warnings =
    Number(first.kept) > MAX_STEPS
      ? [`only the last ${MAX_STEPS} events before the outcome are kept (the unit has more)`]
      : [];
  return {
    id: unit,
    file: String(first.file),
    name: unit,
    outcome,
    outcomeSource: outcome === 'open' ? 'none' : status === 'unknown' ? 'column' : 'event',
    steps,
    recordings: sessionStart.size || new Set(rows.map((r) => String(r.session))).size,
    warnings,
    contentHash: contentHash(`${unit}\u0000${outcome}\u0000${rows.map((r) => r.row_id).join(',')}`),
  };
}

/** `MM:SS.S` like a recording's clock; minutes run past 59 (a long session), as recordings' clocks may. */
function clock(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const seconds = (ms - minutes * 60_000) / 1000;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}
