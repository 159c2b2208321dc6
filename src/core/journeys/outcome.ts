// A journey's known outcome: from its path (folder or file name rules, first matching rule wins), else from how it ends.
import picomatch from 'picomatch';
import type { JourneyOutcome, OutcomeSource, Status, Step } from './types';
import type { OutcomeRule } from './options';

export interface OutcomeDecision {
  outcome: JourneyOutcome;
  source: OutcomeSource;
}

interface CompiledRule {
  matches: (path: string) => boolean;
  source: 'folder' | 'filename';
}

// Rules come from settings and rarely change; compiling a glob costs far more than matching one.
const compiled = new Map<string, CompiledRule>();

function compile(pattern: string): CompiledRule {
  let rule = compiled.get(pattern);
  if (!rule) {
    // Case-insensitive and dot-tolerant: "Upgrades/" and ".exports/cancellations/" mean what they say.
    rule = { matches: picomatch(pattern, { dot: true, nocase: true, windows: false }), source: ruleSource(pattern) };
    compiled.set(pattern, rule);
  }
  return rule;
}

/**
 * 'folder' when the pattern names a directory (a literal segment before its last one, or a trailing `**`, as in
 * `**\/upgrades/**`), 'filename' when only its last segment says anything (`**\/upgrade-*.json`).
 */
export function ruleSource(pattern: string): 'folder' | 'filename' {
  const segments = pattern.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? '';
  if (last === '**') return 'folder';
  return segments.slice(0, -1).some((s) => s !== '**') ? 'folder' : 'filename';
}

export function decideOutcome(relPath: string, steps: Step[], rules: OutcomeRule[]): OutcomeDecision {
  const path = relPath.replace(/\\/g, '/').replace(/^\.?\//, '');
  for (const rule of rules) {
    const c = compile(rule.pattern);
    if (c.matches(path)) return { outcome: rule.outcome, source: c.source };
  }
  const terminal = outcomeFromStatuses(steps.map((s) => s.status));
  return terminal ? { outcome: terminal, source: 'terminal-status' } : { outcome: 'open', source: 'none' };
}

/**
 * The outcome a status sequence ends in, or null. The last recognised status decides: `churned` is a cancellation;
 * `converted` is an upgrade only if nothing at risk or churned came after the first `converted`, because
 * cancellation journeys often open with `converted` steps (the user had upgraded before these recordings).
 */
export function outcomeFromStatuses(statuses: Status[]): 'upgrade' | 'cancel' | null {
  let last = statuses.length - 1;
  while (last >= 0 && statuses[last] === 'unknown') last--;
  if (last < 0) return null;
  if (statuses[last] === 'churned') return 'cancel';
  if (statuses[last] !== 'converted') return null;
  const firstConverted = statuses.indexOf('converted');
  for (let i = firstConverted + 1; i <= last; i++) {
    if (statuses[i] === 'conversion_at_risk' || statuses[i] === 'churned') return null;
  }
  return 'upgrade';
}
