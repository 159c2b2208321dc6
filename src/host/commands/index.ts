// Registers every command: one file per group returns its handlers keyed by command id, and the map below must
// cover every id in commandIds.ts (the compiler checks), so a new group is one new file and one edited line.
import * as vscode from 'vscode';
import { COMMAND, type CommandId } from '../commandIds';
import { openRecording } from '../recordingFiles';
import { aiCommands } from './ai';
import { classifyCommands } from './classify';
import type { CommandDeps, Handler } from './deps';
import { journeyCommands } from './journeys';
import { navigationCommands } from './navigation';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { controller, dashboard, ai } = deps;
  const journeys = journeyCommands(deps);
  const classify = classifyCommands(deps);
  const aiGroup = aiCommands(deps);
  const handlers = {
    ...journeys,
    ...classify,
    ...aiGroup,
    ...navigationCommands(deps, () => journeys[COMMAND.analyzeFolder]()),
  } satisfies Record<CommandId, Handler>;

  dashboard.setActions({
    openStep: async (journeyId, stepIndex) => {
      const journey = controller.report?.journeys.find((j) => j.id === journeyId);
      // Only files that belong to the current report are ever opened on the webview's say-so.
      if (journey) await openRecording(journey, stepIndex);
    },
    classify: (journeyId) => classify[COMMAND.classifyJourney]({ journeyId }),
    reanalyze: (journeyIds, force) => ai.run({ journeyIds, force }),
    runAi: () => ai.run({}),
    cancelAnalysis: () => ai.cancel(),
    setApiKey: () => aiGroup[COMMAND.setApiKey](),
    refresh: () => journeys[COMMAND.refresh](),
    hostState: () => ai.hostState(),
  });

  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
