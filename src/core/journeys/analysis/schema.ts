/**
 * The JSON schemas the model must answer in, and the checks that decide whether an answer may be shown.
 *
 * Schemas follow the strict structured-output rules (every property required, no additional properties) so the
 * same definition works with OpenAI and with OpenAI-compatible local servers. Validation is hand-written because
 * the schema is small and the useful part is not "is it valid" but repairing citations and saying what was dropped.
 */
import type { CitedPoint, CrossJourneyPattern, IndicatorExample, JourneyAnalysis, Outcome } from '../types';
import { isObject } from '../../shared/isObject';

const citedPoints = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['text', 'steps'],
    properties: {
      text: { type: 'string' },
      steps: {
        type: 'array',
        items: { type: 'integer' },
        description: 'Step numbers from the journey that support this point.',
      },
    },
  },
} as const;

export const JOURNEY_ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'keyMoments', 'frictionPoints', 'intentSignals', 'prediction', 'recommendations'],
  properties: {
    summary: { type: 'string' },
    keyMoments: citedPoints,
    frictionPoints: citedPoints,
    intentSignals: citedPoints,
    prediction: {
      type: 'object',
      additionalProperties: false,
      required: ['outcome', 'confidence', 'rationale'],
      properties: {
        outcome: { type: 'string', enum: ['upgrade', 'cancel'] },
        confidence: { type: 'number', description: 'Between 0 and 1.' },
        rationale: { type: 'string' },
      },
    },
    recommendations: {
      type: 'object',
      additionalProperties: false,
      required: ['product', 'user'],
      properties: {
        product: { type: 'array', items: { type: 'string' } },
        user: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

export const CROSS_ANSWER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['patterns'],
  properties: {
    patterns: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'description', 'precedes', 'severity', 'journeys', 'examples'],
        properties: {
          title: { type: 'string' },
          description: { type: 'string' },
          precedes: { type: 'string', enum: ['upgrade', 'cancel'] },
          severity: { type: 'string', enum: ['low', 'medium', 'high'] },
          journeys: {
            type: 'array',
            items: { type: 'string' },
            description: 'Ids (J1, J2, ...) of every journey that shows the pattern.',
          },
          examples: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['journey', 'step'],
              properties: { journey: { type: 'string' }, step: { type: 'integer' } },
            },
          },
        },
      },
    },
  },
} as const;

/** What the model writes: the analysis without what we add around it (source, model, tokens, redaction, cache key). */
export type JourneyAnswer = Pick<
  JourneyAnalysis,
  'summary' | 'keyMoments' | 'frictionPoints' | 'intentSignals' | 'prediction' | 'recommendations'
>;

export type Checked<T> = { ok: true; value: T; notes: string[] } | { ok: false; message: string };

/**
 * Parses the model's text. Local models sometimes wrap JSON in a Markdown fence despite the schema; that much is
 * forgiven, nothing else is.
 */
export function parseAnswerJson(content: string | null | undefined): Checked<unknown> {
  if (!content || !content.trim()) return { ok: false, message: 'The model returned an empty answer.' };
  const text = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1');
  try {
    return { ok: true, value: JSON.parse(text), notes: [] };
  } catch {
    return { ok: false, message: "The model's answer was not valid JSON." };
  }
}

