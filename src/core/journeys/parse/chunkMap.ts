// Layout 1-3: a map of chunk ids (`export-<id>.ph-recording-chunk-summaries` or a bare id, never validated as a UUID:
// real ids contain letters past `f`) to `{steps, usage_metadata, _order}` or an error chunk `{error, details, _order}`.
import { addRecordingSteps, addRecordingsInOrder, earliestDate, emptyExtraction, type Extraction } from './extraction';
import { hasStepMarker, type RecordingLayout } from './layout';
import type { JsonLocator, JsonPath } from './locate';
import type { ProblemLog } from './problems';
import { isObject } from '../../shared/isObject';
import { describe, readStep, type StepFields, type StepStats } from './readStep';

/** Keys that would reach Object.prototype if anything downstream ever copied the map by assignment. */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const ARRAY_INDEX_KEY = /^(?:0|[1-9]\d*)$/;

interface ChunkRead {
  order: unknown;
  steps: StepFields[];
}

export function readChunkMap(
  top: Record<string, unknown>,
  locator: JsonLocator,
  log: ProblemLog,
  stats: StepStats,
  at: JsonPath = [],
): Extraction {
  let keys = Object.keys(top);
  // JSON.parse lists integer-like keys first; the text's own order is the fallback recording order, so take it from the text.
  if (keys.some((k) => ARRAY_INDEX_KEY.test(k))) keys = [...new Set(locator.keysInTextOrder(at) ?? keys)];
  const out = emptyExtraction();
  const chunks: ChunkRead[] = [];
  for (const key of keys) {
    if (UNSAFE_KEYS.has(key)) {
      log.warn([...at, key], `chunk key "${key}" ignored: a key that can alter object prototypes is never read`, 'key');
      continue;
    }
    const chunk = top[key];
    if (!isObject(chunk)) {
      log.warn(
        [...at, key],
        `"${key}" should be a recording chunk object with "steps", found ${describe(chunk)}; ignored`,
      );
      continue;
    }
    out.recordings++;
    chunks.push({ order: chunk._order, steps: readChunkSteps(key, chunk, [...at, key], log, stats, out) });
  }
  const ranks = recordingRanks(chunks);
  const byRank = chunks.map((c, i) => ({ steps: c.steps, rank: ranks[i] })).sort((a, b) => a.rank - b.rank);
  addRecordingsInOrder(out, byRank);
  return out;
}

/** A top-level `{steps: [...]}`: one recording's chunk on its own. */
export function readSingleChunk(
  top: Record<string, unknown>,
  recordingId: string,
  log: ProblemLog,
  stats: StepStats,
  at: JsonPath = [],
): Extraction {
  const out = emptyExtraction();
  out.recordings = 1;
  addRecordingSteps(out, readChunkSteps(recordingId, top, at, log, stats, out), 0);
  return out;
}

function readChunkSteps(
  recordingId: string,
  chunk: Record<string, unknown>,
  path: JsonPath,
  log: ProblemLog,
  stats: StepStats,
  out: Extraction,
): StepFields[] {
  const raw = chunk.steps;
  const emptySteps = raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0);
  if (emptySteps && chunk.error !== undefined && chunk.error !== null) {
    const reason =
      typeof chunk.error === 'string' && chunk.error.trim() !== '' ? chunk.error.trim() : 'unspecified error';
    out.notNarrated.set(reason, (out.notNarrated.get(reason) ?? 0) + 1);
    return [];
  }
  if (raw === undefined || raw === null) {
    log.warn(path, `recording chunk has no "steps" array; no steps from this recording`);
    return [];
  }
  if (!Array.isArray(raw)) {
    log.warn([...path, 'steps'], `"steps" should be an array, found ${describe(raw)}; no steps from this recording`);
    return [];
  }
  const steps: StepFields[] = [];
  let previousEndMs = 0;
  for (let i = 0; i < raw.length; i++) {
    const step = readStep(raw[i], { path: [...path, 'steps', i], recordingId, previousEndMs }, log, stats);
    if (step) {
      steps.push(step);
      previousEndMs = step.endMs;
    }
  }
  return steps;
}

/**
 * Position of each chunk among the journey's recordings, used to order recordings that share a date.
 * `_order` is used when it is consistent: a distinct number on every chunk, and never putting a later-dated
 * recording before an earlier-dated one. Otherwise (missing, duplicated, or contradicting the dates, since real
 * `_order` is not always chronological) the chunks' order in the file is used.
 */
function recordingRanks(chunks: ChunkRead[]): number[] {
  const fileOrder = chunks.map((_, i) => i);
  const orders = chunks.map((c) => (typeof c.order === 'string' && /^\d+$/.test(c.order) ? Number(c.order) : c.order));
  if (!orders.every((o): o is number => typeof o === 'number' && Number.isFinite(o))) return fileOrder;
  if (new Set(orders).size !== orders.length) return fileOrder;
  const byOrder = fileOrder.slice().sort((a, b) => orders[a] - orders[b]);
  let lastDate = '';
  for (const i of byOrder) {
    const date = earliestDate(chunks[i].steps);
    if (date === '') continue;
    if (date < lastDate) return fileOrder;
    lastDate = date;
  }
  const ranks = new Array<number>(chunks.length);
  byOrder.forEach((chunkIndex, rank) => (ranks[chunkIndex] = rank));
  return ranks;
}

/** A chunk map keyed by bare ids: `{ "<id>": { "steps": [` or `{ "<id>": { "error":`. */
const BARE_CHUNK_HEAD = /^\{\s*"[0-9A-Za-z][0-9A-Za-z-]{15,}"\s*:\s*\{\s*"(?:steps|error|_order)"\s*:/;
const CHUNK_MAP_MARKERS: RegExp[] = [/"recordingReel"\s*:/, /\.ph-recording-chunk-summaries"/];

/** `{ "<recording id>": { "steps": [...] }, ... }`, optionally wrapped in a recording reel. Takes any object. */
export const chunkMapLayout: RecordingLayout = {
  id: 'chunk-map',
  sniff: (head, start) =>
    BARE_CHUNK_HEAD.test(start) || CHUNK_MAP_MARKERS.some((m) => m.test(head)) || hasStepMarker(head),
  claims: () => true,
  read: (top, { locator, log, stats, at }) => readChunkMap(top, locator, log, stats, at),
};

/** One bare chunk: `{ "steps": [...] }`, the file's base name as its recording id. */
export const singleChunkLayout: RecordingLayout = {
  id: 'single-chunk',
  sniff: (head) => hasStepMarker(head),
  claims: (top) => Array.isArray(top.steps),
  // Several bare chunks in one wrapping array each need an id of their own.
  read: (top, { name, log, stats, at }) =>
    readSingleChunk(top, at.length ? `${name}[${at.join('][')}]` : name, log, stats, at),
};
