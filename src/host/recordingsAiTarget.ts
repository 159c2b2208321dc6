import { carryOverAnalyses } from './analysisCarryOver';
import type { AiTarget } from './aiRunner';
import type { AnalysisController } from './analysisController';
import type { DashboardPanel } from './dashboardPanel';
import type { DashboardPublisher } from './dashboardPublisher';

/** The AI runner's target for the analysed folder of recordings: its report, its dashboard. */
export function recordingsAiTarget(
  controller: AnalysisController,
  dashboard: DashboardPanel,
  publisher: DashboardPublisher,
): AiTarget {
  return {
    get report() {
      return controller.report ?? undefined;
    },
    noReportText: 'Analyse a folder of recordings first; then the AI can write an analysis of each journey.',
    journeyAnalysed: (report, id) => publisher.journeyAnalysed(report, id),
    crossJourneyAnalysed: (report, analysis) => publisher.crossJourneyAnalysed(report, analysis),
    progress: (done, total, message) => publisher.analysisProgress(done, total, message),
    settle(report) {
      // The folder may have changed while the model was answering: move what still applies to the newer report.
      const current = controller.report;
      if (current && current !== report) {
        carryOverAnalyses(report, current);
        controller.republish();
      }
    },
    loadJourney: (id) => controller.loadJourney(id),
    hostStateChanged: () => void dashboard.postHostState(),
  };
}
