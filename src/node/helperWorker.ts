// The second core's share of an analysis: parse half the files (with their metrics and timelines), and run the
// leaking with-status cross-validation beside the session worker's main training.
import type { MessagePort } from 'node:worker_threads';
import { evaluatePreparedWithStatus, type ModelData } from '../core/journeys/crossValidation';
import { TermSpace, prepareJourney, type PreparedJourney } from '../core/journeys/features';
import type { Journey, JourneyOutcome } from '../core/journeys/types';
import { parseFiles } from './parseFiles';
import type { HelperRequest, HelperResponse } from './workerProtocol';

/** Only what the evaluation reads: a few typed arrays per journey instead of its steps and text. */
interface Held {
  id: string;
  outcome: JourneyOutcome;
  prepared: PreparedJourney;
}

export function serveHelper(port: MessagePort): void {
  const space = new TermSpace();
  const held = new Map<string, Held>();
  const hold = (j: Journey) => held.set(j.file, { id: j.id, outcome: j.outcome, prepared: prepareJourney(j, space) });

  async function handle(req: HelperRequest): Promise<HelperResponse> {
    try {
      if (req.type === 'parse') {
        const results = parseFiles(req.files, req.options, true, req.stepsJson);
        for (const r of results) if (r.kind === 'journey') hold(r.journey);
        return { id: req.id, ok: true, type: 'parse', results };
      }
      for (const j of req.upsert) hold(j);
      const keep = new Set(req.keep);
      for (const file of held.keys()) if (!keep.has(file)) held.delete(file);
      const rows = req.keep.map((file) => {
        const h = held.get(file);
        if (!h) throw new Error(`helper lacks ${file}`);
        return h;
      });
      // The report's order (see sortJourneys), so the folds are the same ones the session worker uses.
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const labelled: number[] = [];
      const upgrade: boolean[] = [];
      rows.forEach((h, i) => {
        if (h.outcome === 'open') return;
        labelled.push(i);
        upgrade.push(h.outcome === 'upgrade');
      });
      const data: ModelData = { journeys: [], space, prepared: rows.map((h) => h.prepared), labelled, upgrade };
      return { id: req.id, ok: true, type: 'withStatus', scores: evaluatePreparedWithStatus(data, req.options) };
    } catch (err) {
      return { id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
  }

  let chain = Promise.resolve();
  port.on('message', (req: HelperRequest) => {
    chain = chain.then(async () => port.postMessage(await handle(req)));
  });
}
