// The second core's share of an analysis: parse half the files (with their metrics, timelines and features), and run
// the leaking with-status cross-validation beside the session worker's main training.
import type { MessagePort } from 'node:worker_threads';
import { evaluatePreparedWithStatus, type ModelData } from '../core/journeys/crossValidation';
import { TermSpace } from '../core/journeys/features';
import { parseFiles } from './parseFiles';
import type { HelperRequest, HelperResponse } from './workerProtocol';

export function serveHelper(port: MessagePort): void {
  // Only names: it grows across analyses by the terms new files bring, and the asker maps its ids onto its own.
  const space = new TermSpace();

  async function handle(req: HelperRequest): Promise<HelperResponse> {
    try {
      if (req.type === 'parse') {
        const results = parseFiles(req.files, req.options, { derive: true, stepsJson: req.stepsJson, space });
        return { id: req.id, ok: true, type: 'parse', results, terms: space.termsFrom(req.termsFrom) };
      }
      const data: ModelData = {
        journeys: [],
        space: TermSpace.withTerms(req.names, req.types),
        prepared: req.prepared,
        labelled: req.prepared.map((_, i) => i),
        upgrade: req.upgrade,
      };
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
