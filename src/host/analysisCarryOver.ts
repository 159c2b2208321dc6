import type { CompactReport } from '../core/journeys/reportSummary';

/**
 * A re-analysis of the files builds fresh journeys with rule-based analyses. AI analyses of journeys whose content is
 * unchanged stay (they were paid for and are still true); a changed journey gets the rule-based one until re-analysed.
 */
export function carryOverAnalyses(prev: CompactReport | null, next: CompactReport): void {
  if (!prev || prev === next) return;
  const before = new Map(prev.journeys.map((j) => [j.id, j]));
  let sameSet = prev.journeys.length === next.journeys.length;
  for (const j of next.journeys) {
    const old = before.get(j.id);
    if (!old || old.contentHash !== j.contentHash) {
      sameSet = false;
      continue;
    }
    if (old.analysis?.source === 'ai' && j.analysis?.source !== 'ai') j.analysis = old.analysis;
    if (old.analysisError && !j.analysisError) j.analysisError = old.analysisError;
  }
  if (prev.aiUsage && !next.aiUsage) next.aiUsage = prev.aiUsage;
  // Cross-journey patterns describe a set of journeys; they stay only while that set is unchanged.
  if (sameSet && prev.crossJourney?.source === 'ai' && next.crossJourney?.source !== 'ai')
    next.crossJourney = prev.crossJourney;
}
