// Every command the extension contributes, declared once. registerCommands must give each one a handler (the
// compiler checks), and a unit test checks this list against package.json's contributes.commands.
export const COMMAND = {
  analyzeFolder: 'journeyLens.analyzeFolder',
  classifyJourney: 'journeyLens.classifyJourney',
  openDashboard: 'journeyLens.openDashboard',
  refresh: 'journeyLens.refresh',
  openRecordingFile: 'journeyLens.openRecordingFile',
  revealInExplorer: 'journeyLens.revealInExplorer',
  setApiKey: 'journeyLens.setApiKey',
  clearApiKey: 'journeyLens.clearApiKey',
  runAiAnalysis: 'journeyLens.runAiAnalysis',
  reanalyzeAi: 'journeyLens.reanalyzeAi',
  showLog: 'journeyLens.showLog',
  analyzeEvents: 'journeyLens.analyzeEvents',
  openEventsView: 'journeyLens.openEventsView',
  openEventJourney: 'journeyLens.openEventJourney',
  classifyEventJourney: 'journeyLens.classifyEventJourney',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];
/** The event-log commands, registered by commands/events.ts (from the events host) rather than commands/index.ts. */
export type EventsCommandId =
  | typeof COMMAND.analyzeEvents
  | typeof COMMAND.openEventsView
  | typeof COMMAND.openEventJourney
  | typeof COMMAND.classifyEventJourney;
