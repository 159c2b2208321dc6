import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/core/journeys/types';
import { REPO_ROOT } from './paths';

/** A committed report fixture (test-fixtures/reports/NAME), parsed. */
export function reportFixture(name: string): Report {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'test-fixtures/reports', name), 'utf8')) as Report;
}
