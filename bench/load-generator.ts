// The client side of bench/questionnaire-throughput.bench.ts and bench/scale-out.bench.ts,
// forked as its own process: it waits for { url, prepared } on the IPC channel, sends each
// prepared request once with autocannon over the given connections, and answers with the
// measured load. With several `urls` (one per server process) the connections and requests
// are dealt out evenly among them and the load is measured over all of them together.
import autocannon from 'autocannon';

export interface PreparedRequest {
  path: string;
  /** The whole Cookie header, if the request carries one. */
  cookie?: string;
  body: string;
}

export interface LoadOrder {
  url: string;
  /** Server processes to share the load among, instead of `url` alone. */
  urls?: string[];
  connections: number;
  prepared: PreparedRequest[];
}

export interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/**
 * autocannon's own `duration` is only known at its next one-second tick after the last
 * answer, so a 2-second run reads as 2–3 s: up to half the rate of a short run was lost.
 * The rate here is the 2xx answers over the time from the start to the last answer, and
 * p50/p99 come from every answer's own latency (so several autocannon instances combine).
 */
async function sendOnce({ url, urls, connections, prepared }: LoadOrder): Promise<Load> {
  const targets = urls ?? [url];
  const started = performance.now();
  const tally = { lastAnswer: started, succeeded: 0, failed: 0, latencies: [] as number[] };
  await Promise.all(
    targets.map((target, i) =>
      sendTo(
        target,
        Math.max(1, Math.round(connections / targets.length)),
        prepared.filter((_, j) => j % targets.length === i),
        tally,
      ),
    ),
  );
  const sorted = tally.latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    requestsPerSecond: tally.succeeded / ((tally.lastAnswer - started) / 1000),
    p50: Math.round(at(0.5)),
    p99: Math.round(at(0.99)),
    failed: tally.failed,
  };
}

function sendTo(
  url: string,
  connections: number,
  prepared: PreparedRequest[],
  tally: { lastAnswer: number; succeeded: number; failed: number; latencies: number[] },
): Promise<void> {
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        amount: prepared.length,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const p = prepared[next++ % prepared.length]!;
              return {
                ...request,
                path: p.path,
                body: p.body,
                headers: {
                  'content-type': 'application/json',
                  ...(p.cookie && { cookie: p.cookie }),
                },
              };
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        tally.failed += result.non2xx + result.errors;
        resolve();
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      tally.lastAnswer = performance.now();
      tally.latencies.push(responseTime);
      if (statusCode >= 200 && statusCode < 300) tally.succeeded++;
    });
  });
}

process.on('message', (order: LoadOrder) => {
  sendOnce(order).then(
    (load) => process.send!(load),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.on('disconnect', () => process.exit(0));
