/**
 * The Journeys view's *Event logs* section: each analysed source with its headline (users, sessions, conversion),
 * its saved funnels, and one child per dashboard view that opens the source's panel there. journeysTree.ts appends
 * this section's root and hands its nodes here.
 */
import * as vscode from 'vscode';
import type { EventJourneysReport, EventsReport } from '../../core/events/types';
import { outcomeLabels } from '../../core/journeys/outcomeNames';
import type { EventsViewId, SavedFunnel } from '../../dashboard/events/protocol';
import { COMMAND } from '../commandIds';
import { groupItem, groupLabel, type GroupId } from '../journeyGroups';
import { funnelsFor } from './eventsSettings';
import type { EventsSource, EventsSources } from './eventsSources';

export type EventsTreeNode =
  | { kind: 'eventLogs' }
  | { kind: 'eventSource'; target: string }
  | { kind: 'eventJourneyGroup'; target: string; group: UnitGroup; units: UnitSummary[] }
  | { kind: 'eventJourney'; target: string; unit: UnitSummary }
  | { kind: 'eventJourneysMore'; target: string; more: number }
  | { kind: 'eventFunnel'; target: string; funnel: SavedFunnel }
  | { kind: 'eventView'; target: string; view: EventsViewId };

type UnitSummary = EventJourneysReport['units'][number];
type UnitGroup = Exclude<GroupId, 'needsAttention'>;

/** What openEventJourney takes: a source and a unit id. */
export interface OpenEventJourneyArgs {
  target: string;
  id: string;
}

/** A group lists this many units; the rest are counted (the dashboard pages through the sample). */
export const MAX_UNITS_PER_GROUP = 500;

/** What openEventsView takes: a source and a view, or a saved funnel to apply on the Funnel view. */
export interface OpenEventsViewArgs {
  target: string;
  view?: EventsViewId;
  funnel?: string;
}

const VIEWS: { view: EventsViewId; label: string; icon: string; section: keyof EventsReport | null }[] = [
  { view: 'funnel', label: 'Funnel', icon: 'filter', section: 'funnel' },
  { view: 'friction', label: 'Friction', icon: 'warning', section: 'friction' },
  { view: 'paths', label: 'Paths', icon: 'git-merge', section: 'paths' },
  { view: 'retention', label: 'Retention', icon: 'calendar', section: 'retention' },
  { view: 'segments', label: 'Segments', icon: 'symbol-class', section: 'segments' },
  { view: 'customers', label: 'Customers', icon: 'person', section: 'ltv' },
];

const EVENTS_KINDS = new Set([
  'eventLogs',
  'eventSource',
  'eventFunnel',
  'eventView',
  'eventJourneyGroup',
  'eventJourney',
  'eventJourneysMore',
]);
const isEventsKind = (kind: string): boolean => EVENTS_KINDS.has(kind);

export class EventsTreeSection {
  /** Fires when sources or their saved funnels change; the tree rebuilds its roots. */
  readonly onDidChange: vscode.Event<unknown>;

  constructor(
    private readonly sources: EventsSources,
    onFunnelsChanged: vscode.Event<unknown>,
  ) {
    const emitter = new vscode.EventEmitter<unknown>();
    sources.onDidChange(() => emitter.fire(undefined));
    onFunnelsChanged(() => emitter.fire(undefined));
    this.onDidChange = emitter.event;
  }

  static owns(node: { kind: string }): node is EventsTreeNode {
    return isEventsKind(node.kind);
  }

  roots(): EventsTreeNode[] {
    return this.sources.all.length ? [{ kind: 'eventLogs' }] : [];
  }

  getChildren(node: EventsTreeNode): EventsTreeNode[] {
    if (node.kind === 'eventLogs') return this.sources.all.map((s) => ({ kind: 'eventSource', target: s.target }));
    if (node.kind === 'eventJourneyGroup') {
      const shown = node.units.slice(0, MAX_UNITS_PER_GROUP);
      const rest = node.units.length - shown.length;
      return [
        ...shown.map((unit): EventsTreeNode => ({ kind: 'eventJourney', target: node.target, unit })),
        ...(rest > 0 ? [{ kind: 'eventJourneysMore', target: node.target, more: rest } as const] : []),
      ];
    }
    if (node.kind !== 'eventSource') return [];
    const journeys = this.sources.get(node.target)?.report.journeys;
    const funnels = funnelsFor(node.target).map((funnel): EventsTreeNode => ({
      kind: 'eventFunnel',
      target: node.target,
      funnel,
    }));
    return [
      ...(journeys ? unitGroups(node.target, journeys) : []),
      ...funnels,
      ...VIEWS.map((v): EventsTreeNode => ({ kind: 'eventView', target: node.target, view: v.view })),
    ];
  }

