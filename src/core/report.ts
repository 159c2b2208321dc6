import { ruleBasedAnalysis, ruleBasedCrossJourney } from './analysis/rules';
import { classifyJourneys } from './classify';
import { computeMetrics } from './metrics';
import type { Journey, JourneyReport, Problem, Report } from './model';
import type { AnalysisOptions } from './options';
import { buildProfiles } from './profiles';
import { journeyTimeline } from './timeline';

export interface ReportInput {
  root: string;
  journeys: Journey[];
  problems: Problem[];
}

/**
 * Assembles the Report every surface shows (CLI summary, JSON, dashboard, tree). Each journey carries the rule-based
 * analysis so the dashboard is useful without an AI key; an AI analysis replaces it later.
 */
export function buildReport(input: ReportInput, options: AnalysisOptions): Report {
  const journeys = [...input.journeys].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const metrics = journeys.map(computeMetrics);
  const { predictions, model } = classifyJourneys(journeys, metrics, options);
  const profiles = buildProfiles(journeys, metrics, model.indicators);

  const journeyReports: JourneyReport[] = journeys.map((j, i) => ({
    id: j.id,
    file: j.file,
    name: j.name,
    outcome: j.outcome,
    outcomeSource: j.outcomeSource,
    prediction: predictions[i],
    steps: j.steps,
    metrics: metrics[i],
    timeline: journeyTimeline(j, { maxNodes: options.maxTimelineNodes }),
    warnings: j.warnings,
    contentHash: j.contentHash,
  }));
  for (const jr of journeyReports) jr.analysis = ruleBasedAnalysis(jr, { model, profiles });

  const report: Report = {
    schemaVersion: 1,
    generatedAt: new Date().toISOString(),
    root: input.root,
    journeys: journeyReports,
    model,
    profiles,
    problems: sortProblems(input.problems),
  };
  report.crossJourney = ruleBasedCrossJourney(report);
  return report;
}

function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