/** Validates an answer against JOURNEY_ANSWER_SCHEMA and drops citations of steps that do not exist. */
export function checkJourneyAnswer(raw: unknown, stepNumbers: ReadonlySet<number>): Checked<JourneyAnswer> {
  const problems: string[] = [];
  const o = asObject(raw, 'answer', problems);
  if (!o) return reject(problems);
  const summary = str(o.summary, 'summary', problems);
  const lists = {
    keyMoments: points(o.keyMoments, 'keyMoments', problems),
    frictionPoints: points(o.frictionPoints, 'frictionPoints', problems),
    intentSignals: points(o.intentSignals, 'intentSignals', problems),
  };
  const p = asObject(o.prediction, 'prediction', problems);
  const outcome = p?.outcome;
  if (p && outcome !== 'upgrade' && outcome !== 'cancel')
    problems.push('prediction.outcome must be "upgrade" or "cancel"');
  const confidence = p ? num(p.confidence, 'prediction.confidence', problems) : 0;
  const rationale = p ? str(p.rationale, 'prediction.rationale', problems) : '';
  const r = asObject(o.recommendations, 'recommendations', problems);
  const product = r ? strings(r.product, 'recommendations.product', problems) : [];
  const user = r ? strings(r.user, 'recommendations.user', problems) : [];
  if (problems.length) return reject(problems);

  const notes: string[] = [];
  const invalid = new Set<number>();
  let validCitations = 0;
  const repair = (list: CitedPoint[], name: string): CitedPoint[] => {
    const kept: CitedPoint[] = [];
    for (const point of list) {
      const steps = [...new Set(point.steps)].filter((n) => {
        if (stepNumbers.has(n)) return true;
        invalid.add(n);
        return false;
      });
      validCitations += steps.length;
      // A point whose every citation is invented has no evidence left; one that cited nothing never had any.
      if (steps.length === 0) {
        if (point.steps.length)
          notes.push(`Dropped the ${name} "${clip(point.text)}": it cited only steps that do not exist.`);
        else notes.push(`Dropped the ${name} "${clip(point.text)}": it cited no steps.`);
        continue;
      }
      if (point.text.trim()) kept.push({ text: point.text.trim(), steps: steps.sort((a, b) => a - b) });
    }
    return kept;
  };
  const keyMoments = repair(lists.keyMoments, 'key moment');
  const frictionPoints = repair(lists.frictionPoints, 'friction point');
  const intentSignals = repair(lists.intentSignals, 'intent signal');
  if (invalid.size) {
    notes.unshift(
      `Removed citations of steps that do not exist in this journey: ${[...invalid].sort((a, b) => a - b).join(', ')}.`,
    );
  }
  if (invalid.size && validCitations === 0) {
    return {
      ok: false,
      message: `The model's answer cited only steps that do not exist in this journey (${[...invalid].slice(0, 5).join(', ')}); it was rejected.`,
    };
  }
  if (!summary.trim() && keyMoments.length + frictionPoints.length + intentSignals.length === 0) {
    return {
      ok: false,
      message: "The model's answer had no summary and no points citing real steps; it was rejected.",
    };
  }
  return {
    ok: true,
    notes,
    value: {
      summary: summary.trim(),
      keyMoments,
      frictionPoints,
      intentSignals,
      prediction: { outcome: outcome as Outcome, confidence: clamp01(confidence), rationale: rationale.trim() },
      recommendations: { product: clean(product), user: clean(user) },
    },
  };
}

/** What the cross-journey prompt listed: the alias (J1...) of each journey, its id and its step numbers. */
export interface SentJourney {
  alias: string;
  id: string;
  steps: Map<number, string>;
}

