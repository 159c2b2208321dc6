/** Builds Journey objects directly, so model tests do not depend on the parser. */
import type { Journey, JourneyOutcome, Status, Step } from '../../src/core/journeys/types';

export interface StepSpec {
  label: string;
  status?: Status;
  date?: string;
  details?: string;
  recordingId?: string;
  startMs?: number;
  endMs?: number;
}

export function buildJourney(id: string, outcome: JourneyOutcome, specs: StepSpec[], recordings?: number): Journey {
  const steps: Step[] = specs.map((s, i) => ({
    index: i + 1,
    label: s.label,
    status: s.status ?? 'non-converted',
    rawStatus: s.status ?? 'non-converted',
    date: s.date ?? '2024-01-01',
    startMs: s.startMs ?? i * 1000,
    endMs: s.endMs ?? i * 1000 + 500,
    startClock: '',
    endClock: '',
    details: s.details ?? '',
    recordingId: s.recordingId ?? 'rec-1',
    sourcePath: [],
  }));
  return {
    id,
    file: `/tmp/${id}`,
    name: id,
    outcome,
    outcomeSource: outcome === 'open' ? 'none' : 'folder',
    steps,
    recordings: recordings ?? new Set(steps.map((s) => s.recordingId)).size,
    warnings: [],
    contentHash: id,
  };
}
