// The session worker: holds one folder's parsed journeys for as long as the session lives, so the host only ever
// receives reports. A helper worker takes half the parsing and the with-status cross-validation (the 2nd core).
import { alphabeticalOrder } from '../core/journeys/nameOrder';
import type { MessagePort } from 'node:worker_threads';
import {
  evaluateWithStatus,
  fitFinal,
  fitFold,
  newPreparedCache,
  prepareModelData,
  scoredFold,
  trainSettings,
  type FinalFit,
  type FoldFit,
} from '../core/journeys/crossValidation';
import { DEFAULT_FEATURE_SETTINGS } from '../core/journeys/features';
import { LogisticRegression } from '../core/shared/ml/logisticRegression';
import { planFolds } from '../core/shared/ml/metrics';
import { noCheckpoint, type Checkpoint } from '../core/shared/checkpoint';
import { TermRemap } from '../core/journeys/termRemap';
import type {
  ClassificationScores,
  Journey,
  JourneyReport,
  Problem,
  Report,
  SkippedFile,
} from '../core/journeys/types';
import type { AnalysisOptions } from '../core/journeys/options';
import {
  buildReportWithModel,
  patchReport,
  sortJourneys,
  type BuiltReport,
  type JourneyDerived,
} from '../core/journeys/report';
import { hasAllTerms, searchTerms, searchText } from '../core/journeys/journeySearch';
import { journeyDetail, summariseJourney, type CompactReport } from '../core/journeys/reportSummary';
import { reportJsonChunks, type MemberRun } from '../core/journeys/reportJson';
import { parseFiles } from './parseFiles';
import { writeAtomically } from './writeAtomically';
import { WorkerClient } from './workerClient';
import { isSuperseded, Superseded, supersededUnless } from './superseded';
import type {
  FileResult,
  FileTask,
  HelperRequest,
  HelperResponse,
  SessionMessage,
  SessionRequest,
} from './workerProtocol';

/** Files per parse request: small enough that both threads finish together, big enough to amortise messaging. */
const CHUNK = 200;
/** Up to this many changed files an update answers at once with the previous model and retrains afterwards. */
const PROVISIONAL_MAX = 50;
/** Below this many journeys a full rebuild takes well under a second: answer with it, not with a provisional report. */
const PROVISIONAL_MIN_JOURNEYS = 1000;
/** How long the background retrain after a provisional update waits for the host to take the patch in. */
const RETRAIN_AFTER_QUIET_MS = 300;
/** Journeys per message to the host (see the 'journeys' message). */
const JOURNEYS_PER_MESSAGE = 400;

type Scores = ClassificationScores & { leaking: true };
/** A whole report built, with each journey's entry (what a patch reuses for the journeys that did not change). */
type BuildState = { built: BuiltReport; reportOf: Map<Journey, JourneyReport> };