export function checkCrossAnswer(raw: unknown, sent: readonly SentJourney[]): Checked<CrossJourneyPattern[]> {
  const problems: string[] = [];
  const o = asObject(raw, 'answer', problems);
  const list = o && Array.isArray(o.patterns) ? o.patterns : null;
  if (o && !list) problems.push('patterns must be an array');
  if (!list) return reject(problems);
  const byAlias = new Map(sent.map((s) => [s.alias.toUpperCase(), s]));
  const notes: string[] = [];
  const patterns: CrossJourneyPattern[] = [];
  list.forEach((item, i) => {
    const local: string[] = [];
    const p = asObject(item, `patterns[${i}]`, local);
    if (!p) return void problems.push(...local);
    const title = str(p.title, `patterns[${i}].title`, local);
    const description = str(p.description, `patterns[${i}].description`, local);
    if (p.precedes !== 'upgrade' && p.precedes !== 'cancel')
      local.push(`patterns[${i}].precedes must be "upgrade" or "cancel"`);
    if (p.severity !== 'low' && p.severity !== 'medium' && p.severity !== 'high')
      local.push(`patterns[${i}].severity must be low, medium or high`);
    const aliases = strings(p.journeys, `patterns[${i}].journeys`, local);
    if (!Array.isArray(p.examples)) local.push(`patterns[${i}].examples must be an array`);
    if (local.length) return void problems.push(...local);

    const journeys = new Set<SentJourney>();
    for (const a of aliases) {
      const j = byAlias.get(a.trim().toUpperCase());
      if (j) journeys.add(j);
    }
    const examples: IndicatorExample[] = [];
    let droppedExamples = 0;
    for (const e of p.examples as unknown[]) {
      const ex = isObject(e) ? e : {};
      const j = typeof ex.journey === 'string' ? byAlias.get(ex.journey.trim().toUpperCase()) : undefined;
      const label = j && typeof ex.step === 'number' ? j.steps.get(ex.step) : undefined;
      if (!j || label === undefined) {
        droppedExamples++;
        continue;
      }
      journeys.add(j);
      examples.push({ journeyId: j.id, stepIndex: ex.step as number, label });
    }
    if (droppedExamples)
      notes.push(`"${clip(title)}": dropped ${droppedExamples} example(s) citing journeys or steps that do not exist.`);
    if (journeys.size === 0) {
      notes.push(`Dropped pattern "${clip(title)}": it named no journey that exists.`);
      return;
    }
    patterns.push({
      title: title.trim(),
      description: description.trim(),
      precedes: p.precedes as Outcome,
      severity: p.severity as CrossJourneyPattern['severity'],
      // Counted from the journeys the answer names, not from a number the model states.
      journeys: journeys.size,
      share: sent.length ? journeys.size / sent.length : 0,
      examples: examples.slice(0, 5),
    });
  });
  if (problems.length) return reject(problems);
  if (patterns.length === 0)
    return { ok: false, message: 'The model found no pattern that names journeys that exist; nothing to show.' };
  return { ok: true, value: patterns, notes };
}

function reject(problems: string[]): { ok: false; message: string } {
  const shown = problems.slice(0, 3).join('; ');
  return {
    ok: false,
    message: `The model's answer did not match the expected format (${shown}${problems.length > 3 ? '; …' : ''}).`,
  };
}

function asObject(v: unknown, name: string, problems: string[]): Record<string, unknown> | null {
  if (isObject(v)) return v;
  problems.push(`${name} must be an object`);
  return null;
}

function str(v: unknown, name: string, problems: string[]): string {
  if (typeof v === 'string') return v;
  problems.push(`${name} must be a string`);
  return '';
}

function num(v: unknown, name: string, problems: string[]): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  problems.push(`${name} must be a number`);
  return 0;
}

function strings(v: unknown, name: string, problems: string[]): string[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  problems.push(`${name} must be an array of strings`);
  return [];
}

function points(v: unknown, name: string, problems: string[]): CitedPoint[] {
  if (!Array.isArray(v)) {
    problems.push(`${name} must be an array`);
    return [];
  }
  const out: CitedPoint[] = [];
  v.forEach((item, i) => {
    const o = asObject(item, `${name}[${i}]`, problems);
    if (!o) return;
    const text = str(o.text, `${name}[${i}].text`, problems);
    const steps =
      Array.isArray(o.steps) && o.steps.every((n) => typeof n === 'number' && Number.isInteger(n))
        ? (o.steps as number[])
        : null;
    if (!steps) problems.push(`${name}[${i}].steps must be an array of integers`);
    else out.push({ text, steps });
  });
  return out;
}

function clean(list: string[]): string[] {
  return list.map((s) => s.trim()).filter(Boolean);
}

function clamp01(x: number): number {
  // Some models answer 85 for 85%.
  const v = x > 1 && x <= 100 ? x / 100 : x;
  return Math.min(1, Math.max(0, v));
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
