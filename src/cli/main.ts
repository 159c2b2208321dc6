#!/usr/bin/env node
// journey-lens: the command-line entry. Each subcommand is declared once below; the dispatch and `--help` read the
// table, so a new subcommand is one new file and one edited line.
import { ANALYZE_USAGE, analyzeMain } from './analyze';
import { EVENTS_USAGE, eventsMain } from './events';
import { guardOutput, safe } from './terminal';

export interface Subcommand {
  name: string;
  /** One line for `journey-lens --help`. */
  summary: string;
  /** The subcommand's own help (`journey-lens NAME --help`), starting `Usage: journey-lens NAME`. */
  usage: string;
  /** Runs with the arguments after the name; resolves to the exit code (0 success, 1 failure, 2 bad usage). */
  run(argv: string[]): Promise<number>;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'analyze', summary: 'analyse a folder of session recordings', usage: ANALYZE_USAGE, run: analyzeMain },
  { name: 'events', summary: 'analyse a product event log (file or folder)', usage: EVENTS_USAGE, run: eventsMain },
];

/** `journey-lens --help`: every subcommand's usage line and summary. */
export function overview(): string {
  const synopsis = (c: Subcommand) => c.usage.split('\n', 1)[0].replace(/^Usage: /, '');
  const width = Math.max(...SUBCOMMANDS.map((c) => c.name.length));
  return [
    ...SUBCOMMANDS.map((c, i) => `${i === 0 ? 'Usage: ' : '       '}${synopsis(c)}`),
    '',
    'Commands:',
    ...SUBCOMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run journey-lens COMMAND --help for its options.',
    'Exit codes: 0 success, 1 the analysis failed, 2 bad usage.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = SUBCOMMANDS.find((c) => c.name === name);
  if (command) return command.run(rest);
  if (name === '-h' || name === '--help') {
    process.stdout.write(`${overview()}\n`);
    return 0;
  }
  process.stderr.write(`journey-lens: ${name ? `unknown command "${name}"` : 'missing command'}\n\n${overview()}\n`);
  return 2;
}

if (require.main === module) {
  const output = guardOutput();
  // Write errors on stdout arrive as events after the write: the exit code is settled only once the process ends.
  process.once('exit', (code) => {
    process.exitCode = output.exitCode(code);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`journey-lens: ${safe(String((err as Error).stack ?? err))}\n`);
      process.exitCode = 1;
    },
  );
}
