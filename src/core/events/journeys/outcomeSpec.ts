/**
 * What ends a journey: an outcome step in the funnel language (`--outcome purchase`, `--outcome "Order placed:
 * css=button.place-order"`), or a label column (`--outcome-column subscription_type=Annual`). The class names come
 * from the definition, so the report can say "purchase" / "no purchase" instead of the recordings' upgrade / cancel.
 */
import type { EventsOptions } from '../options';
import { parseWindow } from '../options';
import { parseStep } from '../queries/funnelDefinition';
import type { FunnelStepDef } from '../types';

interface Names {
  /** As written, for the report. */
  definition: string;
  /** The reached class ("purchase", "Annual"). */
  upgrade: string;
  /** The other class; a column's may be replaced by its other value once the data is seen (see unitLabels.ts). */
  cancel: string;
}

export type OutcomeSpec =
  (Names & { from: 'event'; step: FunnelStepDef }) | (Names & { from: 'column'; column: string; value: string });

/** Null when neither flag is given; throws a message naming the flag when one is malformed or both are given. */
export function outcomeSpec(options: Pick<EventsOptions, 'outcome' | 'outcomeColumn'>): OutcomeSpec | null {
  const { outcome, outcomeColumn } = options;
  if (outcome !== null && outcomeColumn !== null) {
    throw new Error('give --outcome (an event step) or --outcome-column (a label column), not both');
  }
  if (outcome !== null) {
    const step = parseStep(outcome);
    return { from: 'event', step, definition: outcome.trim(), upgrade: step.name, cancel: `no ${step.name}` };
  }
  if (outcomeColumn !== null) {
    const eq = outcomeColumn.indexOf('=');
    const column = outcomeColumn.slice(0, Math.max(0, eq)).trim();
    const value = outcomeColumn.slice(eq + 1).trim();
    if (eq <= 0 || !column || !value) {
      throw new Error(`--outcome-column "${outcomeColumn}" is not COLUMN=VALUE (e.g. subscription_type=Annual)`);
    }
    return { from: 'column', column, value, definition: `${column}=${value}`, upgrade: value, cancel: `not ${value}` };
  }
  return null;
}

/** `--open-after` in milliseconds; null when not given (the unit's default applies). */
export function openAfterMs(options: Pick<EventsOptions, 'openAfter'>): number | null {
  if (options.openAfter === null) return null;
  try {
    return parseWindow(options.openAfter);
  } catch (err) {
    throw new Error(`--open-after: ${(err as Error).message}`, { cause: err });
  }
}
