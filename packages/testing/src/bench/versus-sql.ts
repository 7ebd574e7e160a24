import { timeInterleaved } from './interleave.js';
import { latencyRow, quantile, round } from './stats.js';

/**
 * Times a service call beside its hand-written SQL twin, interleaved `iterations` times after one
 * untimed round, and returns the two latency rows (`<name>: service`, `<name>: hand-written SQL`),
 * the second with the ratio of the medians.
 *
 * @example
 * rows.push(...(await serviceVersusSql('funnel, one year', 30, () => service(), () => hand(SQL, params))));
 */
export async function serviceVersusSql(
  name: string,
  iterations: number,
  service: () => Promise<unknown>,
  sql: () => Promise<unknown>,
): Promise<Array<Record<string, string | number>>> {
  const [a, b] = await timeInterleaved(iterations, [service, sql], { warmup: 1 });
  return [
    latencyRow(`${name}: service`, a),
    latencyRow(`${name}: hand-written SQL`, b, { ratio: round(quantile(a, 0.5) / quantile(b, 0.5)) }),
  ];
}
