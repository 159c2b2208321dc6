/**
 * The passes over a journey's steps that the rules read: the per-journey scan (first step of each status, cited
 * friction and upgrade steps), shared by a journey's own analysis and the cross-journey patterns, and the text scan
 * for the patterns built from step labels and classifier indicators.
 */
import type { JourneyReport, Status, Step } from '../../types';
import { hasFriction, stepKind, type FrictionKind } from '../../stepKinds';
import { normalise } from './text';

/** Most steps a sentence cites of one kind. */
export const MAX_CITED = 4;

export interface Found {
  firstOfStatus: Map<Status, Step>;
  /** The first few steps of each kind (at most MAX_CITED); totals come from the metrics. */
  attempts: Step[];
  upgradeKind: Step[];
  friction: Record<FrictionKind, Step[]>;
  totals: { attempts: number; friction: Record<FrictionKind, number> };
}

const FRICTION_KINDS: FrictionKind[] = ['errors', 'supportContacts', 'cancellationSteps', 'retentionSteps'];
/** Cheap pre-check before stepKind: only labels that could be an upgrade or checkout step pay for the full rule list. */
const MAYBE_UPGRADE = /upgrad|pric|plan|compar|annual|monthly|checkout|payment|purchase|card|billing|invoice|receipt/i;

/**
 * One pass that stops early: the metrics already counted each kind of friction, so a kind with no steps is never
 * tested and the scan ends once every kind has its cited examples. Keeps this cheap next to parsing (it runs for
 * every journey of a 10,000-file folder).
 */
const scans = new WeakMap<readonly Step[], Found>();

/** The scan of a journey, shared by its own analysis and the cross-journey patterns (keyed by the steps array). */
export function scanSteps(steps: readonly Step[], metrics: JourneyReport['metrics']): Found {
  let found = scans.get(steps);
  if (!found) scans.set(steps, (found = scanStepsOnce(steps, metrics)));
  return found;
}

function scanStepsOnce(steps: readonly Step[], metrics: JourneyReport['metrics']): Found {
  const totals = { attempts: metrics.statusCounts.attempted_conversion ?? 0, friction: { ...metrics.friction } };
  const found: Found = {
    firstOfStatus: new Map(),
    attempts: [],
    upgradeKind: [],
    friction: { errors: [], supportContacts: [], cancellationSteps: [], retentionSteps: [] },
    totals,
  };
  const statusesPresent = Object.values(metrics.statusCounts).filter((n) => n > 0).length;
  for (const step of steps) {
    if (!found.firstOfStatus.has(step.status)) found.firstOfStatus.set(step.status, step);
    if (step.status === 'attempted_conversion' && found.attempts.length < MAX_CITED) found.attempts.push(step);
    if (found.upgradeKind.length < MAX_CITED && MAYBE_UPGRADE.test(step.label)) {
      const kind = stepKind(step.label);
      if (kind === 'upgrade' || kind === 'checkout') found.upgradeKind.push(step);
    }
    let pending = found.upgradeKind.length < MAX_CITED || found.firstOfStatus.size < statusesPresent;
    for (const k of FRICTION_KINDS) {
      const list = found.friction[k];
      if (list.length >= Math.min(MAX_CITED, totals.friction[k])) continue;
      if (hasFriction(step, k)) list.push(step);
      pending = true;
    }
    if (!pending && found.attempts.length >= Math.min(MAX_CITED, totals.attempts)) break;
  }
  return found;
}

export interface JourneyScan {
  labels: Map<string, Step>;
  words: Map<string, Step>;
  seqs: Map<string, Step>;
}

/**
 * Reads each journey once for all text-based candidates (one combined regex for all indicator words, step kinds only
 * when a sequence is asked for), instead of once per candidate.
 */
export function journeyScanner(
  labels: Map<string, string>,
  words: string[],
  seqs: { from: string; to: string }[],
): (j: JourneyReport) => JourneyScan {
  const cache = new Map<JourneyReport, JourneyScan>();

  const wantedSeqs = new Set(seqs.map((q) => `${q.from} → ${q.to}`));
  return (j) => {
    let result = cache.get(j);
    if (result) return result;
    result = { labels: new Map(), words: new Map(), seqs: new Map() };
    let previousKind = '';
    for (const step of j.steps) {
      if (labels.size) {
        const key = normalise(step.label);
        if (labels.has(key) && !result.labels.has(key)) result.labels.set(key, step);
      }
      if (result.words.size < words.length) {
        const text = `${step.label}\n${step.details}`.toLowerCase();
        for (const w of words) if (!result.words.has(w) && containsToken(text, w)) result.words.set(w, step);
      }
      if (wantedSeqs.size) {
        const kind = stepKind(step.label);
        const key = `${previousKind} → ${kind}`;
        if (wantedSeqs.has(key) && !result.seqs.has(key)) result.seqs.set(key, step);
        previousKind = kind;
      }
    }
    cache.set(j, result);
    return result;
  };
}

/** Whole-token search without a regex: indexOf is several times faster than a case-insensitive alternation. */
function containsToken(text: string, token: string): boolean {
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    if (!isAlnum(text.charCodeAt(i - 1)) && !isAlnum(text.charCodeAt(i + token.length))) return true;
  }
  return false;
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
