// Worker-thread entry: the heavy work (reading, parsing, training) so the extension host's thread never waits on it.
import { parentPort } from 'node:worker_threads';
import { buildReport } from '../core/report';
import { parseFiles } from './parseFiles';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

if (!parentPort) throw new Error('analysisWorker must run in a worker thread');
const port = parentPort;

port.on('message', async (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    if (req.type === 'parse') {
      res = { id: req.id, ok: true, type: 'parse', results: await parseFiles(req.files, req.options) };
    } else {
      const report = buildReport({ root: req.root, journeys: req.journeys, problems: req.problems }, req.options);
      res = { id: req.id, ok: true, type: 'build', report };
    }
  } catch (err) {
    res = { id: req.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  port.postMessage(res);
});
