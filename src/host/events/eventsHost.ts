/**
 * Everything the extension needs for event logs, built in one place so extension.ts only wires it in: the engine
 * child process (one for the extension, ended on deactivate), the analysed sources with their cache and watchers,
 * the dashboards, the tree section and the commands.
 */
import * as vscode from 'vscode';
import { registerEventsCommands } from '../commands/events';
import type { ApiKeyStore } from '../secrets';
import { EventsEngine } from './eventsEngine';
import { EventsNotes } from './eventsNotes';
import { EventsPanels } from './eventsPanels';
import { EventJourneysDashboard } from './eventJourneysDashboard';
import {
  affectsAnalysis,
  affectsEngine,
  affectsFunnels,
  analysisOptions,
  memoryLimit,
  storedFunnels,
} from './eventsSettings';
import { EventsSourceStore } from './eventsSourceStore';
import { EventsSources, type EventsStats } from './eventsSources';
import { EventsTreeSection } from './eventsTreeItems';

/** The event-log part of the extension's API, for tests: never carries a secret. */
export interface EventsApi {
  readonly sources: EventsSources;
  readonly panels: EventsPanels;
  /** The recordings dashboard's panel for an event source's journeys. */
  readonly journeys: EventJourneysDashboard;
  readonly stats: EventsStats;
  /** The engine child's pid while it runs. */
  enginePid(): number | undefined;
}

export interface EventsHost {
  tree: EventsTreeSection;
  api: EventsApi;
  disposables: vscode.Disposable[];
  /** Ends the engine child process (deactivate awaits it). */
  shutdown(): Promise<void>;
}

export function createEventsHost(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  keys: ApiKeyStore,
): EventsHost {
  const engine = new EventsEngine(() => ({ memoryLimit: memoryLimit() }));
  // Per workspace when there is one: a report belongs to the files of the window that analysed them.
  const storage = context.storageUri ?? context.globalStorageUri;
  const store = new EventsSourceStore(vscode.Uri.joinPath(storage, 'event-sources').fsPath);
  const sources = new EventsSources(engine, log, analysisOptions, store);
  const notes = new EventsNotes(keys, context.globalStorageUri, log);
  const panels = new EventsPanels(context.extensionUri, sources, log, notes);
  const journeys = new EventJourneysDashboard(context.extensionUri, sources, keys, context.globalStorageUri, log);
  const funnelsChanged = new vscode.EventEmitter<void>();
  const tree = new EventsTreeSection(sources, funnelsChanged.event);
  const disposables: vscode.Disposable[] = [
    sources,
    panels,
    notes,
    journeys,
    funnelsChanged,
    panels.onDidSaveFunnel(() => funnelsChanged.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsFunnels(e)) {
        const { invalid } = storedFunnels();
        if (invalid)
          log.warn(
            `journeyLens.events.funnels: ${invalid} entr${invalid === 1 ? 'y is' : 'ies are'} not a funnel and left out`,
          );
        funnelsChanged.fire();
      }
      if (affectsEngine(e)) void engine.restart();
      if (affectsAnalysis(e))
        log.info('Event log settings changed (unit or outcome): the next Analyze Events analyses each source again');
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => panels.refreshHostState()),
    ...registerEventsCommands({ sources, panels, journeys, log }),
  ];
  return {
    tree,
    disposables,
    api: { sources, panels, journeys, stats: sources.stats, enginePid: () => engine.pid },
    shutdown: () => engine.dispose(),
  };
}
