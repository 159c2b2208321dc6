// The second core's share of an analysis: parse half the files (with their metrics, timelines and features), fit some
// folds of the main cross-validation, and run the leaking with-status cross-validation beside the session worker's
// report building.
import type { MessagePort } from 'node:worker_threads';
import {
  EARLY_WARNING_FRACTIONS,
  earlyScores,
  evaluatePreparedWithStatus,
  fitFold,
  trainSettings,
  type ModelData,
} from '../core/journeys/crossValidation';
import { DEFAULT_FEATURE_SETTINGS, TermSpace } from '../core/journeys/features';
import { planFolds } from '../core/shared/ml/metrics';
import { parseFiles } from './parseFiles';
import { supersededUnless } from './superseded';
import type { HelperRequest, HelperResponse } from './workerProtocol';

/** `newestShared[0]`: the host's newest analyze or update request (see AnalysisSession), for `retrainOf`. */
export function serveHelper(port: MessagePort, newestShared?: Int32Array): void {
  // Only names: it grows across analyses by the terms new files bring, and the asker maps its ids onto its own.
  const space = new TermSpace();
  let modelData: ModelData | null = null;

  async function handle(req: HelperRequest): Promise<HelperResponse> {
    // A retrain the session worker gave up for a newer request: the fits stop too, freeing this core for that one.
    const checkpoint = supersededUnless(newestShared, req.type === 'parse' ? undefined : req.retrainOf);
    try {
      if (req.type === 'parse') {
        const results = parseFiles(req.files, req.options, { derive: true, reportJson: req.reportJson, space });
        return { id: req.id, ok: true, type: 'parse', results, terms: space.termsFrom(req.termsFrom) };
      }
      if (req.type === 'folds') {
        const data: ModelData = (modelData = {
          journeys: [],
          space: TermSpace.withTerms(req.names, req.types),
          prepared: req.prepared,
          labelled: req.prepared.map((_, i) => i),
          upgrade: req.upgrade,
        });
        // The same plan and settings predictOutcomes uses there, so the folds are the ones it would fit.
        const plan = planFolds(data.upgrade, req.options.folds, req.options.seed);
        const features = { ...DEFAULT_FEATURE_SETTINGS, useStatus: false };
        const fits = req.folds.map((fold) => {
          const fit = fitFold(data, plan, fold, features, { ...trainSettings(req.options), checkpoint });
          const { weights, std, iterations, converged } = fit.trained;
          const early = EARLY_WARNING_FRACTIONS.filter((f) => f < 1).map((f): [number, number[]] => [
            f,
            earlyScores(data, fit, f),
          ]);
          return { fold, vocab: fit.vocab, weights, std, iterations, converged, early };
        });
        return { id: req.id, ok: true, type: 'folds', fits };
      }
      if (!modelData) throw new Error('withStatus before any folds request');
      const scores = evaluatePreparedWithStatus(modelData, req.options, checkpoint);
      modelData = null;
      return { id: req.id, ok: true, type: 'withStatus', scores };
    } catch (err) {
      return { id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
  }

  let chain = Promise.resolve();
  port.on('message', (req: HelperRequest) => {
    chain = chain.then(async () => port.postMessage(await handle(req)));
  });
}
