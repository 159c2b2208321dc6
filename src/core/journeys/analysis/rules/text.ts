// How the rule-based analyses put labels, statuses and outcomes into sentences.
import type { JourneyReport, Outcome, Status } from '../../types';

export function normalise(label: string): string {
  return label.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function outcomeNoun(o: Outcome): string {
  return o === 'upgrade' ? 'upgrades' : 'cancellations';
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function quote(label: string): string {
  const s = label.replace(/\s+/g, ' ').trim();
  return `"${s.length > 70 ? `${s.slice(0, 69)}…` : s}"`;
}

export function statusName(status: Status): string {
  return status.replace(/_/g, ' ');
}

export function sourceName(source: JourneyReport['outcomeSource']): string {
  return source === 'terminal-status' ? 'its last status' : source === 'none' ? 'nothing' : `its ${source}`;
}