  getTreeItem(node: EventsTreeNode): vscode.TreeItem {
    if (node.kind === 'eventLogs') {
      const item = new vscode.TreeItem('Event logs', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'eventLogs';
      item.description = String(this.sources.all.length);
      item.iconPath = new vscode.ThemeIcon('database');
      item.contextValue = 'eventLogs';
      return item;
    }
    const source = this.sources.get(node.target);
    if (!source) return new vscode.TreeItem('(gone)');
    if (node.kind === 'eventSource') return sourceItem(source);
    if (node.kind === 'eventJourneyGroup') {
      return groupItem(
        node.group,
        node.units.length,
        groupLabel(node.group, source.report.journeys),
        `eventJourneyGroup:${source.target}:${node.group}`,
      );
    }
    if (node.kind === 'eventJourney') return unitItem(source, node.unit);
    if (node.kind === 'eventJourneysMore') {
      const item = new vscode.TreeItem(`… and ${intFmt.format(node.more)} more`, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.tooltip = `Only the first ${MAX_UNITS_PER_GROUP} of a group are listed; the group's count is every unit.`;
      return item;
    }
    if (node.kind === 'eventFunnel') {
      const item = new vscode.TreeItem(node.funnel.name, vscode.TreeItemCollapsibleState.None);
      item.id = `eventFunnel:${source.target}:${node.funnel.name}`;
      item.description = `${node.funnel.definition.steps.length} steps · saved funnel`;
      item.tooltip = node.funnel.definition.steps.map((s) => s.name).join(' → ');
      item.iconPath = new vscode.ThemeIcon('bookmark');
      item.contextValue = 'eventFunnel';
      item.command = openCommand({ target: source.target, funnel: node.funnel.name }, 'Apply Funnel');
      return item;
    }
    const v = VIEWS.find((x) => x.view === node.view)!;
    const item = new vscode.TreeItem(v.label, vscode.TreeItemCollapsibleState.None);
    item.id = `eventView:${source.target}:${v.view}`;
    const missing = v.section !== null && source.report[v.section] === null;
    item.description = missing ? 'not available' : viewSummary(source.report, v.view);
    if (missing) item.tooltip = source.report.notes[v.section as keyof EventsReport['notes']] ?? 'no data';
    item.iconPath = new vscode.ThemeIcon(v.icon);
    item.contextValue = 'eventView';
    item.command = openCommand({ target: source.target, view: v.view }, `Open ${v.label}`);
    return item;
  }
}

/**
 * The units grouped like recordings journeys (groupOf's rule on the units summary): predicted outcomes of open units
 * first, most likely first, then the known outcomes, those the out-of-fold score got wrong first.
 */
export function unitGroups(target: string, r: EventJourneysReport): EventsTreeNode[] {
  const by = new Map<UnitGroup, UnitSummary[]>();
  for (const u of r.units) {
    const g = unitGroupOf(u);
    const list = by.get(g);
    if (list) list.push(u);
    else by.set(g, [u]);
  }
  const p = (u: UnitSummary) => u.pUpgrade ?? 0.5;
  const wrong = (u: UnitSummary) => u.pUpgrade !== null && u.pUpgrade >= 0.5 !== (u.outcome === 'upgrade');
  const sorts: Record<UnitGroup, (a: UnitSummary, b: UnitSummary) => number> = {
    likelyUpgrade: (a, b) => p(b) - p(a),
    atRisk: (a, b) => p(a) - p(b),
    unpredicted: () => 0,
    upgraded: (a, b) => Number(wrong(b)) - Number(wrong(a)),
    cancelled: (a, b) => Number(wrong(b)) - Number(wrong(a)),
  };
  const order: UnitGroup[] = ['likelyUpgrade', 'atRisk', 'unpredicted', 'upgraded', 'cancelled'];
  return order
    .filter((g) => by.get(g)?.length)
    .map((group) => ({
      kind: 'eventJourneyGroup',
      target,
      group,
      units: by.get(group)!.sort((a, b) => sorts[group](a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    }));
}

export function unitGroupOf(u: UnitSummary): UnitGroup {
  if (u.outcome === 'upgrade') return 'upgraded';
  if (u.outcome === 'cancel') return 'cancelled';
  if (u.pUpgrade === null) return 'unpredicted';
  return u.pUpgrade >= 0.5 ? 'likelyUpgrade' : 'atRisk';
}

function unitItem(source: EventsSource, u: UnitSummary): vscode.TreeItem {
  const r = source.report.journeys!;
  const names = outcomeLabels(r);
  const item = new vscode.TreeItem(u.id, vscode.TreeItemCollapsibleState.None);
  item.id = `eventJourney:${source.target}:${u.id}`;
  const predicted =
    u.pUpgrade === null
      ? 'no prediction'
      : u.pUpgrade >= 0.5
        ? `${pctFmt.format(u.pUpgrade)} ${names.name.upgrade}`
        : `${pctFmt.format(1 - u.pUpgrade)} ${names.name.cancel}`;
  item.description = `${predicted} · ${u.steps} step${u.steps === 1 ? '' : 's'}`;
  item.tooltip =
    `${r.unit} ${u.id}\nKnown outcome: ${u.outcome === 'open' ? 'open' : names.name[u.outcome]}\n` +
    `${u.sessions} session${u.sessions === 1 ? '' : 's'}`;
  item.iconPath = new vscode.ThemeIcon('account');
  item.contextValue = 'eventJourney';
  item.command = {
    command: COMMAND.openEventJourney,
    title: 'Open in Dashboard',
    arguments: [{ target: source.target, id: u.id } satisfies OpenEventJourneyArgs],
  };
  return item;
}

function sourceItem(source: EventsSource): vscode.TreeItem {
  const item = new vscode.TreeItem(source.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `eventSource:${source.target}`;
  item.resourceUri = vscode.Uri.file(source.target);
  item.description = source.stamp === undefined ? `${headline(source.report)} · changed` : headline(source.report);
  item.tooltip = `${source.target}\n${headline(source.report)}${source.stamp === undefined ? '\nThe files changed since this analysis; it runs again.' : ''}`;
  item.iconPath = new vscode.ThemeIcon(source.isFolder ? 'folder' : 'graph-line');
  item.contextValue = 'eventSource';
  item.command = openCommand({ target: source.target, view: 'overview' }, 'Open Dashboard');
  return item;
}

const intFmt = new Intl.NumberFormat('en');
const pctFmt = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** `1,200 users · 5,400 sessions · 23.4% convert` (conversion: the funnel's last step from its first). */
export function headline(r: EventsReport): string {
  const parts = [`${intFmt.format(r.units.users)} users`, `${intFmt.format(r.units.sessions)} sessions`];
  const last = r.funnel?.steps[r.funnel.steps.length - 1];
  if (last && r.funnel!.steps.length > 1) parts.push(`${pctFmt.format(last.conversionFromStart)} convert`);
  return parts.join(' · ');
}

function viewSummary(r: EventsReport, view: EventsViewId): string {
  switch (view) {
    case 'funnel':
      return r.funnel ? `${r.funnel.steps.length} steps${r.funnel.suggested ? ' (suggested)' : ''}` : '';
    case 'friction':
      return r.friction ? `${r.friction.length} error message${r.friction.length === 1 ? '' : 's'}` : '';
    case 'paths':
      return r.paths ? `${r.paths.pages.length} pages` : '';
    case 'retention':
      return r.retention ? `${r.retention.cohorts.length} cohorts by ${r.retention.period}` : '';
    case 'segments':
      return r.segments ? `${r.segments.k} segments` : '';
    case 'customers':
      return r.ltv ? `top ${r.ltv.top.length} by LTV` : '';
    default:
      return '';
  }
}

function openCommand(args: OpenEventsViewArgs, title: string): vscode.Command {
  return { command: COMMAND.openEventsView, title, arguments: [args] };
}
