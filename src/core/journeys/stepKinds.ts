/**
 * Keyword rules that read a step's label and details. They are deliberately plain regular expressions so an
 * analyst can read (and argue with) exactly what counts as "an error" or "a retention offer".
 *
 * Labels are short and intentional ("Declined Retention Offer"), details are long narration that mention many
 * things in passing ("while waiting for support..."), so every rule has a broad label pattern and a stricter
 * details pattern: a step counts when either matches.
 */
import type { Step } from './types';

interface KeywordRule {
  label: RegExp;
  details: RegExp;
}

export type FrictionKind = 'errors' | 'supportContacts' | 'cancellationSteps' | 'retentionSteps';

export const FRICTION_RULES: Record<FrictionKind, KeywordRule> = {
  // "failure"/"declined" cover payment failures, the errors that matter most for conversion; a declined
  // retention offer is a choice, not an error, so "declined" needs a card or payment next to it.
  errors: {
    label:
      /\b(errors?|fail(ed|ure|s)?|(card|payment) declined|declined (card|payment)|crash(ed|es)?|time ?outs?|timed out|unavailable|broken|bug|exception)\b/i,
    details:
      /\b(error (message|banner|occurred|appeared|code)|received an error|was declined|failed to|\d{3} (error|too many|internal|service)|service unavailable|crash(ed)?)\b/i,
  },
  supportContacts: {
    label: /\b(support|help ?desk|help center|live chat|ticket|contact(ed)? us|customer service)\b/i,
    details:
      /\b(support (chat|ticket|team|agent|request)|contacted support|chat with support|live chat|opened a ticket)\b/i,
  },
  cancellationSteps: {
    label:
      /\b(cancel\w*|unsubscrib\w*|downgrad\w*|close (my |the )?account|delete (my |the )?account|subscription ended)\b/i,
    details:
      /\b(cancel(led|ed)? (the |their |my )?subscription|cancellation (flow|reason|confirmed|request)|clicked '?cancel)\b/i,
  },
  retentionSteps: {
    label:
      /\b(retention|win-?back|before you go|stay offer|pause (my |your |the )?(plan|subscription)|(discount|special|save) offer)\b/i,
    details:
      /\b(retention (offer|discount|deal)|before you go|offered (a |an )?(\d+% )?(discount|free month|pause))\b/i,
  },
};

/** Every kind's pattern in one, so most steps (no friction at all) cost one pass over their text instead of four. */
const anyOf = (part: 'label' | 'details') =>
  new RegExp(
    Object.values(FRICTION_RULES)
      .map((rule) => `(?:${rule[part].source})`)
      .join('|'),
    'i',
  );
const ANY_LABEL = anyOf('label');
const ANY_DETAILS = anyOf('details');

/** False only when no kind of friction can match: `hasFriction` is then false for every kind. */
export function mayHaveFriction(step: Pick<Step, 'label' | 'details'>): boolean {
  return ANY_LABEL.test(step.label) || ANY_DETAILS.test(step.details);
}

export function hasFriction(step: Pick<Step, 'label' | 'details'>, kind: FrictionKind): boolean {
  const rule = FRICTION_RULES[kind];
  return rule.label.test(step.label) || rule.details.test(step.details);
}

/**
 * A coarse step type from the label alone, first matching rule wins. Used for status-free sequence features
 * ("pricing → checkout") and for grouping; the order puts the most outcome-specific kinds first.
 */
export const STEP_KINDS: { kind: string; pattern: RegExp }[] = [
  {
    kind: 'cancellation',
    pattern: /\b(cancel\w*|unsubscrib\w*|downgrad\w*|close account|delete account|subscription ended)\b/i,
  },
  { kind: 'retention', pattern: /\b(retention|win-?back|before you go|pause|(discount|special|save) offer)\b/i },
  {
    kind: 'error',
    pattern: /\b(errors?|fail(ed|ure|s)?|(card|payment) declined|crash\w*|time ?outs?|unavailable|broken|bug)\b/i,
  },
  { kind: 'support', pattern: /\b(support|help ?desk|help center|live chat|ticket|contact)\b/i },
  { kind: 'competitor', pattern: /\b(competitor|alternative)\b/i },
  { kind: 'checkout', pattern: /\b(checkout|payment|purchase|card|billing address|invoice|receipt)\b/i },
  { kind: 'upgrade', pattern: /\b(upgrade\w*|pricing|plans?|compare\w*|comparison|annual|monthly)\b/i },
  { kind: 'limit', pattern: /\b(limits?|quota|storage|usage cap|warning)\b/i },
  {
    kind: 'signup',
    pattern: /\b(sign[- ]?up|sign[- ]?in|log ?in|start for free|get started|trial|create account|continue with)\b/i,
  },
  { kind: 'onboarding', pattern: /\b(onboarding|walkthrough|tutorial|questionnaire|first project|welcome|tour)\b/i },
  { kind: 'account', pattern: /\b(settings|billing|account|subscription|profile|menu|tab)\b/i },
];

export function stepKind(label: string): string {
  for (const { kind, pattern } of STEP_KINDS) if (pattern.test(label)) return kind;
  return 'usage';
}
