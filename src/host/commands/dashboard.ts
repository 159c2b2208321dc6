// What the recordings dashboard asks the host for: one handler per webview message (the panel answers
// `journeys/ready` itself). Mostly the commands, called with what the page sent, which the protocol has validated.
import type { DashboardConnection } from '../dashboardPanel';
import { openRecording } from '../recordingFiles';
import type { CommandDeps } from './deps';

export function dashboardConnection(
  { controller, ai, publisher }: CommandDeps,
  commands: {
    classify: (arg: { journeyId: string }) => Promise<unknown>;
    setApiKey: () => Promise<unknown>;
    refresh: () => Promise<unknown>;
  },
): DashboardConnection {
  return {
    hostState: () => ai.hostState(),
    handlers: {
      'journeys/openStep': async ({ journeyId, stepIndex }) => {
        const journey = controller.report?.journeys.find((j) => j.id === journeyId);
        // Only files that belong to the current report are ever opened on the webview's say-so.
        if (journey) await openRecording(journey, stepIndex, (id) => controller.loadJourney(id));
      },
      'journeys/loadJourney': ({ journeyId }) => publisher.journeyDetail(journeyId),
      'journeys/search': ({ text }) => publisher.search(text),
      'journeys/classify': ({ journeyId }) => commands.classify({ journeyId }),
      'journeys/reanalyze': ({ journeyIds, force }) => ai.run({ journeyIds, force }),
      'journeys/runAi': () => ai.run({}),
      'journeys/cancelAnalysis': () => ai.cancel(),
      'journeys/setApiKey': () => commands.setApiKey(),
      'journeys/refresh': () => commands.refresh(),
    },
  };
}
