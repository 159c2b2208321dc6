/**
 * The tree's groups of journeys (by predicted outcome, then known outcomes), shared by the recordings' groups and an
 * event source's: the ids, their labels in the report's outcome names, their icons and their tree item.
 */
import * as vscode from 'vscode';
import { outcomeLabels } from '../core/journeys/outcomeNames';
import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';

export type GroupId = 'likelyUpgrade' | 'atRisk' | 'unpredicted' | 'upgraded' | 'cancelled' | 'needsAttention';

export const GROUP_LABELS: Record<GroupId, string> = {
  likelyUpgrade: 'Likely upgrade',
  atRisk: 'At risk of cancelling',
  unpredicted: 'Open, not yet predicted',
  upgraded: 'Upgraded',
  cancelled: 'Cancelled',
  needsAttention: 'Needs attention',
};

/** A group's label in the report's outcome names ("Likely purchase"); recordings keep GROUP_LABELS. */
export function groupLabel(group: GroupId, report?: Pick<CompactReport, 'outcomes'> | null): string {
  const l = outcomeLabels(report);
  if (!l.named) return GROUP_LABELS[group];
  switch (group) {
    case 'likelyUpgrade':
      return l.predicted.upgrade;
    case 'atRisk':
      return l.predicted.cancel;
    case 'upgraded':
      return l.known.upgrade;
    case 'cancelled':
      return l.known.cancel;
    default:
      return GROUP_LABELS[group];
  }
}

export function groupOf(j: CompactJourney): Exclude<GroupId, 'needsAttention'> {
  if (j.outcome === 'upgrade') return 'upgraded';
  if (j.outcome === 'cancel') return 'cancelled';
  if (!j.prediction) return 'unpredicted';
  return j.prediction.outcome === 'upgrade' ? 'likelyUpgrade' : 'atRisk';
}

const GROUP_ICONS: Record<GroupId, vscode.ThemeIcon> = {
  likelyUpgrade: new vscode.ThemeIcon('arrow-up', new vscode.ThemeColor('charts.green')),
  atRisk: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange')),
  unpredicted: new vscode.ThemeIcon('circle-large-outline'),
  upgraded: new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green')),
  cancelled: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.red')),
  needsAttention: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
};

export function groupItem(
  group: GroupId,
  count: number,
  label = GROUP_LABELS[group],
  id = `group:${group}`,
): vscode.TreeItem {
  // Predictions are what the user came for; known outcomes are reference material.
  const expanded =
    group === 'likelyUpgrade' || group === 'atRisk' || group === 'needsAttention' || group === 'unpredicted';
  const item = new vscode.TreeItem(
    label,
    expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = id;
  item.description = String(count);
  item.iconPath = GROUP_ICONS[group];
  item.contextValue = 'group';
  return item;
}
