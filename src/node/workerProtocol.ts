// Messages between the extension host (or CLI) and the session worker, and between the session worker and its helper.
// Journeys never cross to the host: only reports do, because a structured clone of 10,000 journeys costs about as
// much as parsing them. And the host asks for summaries (`summary: true`): a journey's steps, timeline and analysis
// stay in the worker until asked for ('journeyDetail').
import type { ClassificationScores, Journey, Problem, SkippedFile } from '../core/journeys/types';
import type { PreparedJourney, TermType, Vocabulary } from '../core/journeys/features';
import type { Standardisation } from '../core/shared/ml/logisticRegression';
import type { TermsDelta } from '../core/journeys/termRemap';
import type { AnalysisOptions } from '../core/journeys/options';
import type { JourneyDerived } from '../core/journeys/report';
import type { CompactJourney, CompactReport } from '../core/journeys/reportSummary';

/** One file a worker should read and parse. */
export interface FileTask {
  file: string;
  relPath: string;
}

export type FileResult =
  | {
      kind: 'journey';
      file: string;
      journey: Journey;
      problems: Problem[];
      derived?: JourneyDerived;
      /** Its model features, over the parsing thread's term space (see TermRemap). */
      prepared?: PreparedJourney;
    }
  | { kind: 'broken'; file: string; problems: Problem[] }
  /** Read in full and not a recording (e.g. package.json in a workspace): not a problem, but counted with why. */
  | { kind: 'skipped'; file: string; skipped: SkippedFile };

export interface SessionProgressMessage {
  phase: 'reading' | 'training' | 'done';
  done: number;
  total: number;
}

/**
 * A provisional report as a change to the last whole report: re-sending 10,000 unchanged journeys would cost the
 * host's thread hundreds of milliseconds to receive.
 */
export interface ReportPatch {
  /**
   * Every journey's file, in report order; null when that is the order of the last whole report (an edit of a file):
   * the host then swaps the fresh entries in place instead of rebuilding a list of every journey.
   */
  order: string[] | null;
  /** Entries for journeys not in the last whole report as sent (new or edited since). */
  fresh: CompactJourney[];
  problems: Problem[];
  skipped: SkippedFile[];
  generatedAt: string;
}

/**
 * Host -> session worker. With `summary` the reports sent back carry compact journeys (reportSummary), the host's
 * resident shape; the CLI and the bench leave it off and get full reports.
 */
export type SessionRequest =
  | {
      id: number;
      type: 'analyze';
      root: string;
      files: FileTask[];
      options: AnalysisOptions;
      summary?: boolean;
      /**
       * Write the full report as JSON to this file (atomically) before answering, from the worker that holds it: the
       * host then needs only the summary, and the report never crosses a thread. The CLI's `--json`.
       */
      json?: string;
      /**
       * Send the report's journey slices without waiting for each to be taken: for a caller with no thread to keep
       * responsive (the CLI), pacing only leaves the worker idle while the slice in flight is received.
       */
      unpaced?: boolean;
    }
  | {
      id: number;
      type: 'update';
      root: string;
      changed: FileTask[];
      deleted: string[];
      options: AnalysisOptions;
      summary?: boolean;
    }
  /**
   * One journey's steps, timeline and analysis from the newest report the worker built. Answered at once, between
   * chunks of any analysis under way, not queued behind it.
   */
  | { id: number; type: 'journeyDetail'; journeyId: string }
  /** The journeys of the newest report whose text, steps included, has every word of `text` (journeySearch.ts). */
  | { id: number; type: 'search'; text: string }
  /** The host took the 'journeys' slice of request `id`: the worker sends the next one only then (see 'journeys'). */
  | { id: number; type: 'sliceTaken' };

/** Session worker -> host. */
export type SessionMessage =
  | {
      id: number;
      ok: true;
      type: 'report';
      /** The whole report after a full build; absent when `patch` is sent instead. */
      report?: CompactReport;
      /** With a whole compact report: its journeys' indices in the tree's alphabetical order (core/journeys/nameOrder). */
      nameOrder?: Int32Array;
      /** After an incremental update: what changed against the last whole report this session sent. */
      patch?: ReportPatch;
      /** Recordings and broken recordings the session knows (not the skipped files). */
      files: string[];
      /** True when the report scored changed journeys with the previous model and a retrain follows as 'retrained'. */
      provisional: boolean;
    }
  | {
      id: number;
      ok: true;
      type: 'journeyDetail';
      journeyId: string;
      /**
       * UTF-8 JSON of a JourneyDetail, null when the newest report has no such journey (its file was deleted or is no
       * longer a recording). Bytes, transferred: the host forwards them to the dashboard without parsing or
       * serialising 200,000 steps on its own thread.
       */
      detail: Uint8Array | null;
      /** The newest report's generatedAt, so a caller can tell which analysis answered. */
      generatedAt: string;
    }
  | { id: number; ok: true; type: 'search'; text: string; journeyIds: string[]; generatedAt: string }
  | { id: number; ok: false; error: string }
  /**
   * A slice of the journeys of the whole report that follows with the same id (whose own `journeys` is then empty).
   * One message per slice, because the host's thread deserialises each message in one go: 10,000 journeys at once
   * block it for a quarter of a second, a slice for about ten milliseconds. And one slice in flight at a time: Node
   * drains every message already queued on a port in one callback, so slices sent ahead would arrive as one block.
   */
  | { id: number; type: 'journeys'; journeys: CompactJourney[] }
  | { id: number; type: 'progress'; progress: SessionProgressMessage }
  /** Unsolicited: the background retrain after a provisional update; `id` is that update's request. */
  | { id: number; type: 'retrained'; report: CompactReport; nameOrder?: Int32Array }
  | { id: number; type: 'log'; message: string };

/** Session worker -> helper worker. */
export type HelperRequest =
  /**
   * `reportJson`: also serialise each journey for the full JSON report (see JourneyDerived.ahead). Journeys come back
   * prepared over the helper's term space; `termsFrom` is how many of its terms the asker knows already.
   */
  | { id: number; type: 'parse'; files: FileTask[]; options: AnalysisOptions; reportJson?: boolean; termsFrom: number }
  /**
   * Some folds of the status-blind model's cross-validation (`folds`: fold indexes), on the labelled journeys,
   * prepared, in the report's order (so the folds are the session worker's), with the whole term space their ids
   * refer to. The helper keeps this data for the 'withStatus' request that follows, and only until the next one.
   */
  | {
      id: number;
      type: 'folds';
      names: string[];
      types: TermType[];
      prepared: PreparedJourney[];
      upgrade: boolean[];
      folds: number[];
      options: AnalysisOptions;
      /** A background retrain's: given up (answered with an error) once the host's newest request is not this one. */
      retrainOf?: number;
    }
  /** The with-status cross-validation, on the data of the last 'folds' request. */
  | { id: number; type: 'withStatus'; options: AnalysisOptions; retrainOf?: number };

/** A fold fitted on the helper: what the session worker needs to score its held-out rows itself. */
export interface RemoteFold {
  fold: number;
  vocab: Vocabulary;
  weights: Float64Array;
  std: Standardisation;
  iterations: number;
  converged: boolean;
  /** Its early-warning scores by fraction (crossValidation.earlyScores), computed there. */
  early: [number, number[]][];
}

export type HelperResponse =
  | { id: number; ok: true; type: 'parse'; results: FileResult[]; terms: TermsDelta }
  | { id: number; ok: true; type: 'folds'; fits: RemoteFold[] }
  | { id: number; ok: true; type: 'withStatus'; scores: (ClassificationScores & { leaking: true }) | null }
  | { id: number; ok: false; error: string };
