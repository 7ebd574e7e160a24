import { openBenchCrm, quantile, timeInterleaved, type BenchEnv } from '@rapport/testing/bench';

export default async function bench(env: BenchEnv): Promise<void> {
  const b = await openBenchCrm(env, { plugins: [] });
  try {
    const { crm, system, hand } = b;
    const [svc, raw] = await timeInterleaved(2000, [
      () => crm.transaction(system, (tx) => tx.sql('select 1')),
      () => hand('select 1', [], { actor: system.actor }),
    ]);
    for (const [n, s] of [['crm.transaction', svc], ['hand', raw]] as const)
      console.log(n, 'p50', quantile(s, 0.5).toFixed(3), 'p90', quantile(s, 0.9).toFixed(3), 'p99', quantile(s, 0.99).toFixed(3));
  } finally {
    await b.close();
  }
}
