// The client side of bench/questionnaire-throughput.bench.ts, forked as its own process: it
// waits for { url, prepared } on the IPC channel, sends each prepared request once with
// autocannon over the given connections, and answers with the measured load.
import autocannon from 'autocannon';

export interface PreparedRequest {
  path: string;
  /** The whole Cookie header, if the request carries one. */
  cookie?: string;
  body: string;
}

export interface LoadOrder {
  url: string;
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
 * The rate here is the 2xx answers over the time from the start to the last answer.
 */
function sendOnce({ url, connections, prepared }: LoadOrder): Promise<Load> {
  let next = 0;
  const started = performance.now();
  let lastAnswer = started;
  let succeeded = 0;
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
        resolve({
          requestsPerSecond: succeeded / ((lastAnswer - started) / 1000),
          p50: result.latency.p50,
          p99: result.latency.p99,
          failed: result.non2xx + result.errors,
        });
      },
    );
    instance.on('response', (_client, statusCode) => {
      lastAnswer = performance.now();
      if (statusCode >= 200 && statusCode < 300) succeeded++;
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
