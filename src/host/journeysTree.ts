import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMAND } from './commandIds';
import type { Problem } from '../core/journeys/types';
import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';
import type { AnalysisController } from './analysisController';
import { EventsTreeSection, type EventsTreeNode } from './events/eventsTreeItems';
import { groupItem, groupOf, type GroupId } from './journeyGroups';
import { JourneyNameOrder } from './journeyNameOrder';

export { GROUP_LABELS, groupLabel, groupOf, type GroupId } from './journeyGroups';
import {
  disagrees,
  knownOutcomeText,
  predictedText,
  stepsText,
  topIndicators,
  contributionText,
} from './journeyPresentation';

export type TreeNode =
  | { kind: 'group'; group: GroupId; children: TreeNode[] }
  | { kind: 'journey'; journey: CompactJourney; root: string }
  | { kind: 'problemFile'; file: string; problems: Problem[] }
  | { kind: 'problem'; file: string; problem: Problem }
  | { kind: 'message'; text: string }
  | EventsTreeNode;

/** The Journeys view: journeys grouped by predicted outcome, known outcomes after, broken files last. */
export class JourneysTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private roots: TreeNode[] = [];
  private readonly names = new JourneyNameOrder();
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly controller: AnalysisController,
    /** The Event logs section, appended after the journeys' groups. */
    private readonly events?: EventsTreeSection,
  ) {
    this.rebuild(controller.report);
    const changed = () => {
      this.rebuild(controller.report);
      this.emitter.fire(undefined);
    };
    this.subs = [controller.onDidChangeReport(changed), ...(events ? [events.onDidChange(changed)] : [])];
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots;
    if (EventsTreeSection.owns(node)) return this.events?.getChildren(node) ?? [];
    if (node.kind === 'group') return node.children;
    if (node.kind === 'problemFile')
      return node.problems.map((problem) => ({ kind: 'problem', file: node.file, problem }));
    return [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'journey') return this.roots.find((g) => g.kind === 'group' && g.children.includes(node));
    return undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (EventsTreeSection.owns(node)) return this.events!.getTreeItem(node);
    switch (node.kind) {
      case 'group':
        return groupItem(node.group, node.children.length);
      case 'journey':
        return journeyItem(node.journey);
      case 'problemFile':
        return problemFileItem(node.file, node.problems);
      case 'problem':
        return problemItem(node.file, node.problem);
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
  }

  /**
   * Tooltips on hover only: VS Code parses a Markdown tooltip as soon as it has the item, and for the thousands of
   * rows of an expanded group that held the extension host's thread for a few hundred milliseconds.
   */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'journey' && !item.tooltip) item.tooltip = journeyTooltip(node.journey);
    return item;
  }

  /** The journey node for an id, for `reveal`. */
  findJourney(id: string): TreeNode | undefined {
    for (const g of this.roots) {
      if (g.kind !== 'group') continue;
      const hit = g.children.find((c) => c.kind === 'journey' && c.journey.id === id);
      if (hit) return hit;
    }
    return undefined;
  }

  private rebuild(report: CompactReport | null): void {
    const groups = report ? buildGroups(report, this.names, this.controller.nameOrderOf(report)) : [];
    this.roots = [...groups, ...(this.events?.roots() ?? [])];
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}

const collator = new Intl.Collator();

/** `names` keeps the alphabetical order between rebuilds (the tree is rebuilt on every saved file). */
export function buildGroups(
  report: CompactReport,
  names = new JourneyNameOrder(),
  /** The session worker's alphabetical order of report.journeys, when it sent one. */
  nameOrder?: Int32Array,
): TreeNode[] {
  const buckets = new Map<GroupId, CompactJourney[]>();
  for (const j of report.journeys) {
    const g = groupOf(j);
    let list = buckets.get(g);
    if (!list) buckets.set(g, (list = []));
    list.push(j);
  }
  const by = (g: GroupId) => buckets.get(g) ?? [];
  const rank = names.ranks(report.journeys, nameOrder);
  const byName = (a: CompactJourney, b: CompactJourney) => rank(a) - rank(b);
  const p = (j: CompactJourney) => j.prediction?.pUpgrade ?? 0.5;
  const sorted: Record<Exclude<GroupId, 'needsAttention'>, CompactJourney[]> = {
    likelyUpgrade: by('likelyUpgrade').sort((a, b) => p(b) - p(a) || byName(a, b)),
    // Most at-risk first: lowest probability of upgrading.
    atRisk: by('atRisk').sort((a, b) => p(a) - p(b) || byName(a, b)),
    unpredicted: by('unpredicted').sort(byName),
    // Where the out-of-fold prediction disagreed comes first: that is what an analyst wants to look at.
    upgraded: by('upgraded').sort((a, b) => Number(disagrees(b)) - Number(disagrees(a)) || byName(a, b)),
    cancelled: by('cancelled').sort((a, b) => Number(disagrees(b)) - Number(disagrees(a)) || byName(a, b)),
  };
  const groups: TreeNode[] = [];
  for (const g of ['likelyUpgrade', 'atRisk', 'unpredicted', 'upgraded', 'cancelled'] as const) {
    if (sorted[g].length)
      groups.push({
        kind: 'group',
        group: g,
        children: sorted[g].map((journey) => ({ kind: 'journey', journey, root: report.root })),
      });
  }
  const files = new Map<string, Problem[]>();
  for (const problem of report.problems) {
    const file = absoluteProblemPath(report.root, problem.file);
    files.set(file, [...(files.get(file) ?? []), problem]);
  }
  if (files.size) {
    const children: TreeNode[] = [...files]
      .sort(([a], [b]) => collator.compare(a, b))
      .map(([file, problems]) => ({ kind: 'problemFile', file, problems }));
    groups.push({ kind: 'group', group: 'needsAttention', children });
  }
  if (!groups.length)
    groups.push({ kind: 'message', text: `No recordings found in ${path.basename(report.root) || report.root}` });
  return groups;
}