/** `newestShared[0]`: the id of the newest analyze or update request the host has sent (see AnalysisSession). */
export function serveSession(port: MessagePort, newestShared?: Int32Array): void {
  const results = new Map<string, FileResult>();
  let helper: WorkerClient<HelperRequest, HelperResponse> | null = null;
  let last: BuildState | null = null;
  let newestRequest = 0;
  /** The newest report built (whole or patched), by journey id: what 'journeyDetail' answers from. */
  let newestById = new Map<string, JourneyReport>();
  let newestGeneratedAt = '';
  const remember = (report: Report) => {
    newestById = new Map(report.journeys.map((jr) => [jr.id, jr]));
    newestGeneratedAt = report.generatedAt;
  };
  /** Dropped with the journeys on a full analysis; kept across updates, where all but the edited journeys repeat. */
  let prepared = newPreparedCache();
  /** The helper's term ids onto `prepared.space`: renewed with it. */
  let remap = new TermRemap(prepared.space);

  const post = (msg: SessionMessage) => port.postMessage(msg);
  /** Resolves the wait for the host to take the slice in flight. */
  let sliceTaken: (() => void) | null = null;
  /**
   * A whole report, its journeys sent ahead in slices (summarised when the host asked for summaries); returns the
   * report to put in the final message.
   */
  const sliced = async (
    id: number,
    report: Report,
    summary: boolean | undefined,
    unpaced = false,
    checkpoint: Checkpoint = noCheckpoint,
  ): Promise<CompactReport> => {
    for (let i = 0; i < report.journeys.length; i += JOURNEYS_PER_MESSAGE) {
      // A retrain's slices wait on the host; a newer request gives them up (the host drops the partial report).
      checkpoint();
      const taken = unpaced ? null : new Promise<void>((resolve) => (sliceTaken = resolve));
      const slice = report.journeys.slice(i, i + JOURNEYS_PER_MESSAGE);
      post({ id, type: 'journeys', journeys: summary ? slice.map(summariseJourney) : slice });
      await taken;
    }
    return { ...report, journeys: [] };
  };
  const answerDetail = (id: number, journeyId: string) => {
    const jr = newestById.get(journeyId);
    const detail = jr ? new TextEncoder().encode(JSON.stringify(journeyDetail(jr))) : null;
    const msg: SessionMessage = {
      id,
      ok: true,
      type: 'journeyDetail',
      journeyId,
      detail,
      generatedAt: newestGeneratedAt,
    };
    port.postMessage(msg, detail ? [detail.buffer as ArrayBuffer] : []);
  };
  /** Each journey's search text, made the first time it is searched and kept while the journey object lives. */
  const haystacks = new WeakMap<JourneyReport, string>();
  const answerSearch = (id: number, text: string) => {
    const terms = searchTerms(text);
    const journeyIds: string[] = [];
    for (const jr of newestById.values()) {
      let hay = haystacks.get(jr);
      if (hay === undefined) haystacks.set(jr, (hay = searchText(jr)));
      if (hasAllTerms(hay, terms)) journeyIds.push(jr.id);
    }
    post({ id, ok: true, type: 'search', text, journeyIds, generatedAt: newestGeneratedAt });
  };
  const progress = (id: number, phase: 'reading' | 'training' | 'done', done: number, total: number) =>
    post({ id, type: 'progress', progress: { phase, done, total } });
  const log = (id: number, message: string) => post({ id, type: 'log', message });
  const getHelper = () =>
    (helper ??= new WorkerClient<HelperRequest, HelperResponse>(
      { role: 'helper', newestRequest: newestShared },
      () => true,
    ));

  function store(r: FileResult): void {
    results.set(r.file, r);
    if (r.kind === 'journey' && r.prepared) {
      prepared.byJourney.set(r.journey, r.prepared);
      delete r.prepared;
    }
  }

  async function parseAll(id: number, tasks: FileTask[], options: AnalysisOptions, reportJson = false): Promise<void> {
    let next = 0;
    let done = 0;
    progress(id, 'reading', 0, tasks.length);
    const take = () => tasks.slice(next, (next += CHUNK));
    const local = async () => {
      for (let chunk = take(); chunk.length; chunk = take()) {
        for (const r of parseFiles(chunk, options, { derive: true, reportJson, space: prepared.space })) store(r);
        progress(id, 'reading', (done += chunk.length), tasks.length);
        // Parsing blocks; yield so the helper's answers are taken and it is handed its next chunk.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const remote = async () => {
      for (let chunk = take(); chunk.length; chunk = take()) {
        const termsFrom = remap.known;
        const res = await getHelper().request({ type: 'parse', files: chunk, options, reportJson, termsFrom });
        if (!res.ok) throw new Error(res.error);
        if (res.type !== 'parse') throw new Error(`helper answered ${res.type} to parse`);
        remap.add(res.terms);
        for (const r of res.results) {
          if (r.kind === 'journey' && r.prepared) remap.apply(r.prepared);
          store(r);
        }
        progress(id, 'reading', (done += chunk.length), tasks.length);
      }
    };
    // Two requests in flight keep the helper busy while this thread is inside a chunk and cannot hand it another.
    const helped = tasks.length > CHUNK ? [remote(), remote()] : [];
    await Promise.all([...helped, local()]);
  }

  function current(): {
    journeys: Journey[];
    problems: Problem[];
    skipped: SkippedFile[];
    derived: Map<Journey, JourneyDerived>;
  } {
    const journeys: Journey[] = [];
    const problems: Problem[] = [];
    const skipped: SkippedFile[] = [];
    const derived = new Map<Journey, JourneyDerived>();
    for (const r of results.values()) {
      if (r.kind === 'journey') {
        journeys.push(r.journey);
        if (r.derived) derived.set(r.journey, r.derived);
      }
      if (r.kind === 'skipped') skipped.push(r.skipped);
      else problems.push(...r.problems);
    }
    return { journeys, problems, skipped, derived };
  }

  /**
   * The second core's share of the training: the last folds of the status-blind cross-validation (the rest are fitted
   * here meanwhile), then the with-status cross-validation, which runs on while this thread builds the report. The
   * labelled journeys' features (prepared once, where parsed) cross, not the journeys.
   */
  function trainOnHelper(
    id: number,
    sorted: Journey[],
    options: AnalysisOptions,
    /** The retrain's request id when this is a background retrain, which a newer request gives up. */
    retrainOf: number | undefined,
  ): { folds: Promise<Map<number, FoldFit>>; final?: FinalFit; withStatus: Promise<Scores | null> } | null {
    const checkpoint = supersededUnless(newestShared, retrainOf);
    const data = prepareModelData(sorted, prepared);
    const upgrades = data.upgrade.filter(Boolean).length;
    if (upgrades < 2 || data.upgrade.length - upgrades < 2) return null;
    const plan = planFolds(data.upgrade, options.folds, options.seed);
    const k = plan.folds.length;
    // Three of five (and their early-warning scores) there, while this thread fits two and then the final model (warm
    // from fold 0, fitted here): the two threads' shares take about as long. The helper then fits the with-status
    // five while this thread builds and writes the report, which takes longer.
    const remote = Array.from({ length: Math.floor((k * 3) / 5) }, (_, i) => k - 1 - i).reverse();
    // Numeric features cached by earlier builds are recomputed there rather than copied.
    const rows = data.labelled.map((i) => ({ ...data.prepared[i], numericCache: undefined }));
    const { names, types } = data.space;
    const helper = getHelper();
    const folds = helper
      .request({
        type: 'folds',
        names,
        types,
        prepared: rows,
        upgrade: data.upgrade,
        folds: remote,
        options,
        retrainOf,
      })
      .then((res) => {
        if (!res.ok) throw new Error(res.error);
        if (res.type !== 'folds') throw new Error(`helper answered ${res.type} to folds`);
        const settings = trainSettings(options);
        return new Map(
          res.fits.map((f) => [
            f.fold,
            {
              ...scoredFold(data, plan.folds[f.fold], f.vocab, LogisticRegression.restore(settings, f)),
              early: new Map(f.early),
            },
          ]),
        );
      });
    const withStatus = helper.request({ type: 'withStatus', options, retrainOf }).then((res) => {
      if (!res.ok) throw new Error(res.error);
      if (res.type !== 'withStatus') throw new Error(`helper answered ${res.type} to withStatus`);
      return res.scores;
    });
    // Rejections are handled where the promises are awaited; this keeps one from surfacing early as unhandled.
    folds.catch(() => undefined);
    withStatus.catch(() => undefined);
    // The folds this thread fits while the helper fits its own.
    const features = { ...DEFAULT_FEATURE_SETTINGS, useStatus: false };
    const local = new Map<number, FoldFit>();
    for (let f = 0; f < k; f++) {
      if (remote.includes(f)) continue;
      local.set(f, fitFold(data, plan, f, features, { ...trainSettings(options), checkpoint }));
    }
    const fold0 = local.get(0);
    const final = fold0 && fitFinal(data, features, { ...trainSettings(options), checkpoint }, fold0);
    return {
      final,
      folds: folds.then(
        (fits) => new Map([...local, ...fits]),
        (err: unknown) => {
          // predictOutcomes fits whatever folds are missing; a retrain given up (there too) is not a failure.
          if (retrainOf === undefined || !isSuperseded(newestShared, retrainOf))
            log(id, `folds on the helper failed, fitting them here: ${String(err)}`);
          return local;
        },
      ),
      withStatus,
    };
  }

  /**
   * A `background` build (a retrain) is given up once a newer request is waiting: its checkpoint is called inside
   * every fit's iterations, here and on the helper, and between the journeys of the report's build, and the waits on
   * the helper end early too, so that request waits milliseconds rather than the whole retrain. Nothing is kept.
   */
  async function fullBuild(
    id: number,
    root: string,
    options: AnalysisOptions,
    background = false,
  ): Promise<BuildState> {
    const retrainOf = background ? id : undefined;
    const checkpoint = supersededUnless(newestShared, retrainOf);
    const { journeys, problems, skipped, derived } = current();
    progress(id, 'training', 0, journeys.length);
    const parallel = !options.useStatus && journeys.length > CHUNK;
    const helped = parallel ? trainOnHelper(id, sortJourneys(journeys), options, retrainOf) : null;
    const pending = helped?.withStatus ?? null;
    const mainFolds = helped ? await unlessSuperseded(helped.folds, checkpoint) : undefined;
    // Placeholder scores stop predictOutcomes from running the with-status cross-validation itself (the helper is
    // running it); nothing in the build reads them, and they are replaced below before the report leaves.
    const built = buildReportWithModel(
      {
        root,
        journeys,
        problems,
        skipped,
        derived,
        withStatus: pending ? PLACEHOLDER : undefined,
        prepared,
        mainFolds,
        final: helped?.final,
        checkpoint,
      },
      options,
    );
    const evaluation = built.report.model.evaluation;
    if (pending && evaluation) {
      const waited = performance.now();
      const failed = (err: unknown) => {
        // The helper gives its fits up with the retrain; only a real failure is worth a line in the log.
        if (!background || !isSuperseded(newestShared, id))
          log(id, `with-status evaluation on the helper failed, computing it here: ${String(err)}`);
        return null;
      };
      const scores = await unlessSuperseded(pending.catch(failed), checkpoint);
      log(id, `waited ${ms(performance.now() - waited)} for the helper's with-status evaluation`);
      evaluation.withStatus = scores ?? evaluateWithStatus(sortJourneys(journeys), options) ?? evaluation.withStatus;
    }
    const reportOf = new Map<Journey, JourneyReport>();
    sortJourneys(journeys).forEach((j, i) => reportOf.set(j, built.report.journeys[i]));
    progress(id, 'done', journeys.length, journeys.length);
    return { built, reportOf };
  }

  /** A whole report sent: what later patches refer to and journey details are answered from. */
  function adopt(state: BuildState): void {
    last = state;
    remember(state.built.report);
  }

  /** The full report with most of each journey serialised at parse time; that text is dropped once written. */
  async function writeJson(file: string, report: Report): Promise<void> {
    const textOf = new Map<unknown, MemberRun[]>();
    for (const r of results.values()) {
      if (r.kind !== 'journey' || r.derived?.ahead === undefined) continue;
      textOf.set(r.journey.steps, r.derived.ahead);
    }
    for (const r of results.values()) if (r.kind === 'journey' && r.derived) delete r.derived.ahead;
    await writeAtomically(file, withNewline(reportJsonChunks(report, (steps) => textOf.get(steps))));
  }

  const knownFiles = () => [...results.values()].filter((r) => r.kind !== 'skipped').map((r) => r.file);

  async function handle(req: Extract<SessionRequest, { type: 'analyze' | 'update' }>): Promise<void> {
    if (req.type === 'analyze') {
      results.clear();
      prepared = newPreparedCache();
      remap = new TermRemap(prepared.space);
      const t0 = performance.now();
      await parseAll(req.id, req.files, req.options, req.json !== undefined);
      const t1 = performance.now();
      const state = await fullBuild(req.id, req.root, req.options);
      const { report } = state.built;
      log(
        req.id,
        `parsed ${req.files.length} files in ${ms(t1 - t0)}, trained and built in ${ms(performance.now() - t1)}`,
      );
      if (req.json !== undefined) await writeJson(req.json, report);
      const compact = await sliced(req.id, report, req.summary, req.unpaced);
      adopt(state);
      post({
        id: req.id,
        ok: true,
        type: 'report',
        report: compact,
        nameOrder: namesFor(report, req.summary),
        files: knownFiles(),
        provisional: false,
      });
      return;
    }
    for (const file of req.deleted) results.delete(file);
    for (const r of parseFiles(req.changed, req.options, { derive: true, space: prepared.space })) store(r);
    const changes = req.changed.length + req.deleted.length;
    if (!last?.built.predictNew || changes > PROVISIONAL_MAX || last.reportOf.size < PROVISIONAL_MIN_JOURNEYS) {
      const state = await fullBuild(req.id, req.root, req.options);
      const { report } = state.built;
      const compact = await sliced(req.id, report, req.summary);
      adopt(state);
      post({
        id: req.id,
        ok: true,
        type: 'report',
        report: compact,
        nameOrder: namesFor(report, req.summary),
        files: knownFiles(),
        provisional: false,
      });
      return;
    }
    const { journeys, problems, skipped, derived } = current();
    const reuse = new Map<Journey, JourneyReport>();
    for (const j of journeys) {
      const jr = last.reportOf.get(j);
      if (jr) reuse.set(j, jr);
    }
    const reused = new Set(reuse.values());
    const report = patchReport(
      last.built,
      { root: req.root, journeys, problems, skipped, derived, reuse },
      req.options,
    );
    remember(report);
    const fresh = report.journeys.filter((jr) => !reused.has(jr));
    post({
      id: req.id,
      ok: true,
      type: 'report',
      patch: {
        order: sameOrder(report.journeys, last.built.report.journeys) ? null : report.journeys.map((jr) => jr.file),
        fresh: req.summary ? fresh.map(summariseJourney) : fresh,
        problems: report.problems,
        skipped: report.skipped ?? [],
        generatedAt: report.generatedAt,
      },
      files: knownFiles(),
      provisional: true,
    });
    // The honest report (retrained, re-evaluated) follows in the background, unless a newer request makes it moot:
    // that request rebuilds or schedules its own retrain.
    chain = chain.then(async () => {
      if (newestRequest !== req.id) return;
      // Not at once: the host is taking the patch in (tree, dashboard) and VS Code is busy with the save; a retrain
      // on both cores now would slow that down several-fold. A newer request cuts the wait short and makes it moot.
      await quietFor(RETRAIN_AFTER_QUIET_MS);
      if (newestRequest !== req.id) return;
      let state: BuildState;
      let compact: CompactReport;
      try {
        state = await fullBuild(req.id, req.root, req.options, true);
        compact = await sliced(req.id, state.built.report, req.summary, false, supersededUnless(newestShared, req.id));
      } catch (err) {
        // The newer request patches against the report the host already holds, and retrains in its turn.
        if (err instanceof Superseded) return log(req.id, 'background retrain given up for a newer request');
        throw err;
      }
      // Adopted and sent at once, so a request that arrived after the last slice patches against this report.
      adopt(state);
      post({
        id: req.id,
        type: 'retrained',
        report: compact,
        nameOrder: namesFor(state.built.report, req.summary),
      });
    });
  }

  let chain = Promise.resolve();
  /** Wakes a build waiting on the helper when a request arrives, to check whether it is still wanted. */
  const waiting = new Set<() => void>();
  /** `work`, unless `checkpoint` throws when a request arrives first (then the work goes on unwatched). */
  async function unlessSuperseded<T>(work: Promise<T>, checkpoint: Checkpoint): Promise<T> {
    if (checkpoint === noCheckpoint) return work;
    for (;;) {
      let wake = () => undefined as void;
      const arrived = new Promise<'arrived'>((resolve) => waiting.add((wake = () => resolve('arrived'))));
      try {
        const first = await Promise.race([work.then(() => 'done' as const), arrived]);
        checkpoint();
        if (first === 'done') return work;
      } finally {
        waiting.delete(wake);
      }
    }
  }
  /** Ends the current quietFor wait early (a newer analysis or update arrived). */
  let interruptQuiet: (() => void) | null = null;
  const quietFor = (msQuiet: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, msQuiet);
      function done() {
        clearTimeout(timer);
        interruptQuiet = null;
        resolve();
      }
      interruptQuiet = done;
    });
  port.on('message', (req: SessionRequest) => {
    if (req.type === 'sliceTaken') {
      sliceTaken?.();
      sliceTaken = null;
      return;
    }
    if (req.type === 'journeyDetail' || req.type === 'search') {
      try {
        if (req.type === 'journeyDetail') answerDetail(req.id, req.journeyId);
        else answerSearch(req.id, req.text);
      } catch (err) {
        post({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
      return;
    }
    newestRequest = req.id;
    interruptQuiet?.();
    for (const wake of waiting) wake();
    chain = chain.then(() =>
      handle(req).catch((err: unknown) =>
        post({ id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      ),
    );
  });
}

const ms = (t: number) => `${t.toFixed(0)} ms`;

/** The tree's order, for the host (summary: it is the extension host asking); the CLI and the bench show no tree. */
function namesFor(report: Report, summary: boolean | undefined): Int32Array | undefined {
  return summary ? alphabeticalOrder(report.journeys) : undefined;
}

/** Whether two reports list the same files in the same order (`last` is the base the host patches). */
function sameOrder(a: readonly { file: string }[], b: readonly { file: string }[]): boolean {
  return a.length === b.length && a.every((jr, i) => jr.file === b[i].file);
}

function* withNewline<T>(pieces: Iterable<T>): Generator<T | string> {
  yield* pieces;
  yield '\n';
}

const PLACEHOLDER: Scores = {
  accuracy: NaN,
  precision: NaN,
  recall: NaN,
  f1: NaN,
  auc: NaN,
  brier: NaN,
  confusion: [
    [0, 0],
    [0, 0],
  ],
  leaking: true,
};
