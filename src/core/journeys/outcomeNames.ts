/**
 * What the two classes are called where a person reads them. The schema says `upgrade` / `cancel` everywhere; a
 * report built from an event log names them from its outcome ("purchase" / "no purchase"), and every label the
 * dashboard, the tree and the rule-based texts show comes from here so a recordings report reads as it always did.
 */
import type { JourneyOutcome, Outcome, Report } from './types';

export interface OutcomeNames {
  upgrade: string;
  cancel: string;
}

export interface OutcomeLabels {
  /** The class in running text: "upgrade", "purchase". */
  name: Record<Outcome, string>;
  /** A known outcome: "Upgraded", "purchase". */
  known: Record<JourneyOutcome, string>;
  /** A prediction: "Likely upgrade", "Likely purchase". */
  predicted: Record<Outcome, string>;
  /** What a journey goes toward: "upgrade" / "cancellation", "purchase" / "no purchase". */
  direction: Record<Outcome, string>;
  /** Whether the names came from the report (an event log) rather than the recordings' defaults. */
  named: boolean;
}

export const DEFAULT_OUTCOME_NAMES: OutcomeNames = { upgrade: 'upgrade', cancel: 'cancel' };

export function outcomeNames(report?: Pick<Report, 'outcomes'> | null): OutcomeNames {
  const o = report?.outcomes;
  return o && typeof o.upgrade === 'string' && typeof o.cancel === 'string'
    ? { upgrade: o.upgrade, cancel: o.cancel }
    : DEFAULT_OUTCOME_NAMES;
}

export function outcomeLabels(report?: Pick<Report, 'outcomes'> | null): OutcomeLabels {
  const n = outcomeNames(report);
  if (n === DEFAULT_OUTCOME_NAMES)
    return {
      name: { upgrade: 'upgrade', cancel: 'cancel' },
      known: { upgrade: 'Upgraded', cancel: 'Cancelled', open: 'Open' },
      predicted: { upgrade: 'Likely upgrade', cancel: 'Likely cancel' },
      direction: { upgrade: 'upgrade', cancel: 'cancellation' },
      named: false,
    };
  return {
    name: { ...n },
    known: { upgrade: capitalize(n.upgrade), cancel: capitalize(n.cancel), open: 'Open' },
    predicted: { upgrade: `Likely ${n.upgrade}`, cancel: `Likely ${n.cancel}` },
    direction: { ...n },
    named: true,
  };
}

export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
