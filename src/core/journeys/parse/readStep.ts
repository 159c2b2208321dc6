// One step object (`{label, date, status, recordingReel{...}}`) → a normalised step, shared by every layout.
// A step is kept whenever it says anything usable; wrong or missing fields get a located warning and a visible default.
import { isObject } from '../../shared/isObject';
import type { Step } from '../types';
import { normalizeDate, normalizeStatus, readTime } from '../normalize';
import type { JsonPath } from './locate';
import type { ProblemLog } from './problems';

/** Per-journey tallies that become one summarised warning each, instead of one per step. */
export interface StepStats {
  clockMismatches: number;
  firstMismatch: string;
  /** Steps whose end clock is before their start; their end is set to the start so durations stay non-negative. */
  endBeforeStart: number;
  unknownStatuses: Map<string, number>;
  skipped: number;
}

export function newStepStats(): StepStats {
  return { clockMismatches: 0, firstMismatch: '', endBeforeStart: 0, unknownStatuses: new Map(), skipped: 0 };
}

export interface StepOrigin {
  /** JSON path of the step object in the file. */
  path: JsonPath;
  /** Recording to use when the step's reel does not name one (the chunk key, or the regrouped wrapper's id). */
  recordingId: string;
  group?: string;
  /** End time of the step before it in the same recording, so a step whose reel has no time stays after it. */
  previousEndMs: number;
}

export type StepFields = Omit<Step, 'index'>;

/** Short description of a JSON value's type for messages ("a number (42)"). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `text (${JSON.stringify(clip(value, 40))})`;
  return `a ${typeof value} (${String(value)})`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function readStep(raw: unknown, origin: StepOrigin, log: ProblemLog, stats: StepStats): StepFields | null {
  const { path } = origin;
  if (!isObject(raw)) {
    log.warn(path, `step should be an object, found ${describe(raw)}; step skipped`);
    stats.skipped++;
    return null;
  }

  let label: string;
  if (typeof raw.label === 'string' && raw.label.trim() !== '') label = raw.label.trim();
  else if (typeof raw.label === 'number' || typeof raw.label === 'boolean') {
    label = String(raw.label);
    log.warn([...path, 'label'], `label should be text, found ${describe(raw.label)}; shown as "${label}"`);
  } else {
    label = '(no label)';
    log.warn([...path, 'label'], `step has no label (found ${describe(raw.label)}); shown as "(no label)"`);
  }

  let rawStatus = '';
  if (typeof raw.status === 'string') rawStatus = raw.status;
  else if (typeof raw.status === 'number' || typeof raw.status === 'boolean') rawStatus = String(raw.status);
  else
    log.warn(
      [...path, 'status'],
      `step "${clip(label, 60)}" has no status (found ${describe(raw.status)}); shown as unknown`,
    );
  const status = normalizeStatus(rawStatus);
  if (status === 'unknown' && rawStatus !== '') {
    const seen = stats.unknownStatuses.get(rawStatus) ?? 0;
    if (seen === 0) log.warn([...path, 'status'], `unrecognised status ${JSON.stringify(rawStatus)}; shown as unknown`);
    stats.unknownStatuses.set(rawStatus, seen + 1);
  }

  const dateReading = normalizeDate(raw.date);
  if (!dateReading) {
    log.warn(
      [...path, 'date'],
      raw.date === undefined
        ? `step "${clip(label, 60)}" has no date`
        : `unreadable date ${describe(raw.date)}; step kept without a date`,
    );
  }

  const reel = raw.recordingReel;
  let startMs = origin.previousEndMs;
  let endMs = origin.previousEndMs;
  let startClock = '';
  let endClock = '';
  let details = typeof raw.details === 'string' ? raw.details : '';
  let recordingId = origin.recordingId;
  if (!isObject(reel)) {
    log.warn(
      [...path, 'recordingReel'],
      `step "${clip(label, 60)}" has no recordingReel object (found ${describe(reel)}); kept without a time of its own`,
    );
  } else {
    const start = readTime(reel.start, reel.start_ms_since);
    const end = readTime(reel.end, reel.end_ms_since);
    if (start.from === 'none') {
      log.warn(
        [...path, 'recordingReel', 'start'],
        `no readable start time (found ${describe(reel.start)}); kept without a time of its own`,
      );
    } else startMs = start.ms;
    endMs = end.from === 'none' ? startMs : end.ms;
    if (end.from === 'none' && reel.end !== undefined) {
      log.warn(
        [...path, 'recordingReel', 'end'],
        `no readable end time (found ${describe(reel.end)}); the step ends where it starts`,
      );
    }
    if (endMs < startMs) {
      stats.endBeforeStart++;
      endMs = startMs;
    }
    if (start.from === 'ms' && reel.start !== undefined) {
      log.warn(
        [...path, 'recordingReel', 'start'],
        `start ${describe(reel.start)} is not a MM:SS.S clock; used start_ms_since`,
      );
    }
    if (start.disagreed || end.disagreed) {
      if (stats.clockMismatches++ === 0) {
        const which = start.disagreed
          ? `${String(reel.start)} vs ${String(reel.start_ms_since)} ms`
          : `${String(reel.end)} vs ${String(reel.end_ms_since)} ms`;
        stats.firstMismatch = `"${clip(label, 60)}": ${which}`;
      }
    }
    if (typeof reel.start === 'string') startClock = reel.start;
    if (typeof reel.end === 'string') endClock = reel.end;
    if (typeof reel.details === 'string') details = reel.details;
    else if (reel.details !== undefined && reel.details !== null) {
      log.warn(
        [...path, 'recordingReel', 'details'],
        `details should be text, found ${describe(reel.details)}; left empty`,
      );
    }
    if (typeof reel.recording_id === 'string' && reel.recording_id !== '') recordingId = reel.recording_id;
  }

  const step: StepFields = {
    label,
    status,
    rawStatus,
    date: dateReading?.date ?? '',
    startMs,
    endMs,
    startClock,
    endClock,
    details,
    recordingId,
    sourcePath: path,
  };
  if (dateReading?.dateRange !== undefined) step.dateRange = dateReading.dateRange;
  if (origin.group !== undefined) step.group = origin.group;
  return step;
}
