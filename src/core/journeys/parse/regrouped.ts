// Layout 4: a regrouped export, `{groups: [{group_name, steps: [{step_data: {...step...}, recording_id}]}], usage_metadata}`.
// Steps are grouped by theme, not time: each keeps its group name and goes back into time order with the rest.
import { addRecordingsInOrder, emptyExtraction, type Extraction } from './extraction';
import { hasStepMarker, type RecordingLayout } from './layout';
import type { JsonPath } from './locate';
import type { ProblemLog } from './problems';
import { isObject } from '../../shared/isObject';
import { describe, readStep, type StepFields, type StepStats } from './readStep';

const UNKNOWN_RECORDING = '(unknown recording)';

export function readRegrouped(groups: unknown[], log: ProblemLog, stats: StepStats, at: JsonPath = []): Extraction {
  const out = emptyExtraction();
  // Recordings in order of first appearance: a regrouped file keeps no chronology of its own, so recordings that
  // share a date keep the order in which the file first mentions them.
  const byRecording = new Map<string, StepFields[]>();
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (!isObject(group)) {
      log.warn([...at, 'groups', g], `group should be an object, found ${describe(group)}; ignored`);
      continue;
    }
    let name = `group ${g + 1}`;
    if (typeof group.group_name === 'string' && group.group_name.trim() !== '') name = group.group_name.trim();
    else
      log.warn([...at, 'groups', g], `group has no group_name (found ${describe(group.group_name)}); called "${name}"`);
    const steps = group.steps;
    if (!Array.isArray(steps)) {
      log.warn(
        [...at, 'groups', g, 'steps'],
        `group "${name}" should have a "steps" array, found ${describe(steps)}; no steps from this group`,
      );
      continue;
    }
    for (let s = 0; s < steps.length; s++) {
      const wrapper = steps[s];
      if (!isObject(wrapper)) {
        log.warn(
          [...at, 'groups', g, 'steps', s],
          `grouped step should be an object with "step_data", found ${describe(wrapper)}; step skipped`,
        );
        stats.skipped++;
        continue;
      }
      const wrapperId =
        typeof wrapper.recording_id === 'string' && wrapper.recording_id !== '' ? wrapper.recording_id : '';
      // Tolerate a wrapper that is itself the step (no step_data level), as hand-edited exports do.
      const nested = wrapper.step_data !== undefined || wrapper.label === undefined;
      const path = nested ? [...at, 'groups', g, 'steps', s, 'step_data'] : [...at, 'groups', g, 'steps', s];
      const step = readStep(
        nested ? wrapper.step_data : wrapper,
        { path, recordingId: wrapperId || UNKNOWN_RECORDING, group: name, previousEndMs: 0 },
        log,
        stats,
      );
      if (!step) continue;
      // The wrapper's recording_id is the regrouping's own bookkeeping; prefer it over the reel's when both exist.
      if (wrapperId) step.recordingId = wrapperId;
      const list = byRecording.get(step.recordingId);
      if (list) list.push(step);
      else byRecording.set(step.recordingId, [step]);
    }
  }
  out.recordings = byRecording.size;
  addRecordingsInOrder(
    out,
    [...byRecording.values()].map((steps, rank) => ({ steps, rank })),
  );
  return out;
}

/** A regrouped export: `{ "groups": [{ "group_name": ..., "steps": [...] }] }`. */
export const regroupedLayout: RecordingLayout = {
  id: 'regrouped',
  sniff: (head) => /"groups"\s*:\s*\[[\s\S]*"group_name"\s*:/.test(head) || hasStepMarker(head),
  claims: (top) => top.groups !== undefined,
  read(top, { log, stats, at }) {
    if (Array.isArray(top.groups)) return readRegrouped(top.groups, log, stats, at);
    log.error(
      [...at, 'groups'],
      `"groups" should be an array of step groups, found ${describe(top.groups)}; file skipped`,
    );
    return null;
  },
};
