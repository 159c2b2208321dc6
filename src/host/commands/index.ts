// Registers every command: one file per group returns its handlers keyed by command id, and the map below must
// cover every id in commandIds.ts (the compiler checks), so a new group is one new file and one edited line.
import * as vscode from 'vscode';
import { COMMAND, type CommandId, type EventsCommandId } from '../commandIds';
import { aiCommands } from './ai';
import { classifyCommands } from './classify';
import { dashboardConnection } from './dashboard';
import type { CommandDeps, Handler } from './deps';
import { journeyCommands } from './journeys';
import { navigationCommands } from './navigation';

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { dashboard } = deps;
  const journeys = journeyCommands(deps);
  const classify = classifyCommands(deps);
  const aiGroup = aiCommands(deps);
  const handlers = {
    ...journeys,
    ...classify,
    ...aiGroup,
    ...navigationCommands(deps, () => journeys[COMMAND.analyzeFolder]()),
    // The event-log group (commands/events.ts) is registered by the events host, which owns its engine and panels.
  } satisfies Record<Exclude<CommandId, EventsCommandId>, Handler>;

  dashboard.connect(
    dashboardConnection(deps, {
      classify: classify[COMMAND.classifyJourney],
      setApiKey: () => aiGroup[COMMAND.setApiKey](),
      refresh: journeys[COMMAND.refresh],
    }),
  );

  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
