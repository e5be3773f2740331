import { parentPort, workerData } from 'node:worker_threads';
import { openDemoScratch } from './demo-scratch.repository.ts';
import { generateDemoPractice } from './generate-demo-practice.ts';
import {
  type DemoRowsJob,
  type DemoRowsResult,
  addDemoCounts,
  demoPracticeRows,
  noDemoCounts,
} from './seed-demo-practice.ts';

// The worker thread of a big demo seed (startDemoRowsWorker): it generates the practice again
// from the same options (deterministic, so the same rows), keeps the cases of its share of the
// clients and writes their rows to its scratch file; the seed copies them into the database.
const job = workerData as DemoRowsJob;
const practice = generateDemoPractice({ ...job.practice, anchor: new Date(job.practice.anchor) });
const scratch = openDemoScratch(job.scratchFile);
const result: DemoRowsResult = {
  counts: { ...noDemoCounts },
  openRequests: [],
  urgentAlerts: [],
};
try {
  const batches = demoPracticeRows(practice, job.planEntries, {
    ...job.rows,
    anchor: new Date(job.rows.anchor),
    clientRange: job.clientRange,
  });
  for (const batch of batches) {
    scratch.write(batch.rows);
    addDemoCounts(result.counts, batch.counts);
    result.openRequests.push(...batch.openRequests.slice(0, 5 - result.openRequests.length));
    result.urgentAlerts.push(...batch.urgentAlerts);
  }
} finally {
  scratch.close();
}
parentPort!.postMessage(result);