export function absoluteProblemPath(root: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(root, file);
}

function journeyItem(j: CompactJourney): vscode.TreeItem {
  const item = new vscode.TreeItem(j.name, vscode.TreeItemCollapsibleState.None);
  item.id = `journey:${j.id}`;
  const predicted = predictedText(j);
  const mark = disagrees(j) ? '≠ predicted ' : j.outcome !== 'open' ? 'predicted ' : '';
  item.description = [predicted ? `${mark}${predicted}` : 'no prediction', stepsText(j.metrics.steps)].join(' · ');
  item.iconPath = disagrees(j)
    ? new vscode.ThemeIcon('question', new vscode.ThemeColor('charts.yellow'))
    : new vscode.ThemeIcon(j.warnings.length ? 'warning' : 'account');
  item.contextValue = 'journey';
  item.command = { command: COMMAND.openDashboard, title: 'Open in Dashboard', arguments: [{ journeyId: j.id }] };
  item.accessibilityInformation = { label: `${j.name}, ${item.description}` };
  return item;
}

function journeyTooltip(j: CompactJourney): vscode.MarkdownString {
  // Recording text goes in through appendText, which escapes Markdown; the string is not trusted.
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(j.name).appendMarkdown('**  \n');
  md.appendText(`Known outcome: ${knownOutcomeText(j)}`).appendMarkdown('  \n');
  const predicted = predictedText(j);
  md.appendText(
    predicted
      ? `Predicted: ${predicted}${j.prediction?.outOfFold ? ' (out-of-fold)' : ''}${disagrees(j) ? ', disagrees with the known outcome' : ''}`
      : 'No prediction',
  ).appendMarkdown('  \n');
  md.appendText(
    `${stepsText(j.metrics.steps)} over ${j.metrics.daysSpanned} day(s), ${j.metrics.recordings} recording(s)`,
  ).appendMarkdown('\n\n');
  const top = topIndicators(j);
  if (top.length) {
    md.appendMarkdown('Top indicators:\n');
    for (const c of top) md.appendMarkdown('- ').appendText(contributionText(c)).appendMarkdown('\n');
  }
  if (j.warnings.length) {
    md.appendMarkdown('\n').appendText(`Warnings: ${j.warnings.slice(0, 3).join('; ')}`);
  }
  return md;
}

function problemFileItem(file: string, problems: Problem[]): vscode.TreeItem {
  const item = new vscode.TreeItem(path.basename(file), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `problemFile:${file}`;
  item.resourceUri = vscode.Uri.file(file);
  const errors = problems.filter((p) => p.severity === 'error').length;
  item.description = errors
    ? `${errors} error${errors === 1 ? '' : 's'}`
    : `${problems.length} warning${problems.length === 1 ? '' : 's'}`;
  item.tooltip = problems.map((p) => `${p.line ? `${p.line}:${p.column ?? 1} ` : ''}${p.message}`).join('\n');
  item.iconPath = new vscode.ThemeIcon(errors ? 'error' : 'warning');
  item.contextValue = 'problemFile';
  item.command = openAtProblem(file, problems[0]!);
  return item;
}

function problemItem(file: string, problem: Problem): vscode.TreeItem {
  const item = new vscode.TreeItem(problem.message, vscode.TreeItemCollapsibleState.None);
  item.description = problem.line ? `line ${problem.line}, column ${problem.column ?? 1}` : undefined;
  item.iconPath = new vscode.ThemeIcon(problem.severity === 'error' ? 'error' : 'warning');
  item.command = openAtProblem(file, problem);
  return item;
}

function openAtProblem(file: string, problem: Problem): vscode.Command {
  const line = Math.max(0, (problem.line ?? 1) - 1);
  const col = Math.max(0, (problem.column ?? 1) - 1);
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [
      vscode.Uri.file(file),
      { selection: new vscode.Range(line, col, line, col) } satisfies vscode.TextDocumentShowOptions,
    ],
  };
}
