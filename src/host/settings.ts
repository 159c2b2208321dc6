import * as vscode from 'vscode';
import { withDefaults, type AnalysisOptions, type OutcomeRule } from '../core/journeys/options';
import type { Outcome } from '../core/journeys/types';
import { DEFAULT_AI_SETTINGS } from '../ai/analyzer';

const SECTION = 'journeyLens';

export interface WatchSettings {
  /** Globs relative to the analysed folder. */
  include: string[];
  exclude: string[];
}

export interface AiSettings {
  model: string;
  /** Undefined means the OpenAI default endpoint. */
  baseURL: string | undefined;
  timeoutMs: number;
  maxConcurrent: number;
  redact: boolean;
}

export interface HostSettings {
  watch: WatchSettings;
  analysis: AnalysisOptions;
  ai: AiSettings;
}

export function readSettings(scope?: vscode.Uri): HostSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    watch: {
      include: nonEmptyStrings(c.get<unknown>('include'), ['**/*.json', '**/*.jsonc']),
      exclude: nonEmptyStrings(c.get<unknown>('exclude'), []),
    },
    analysis: withDefaults({
      outcomeRules: outcomeRulesFrom(c.get<unknown>('outcomeRules')),
      useStatus: c.get<boolean>('model.useStatus', false),
      folds: clampInt(c.get<number>('model.folds', 5), 2, 20),
    }),
    ai: {
      model: c.get<string>('ai.model', '').trim() || DEFAULT_AI_SETTINGS.model,
      baseURL: c.get<string>('ai.baseUrl', '').trim() || undefined,
      timeoutMs: clampInt(c.get<number>('ai.timeoutMs', DEFAULT_AI_SETTINGS.timeoutMs), 1000, 3_600_000),
      maxConcurrent: clampInt(c.get<number>('ai.maxConcurrent', 4), 1, 32),
      redact: c.get<boolean>('ai.redact', true),
    },
  };
}

export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return ['include', 'exclude', 'outcomeRules', 'model'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

export function affectsAi(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.ai`);
}

/** One glob for APIs that take a single pattern; VS Code globs accept `{a,b}` alternatives. */
export function joinGlobs(globs: string[]): string {
  return globs.length === 1 ? globs[0]! : `{${globs.join(',')}}`;
}

/**
 * The setting is an object (`{"**\/upgrades/**": "upgrade"}`) because the Settings editor shows an object of strings as
 * an editable table; the core wants an ordered list, and object key order is insertion order.
 * Entries with an unknown outcome are dropped rather than guessed.
 */
export function outcomeRulesFrom(value: unknown): OutcomeRule[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return withDefaults().outcomeRules;
  const rules: OutcomeRule[] = [];
  for (const [pattern, outcome] of Object.entries(value as Record<string, unknown>)) {
    if (pattern.trim() && (outcome === 'upgrade' || outcome === 'cancel'))
      rules.push({ pattern, outcome: outcome as Outcome });
  }
  return rules;
}

function nonEmptyStrings(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  const out = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return out.length || fallback.length === 0 ? out : fallback;
}

function clampInt(n: number, min: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : min;
}
