// Worker-thread entry: the heavy work (reading, parsing, training) so the extension host's thread never waits on it.
// One script, two roles: the session worker the host talks to, and the helper that worker starts for the 2nd core.
import { parentPort, workerData } from 'node:worker_threads';
import { serveHelper } from './helperWorker';
import { serveSession } from './sessionWorker';

if (!parentPort) throw new Error('analysisWorker must run in a worker thread');
const data = workerData as { role?: string; newestRequest?: Int32Array } | null;
if (data?.role === 'helper') serveHelper(parentPort, data.newestRequest);
else serveSession(parentPort, data?.newestRequest);
