// @ts-check
// A closed-loop load generator: `concurrency` workers send requests back to back over
// keep-alive connections; reports throughput and latency percentiles.
import http from "node:http";

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function send(agent, url, { method, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * @param {string} baseUrl
 * @param {(i: number) => {path: string, method?: string, headers?: object, body?: string|Buffer}} makeRequest
 */
export async function runLoad(baseUrl, makeRequest, { total, concurrency, expectStatus = [200] }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(total);
  const statuses = new Map();
  let next = 0;
  const started = performance.now();
  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const r = makeRequest(i);
      const t0 = performance.now();
      const status = await send(agent, new URL(r.path, baseUrl), {
        method: r.method ?? "GET",
        headers: r.headers ?? {},
        body: r.body,
      });
      latencies[i] = performance.now() - t0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const unexpected = [...statuses].filter(([s]) => !expectStatus.includes(s));
  return {
    total,
    seconds,
    perSecond: total / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    statuses: Object.fromEntries(statuses),
    unexpected,
  };
}

export function fmt(result) {
  return `${result.perSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50.toFixed(2)} ms  p95 ${result.p95.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  (${result.total} in ${result.seconds.toFixed(1)} s)`;
}
