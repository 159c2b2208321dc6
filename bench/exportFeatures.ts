/**
 * Exports the exact status-blind features, labels and folds of one evaluation, and runs scikit-learn on them
 * (bench/sklearn_reference.py) when it is installed, so our logistic regression is checked against a reference.
 *
 * The vocabulary is fitted per fold, so the export holds each journey's term ids once, each fold's vocabulary,
 * the numeric features, and our out-of-fold P(upgrade); Python rebuilds every fold's matrix from that.
 *
 *   npx tsx bench/exportFeatures.ts FOLDER [--out features.json]     (prints both accuracies when sklearn is there)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { crossValidate, prepareModelData, trainSettings } from '../src/core/journeys/crossValidation';
import { accuracy, planFolds } from '../src/core/shared/ml/metrics';
import { buildDesign, DEFAULT_FEATURE_SETTINGS } from '../src/core/journeys/features';
import type { Journey } from '../src/core/journeys/types';
import { withDefaults, type AnalysisOptions } from '../src/core/journeys/options';
import { parseRecording } from '../src/core/journeys/parse';

export interface FeatureExport {
  l2: number;
  method: string;
  /** Aligned with the labelled journeys. */
  ids: string[];
  upgrade: number[];
  /** Global term ids of each labelled journey (all of its terms; each fold keeps those in its vocabulary). */
  terms: number[][];
  numericNames: string[];
  numeric: number[][];
  folds: { heldOut: number[]; vocabulary: number[] }[];
  ourPUpgrade: number[];
  ourAccuracy: number;
}

export function exportFeatures(journeys: readonly Journey[], options: AnalysisOptions): FeatureExport {
  const data = prepareModelData(journeys);
  const plan = planFolds(data.upgrade, options.folds, options.seed);
  const features = { ...DEFAULT_FEATURE_SETTINGS, useStatus: false };
  const { pUpgrade, fits } = crossValidate(data, plan, features, trainSettings(options));
  const numeric = buildDesign(data.prepared, data.labelled, fits[0].vocab);
  const q = numeric.numericColumns;
  return {
    l2: options.classifier.l2,
    method: plan.method,
    ids: data.labelled.map((i) => journeys[i].id),
    upgrade: data.upgrade.map((u) => (u ? 1 : 0)),
    terms: data.labelled.map((i) => Array.from(data.prepared[i].termIds)),
    numericNames: fits[0].vocab.numericNames,
    numeric: data.labelled.map((_, r) => Array.from(numeric.numeric.subarray(r * q, r * q + q))),
    folds: fits.map((f) => ({ heldOut: f.heldOut, vocabulary: Array.from(f.vocab.termIds) })),
    ourPUpgrade: pUpgrade,
    ourAccuracy: accuracy(pUpgrade, data.upgrade),
  };
}

export interface ReferenceResult {
  ours: number;
  sklearn: number | null;
  /** Why sklearn did not run, when it did not. */
  skipped?: string;
  agreement?: number;
}

/** Debian's python3-sklearn lives under /usr/bin/python3 even when another python3 comes first on PATH. */
function findPythonWithSklearn(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import sklearn, scipy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

export function compareWithSklearn(
  journeys: readonly Journey[],
  options: AnalysisOptions,
  file = join(tmpdir(), `journey-lens-features-${process.pid}.json`),
): ReferenceResult {
  const exported = exportFeatures(journeys, options);
  const python = findPythonWithSklearn();
  if (!python)
    return {
      ours: exported.ourAccuracy,
      sklearn: null,
      skipped: 'python3 with scikit-learn not found (apt install python3-sklearn)',
    };
  writeFileSync(file, JSON.stringify(exported));
  const run = spawnSync(python, [join(import.meta.dirname, 'sklearn_reference.py'), file, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0)
    return {
      ours: exported.ourAccuracy,
      sklearn: null,
      skipped: `sklearn_reference.py failed: ${run.stderr.trim().split('\n').pop()}`,
    };
  const result = JSON.parse(run.stdout.trim().split('\n').pop()!);
  return { ours: exported.ourAccuracy, sklearn: result.sklearn_accuracy, agreement: result.agreement };
}

function loadFolder(root: string, options: AnalysisOptions): Journey[] {
  const journeys: Journey[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) {
        const relPath = relative(root, path).split('\\').join('/');
        const { journey } = parseRecording({
          text: readFileSync(path, 'utf8'),
          file: path,
          relPath,
          outcomeRules: options.outcomeRules,
        });
        if (journey) journeys.push(journey);
      }
    }
  };
  walk(root);
  return journeys;
}

function cli(argv: string[]): void {
  const folder = argv[0];
  if (!folder) {
    process.stderr.write('usage: npx tsx bench/exportFeatures.ts FOLDER [--out features.json]\n');
    process.exit(2);
  }
  const options = withDefaults();
  const journeys = loadFolder(folder, options);
  const outAt = argv.indexOf('--out');
  if (outAt >= 0) {
    writeFileSync(argv[outAt + 1], JSON.stringify(exportFeatures(journeys, options)));
    process.stdout.write(`wrote ${argv[outAt + 1]}\n`);
    return;
  }
  const r = compareWithSklearn(journeys, options);
  const reference =
    r.sklearn === null
      ? `skipped (${r.skipped})`
      : `${(r.sklearn * 100).toFixed(2)}%, same predicted class for ${(r.agreement! * 100).toFixed(1)}%`;
  process.stdout.write(
    `  scikit-learn reference, same status-blind features and folds: Journey Lens ${(r.ours * 100).toFixed(2)}%, scikit-learn ${reference}\n`,
  );
}

if (process.argv[1] && /exportFeatures\.[cm]?[tj]s$/.test(process.argv[1])) cli(process.argv.slice(2));
