import {
  type BenchEnv,
  latencyRow,
  openBenchCrm,
  quantile,
  round,
  timeInterleaved,
} from '@rapport/testing/bench';
import { pricingPlugin } from '../src/index.js';
import { RESOLVE_ITEMS_SQL } from '../src/prices/resolve-sql.js';
import { COMPUTE_RULES_SQL } from '../src/suggestions/rules-sql.js';
import { CROSS_SELL_SQL, PARTY_PRODUCTS_SQL } from '../src/suggestions/suggestion-sql.js';
import { UPSELL_SQL } from '../src/suggestions/upsell-sql.js';
import { seedPricingWorld } from './pricing-seed.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL
  ? { products: 2_000, customers: 10_000, orders: 50_000, lines: 1_000_000 }
  : { products: 500, customers: 2_000, orders: 5_000, lines: 100_000 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

/**
 * Price resolution of a 50-line request, a cross-sell request, and the recomputation of the
 * association rules over 1M sale lines / 50k orders / 2k products (`BENCH_FULL=1`; 100k / 5k / 500 by
 * default), each through the service beside the same statements run directly with `pg` (in a
 * transaction with the tenant set for row-level security). Aims: resolution and suggestions < 20 ms
 * p99, rules < 60 s.
 */
export default async function pricingBench(env: BenchEnv): Promise<void> {
  const options = {
    rules: { minSupport: 0.0005, minConfidence: 0.05, minLift: 1, schedule: { enabled: false } },
  };
  // No statement timeout for the rules at full size on a shared machine: the figure is what is measured.
  const bench = await openBenchCrm(env, {
    limits: { statementTimeoutMs: { report: 0 } },
    plugins: [pricingPlugin.configure(options)],
  });
  const { crm, tenant, system: ctx, client } = bench;
  try {
    const t0 = performance.now();
    const world = await seedPricingWorld(client, tenant.id, SIZE);
    const seedSeconds = (performance.now() - t0) / 1000;
    await client.query('vacuum analyze');

    const hand = <T = Record<string, unknown>>(statements: Array<[string, unknown[]]>) =>
      bench.inTenant(
        async () => {
          let rows: T[] = [];
          for (const [text, params] of statements) rows = (await client.query(text, params)).rows as T[];
          return rows;
        },
        { actor: ctx.actor },
      );
    const rows: Array<Record<string, string | number>> = [];

    // Rules: once each (the service replaces them atomically; the baseline runs the same statements).
    const r0 = performance.now();
    const { rules } = await crm.services.associationRules.recompute(ctx);
    const serviceRules = performance.now() - r0;
    const h0 = performance.now();
    await hand([
      ['delete from pricing_association_rule where tenant_id = $1', [tenant.id]],
      [COMPUTE_RULES_SQL, [tenant.id, null, options.rules.minSupport, options.rules.minConfidence, 1, 50]],
    ]);
    const handRules = performance.now() - h0;
    rows.push({ run: `rules (${rules} kept): service`, n: 1, 'median ms': round(serviceRules) });
    rows.push({
      run: 'rules: hand-written SQL',
      n: 1,
      'median ms': round(handRules),
      ratio: round(serviceRules / handRules),
    });

    // A 50-line resolution for a customer; the baseline is the one statement pricing the lines.
    const items = Array.from({ length: 50 }, (_, i) => ({
      sku: world.skus[(i * 37) % world.skus.length]!,
      quantity: 1 + (i % 12),
    }));
    const party = world.customerIds[7]!;
    const lists = JSON.stringify([{ id: world.defaultListId, source: 'default', priority: 0 }]);
    const handItems = JSON.stringify(items.map((item, n) => ({ n, ...item })));
    const today = new Date().toISOString().slice(0, 10);
    const [service, baseline] = await timeInterleaved(ITERATIONS, [
      () => crm.services.prices.resolve(ctx, { partyId: party, currency: 'EUR', items }),
      () => hand([[RESOLVE_ITEMS_SQL, [tenant.id, handItems, lists, today, null]]]),
    ]);
    rows.push(latencyRow('resolve 50 lines: service', service));
    rows.push(
      latencyRow('resolve 50 lines: hand-written SQL', baseline, {
        ratio: round(quantile(service, 0.5) / quantile(baseline, 0.5)),
      }),
    );

    // Cross-sell for a customer with history.
    const [sell, sellHand] = await timeInterleaved(ITERATIONS, [
      () => crm.services.suggestions.crossSell(ctx, { partyId: party }),
      async () => {
        const owned = await hand<{ id: string }>([[PARTY_PRODUCTS_SQL, [tenant.id, party]]]);
        const ids = owned.map((o) => o.id);
        return hand([[CROSS_SELL_SQL, [tenant.id, ids, ids, 10]]]);
      },
    ]);
    rows.push(latencyRow('cross-sell for a customer: service', sell));
    rows.push(
      latencyRow('cross-sell: hand-written SQL', sellHand, {
        ratio: round(quantile(sell, 0.5) / quantile(sellHand, 0.5)),
      }),
    );
    // Upsell for the same customer; the baseline is the candidates' statement and the exact pricing of
    // what it picked, with the list known in advance.
    const upsellParams = [tenant.id, party, null, lists, today, 60, 20];
    const [up, upHand] = await timeInterleaved(ITERATIONS, [
      () => crm.services.suggestions.upsell(ctx, { partyId: party, currency: 'EUR' }),
      async () => {
        const picked = await hand<{ sku: string; fromSku: string }>([[UPSELL_SQL, upsellParams]]);
        const skus = [...new Set(picked.flatMap((p) => [p.sku, p.fromSku]))];
        const priced = JSON.stringify(skus.map((sku, n) => ({ n, sku, quantity: 1 })));
        return hand([[RESOLVE_ITEMS_SQL, [tenant.id, priced, lists, today, null]]]);
      },
    ]);
    rows.push(latencyRow('upsell for a customer (with price resolution): service', up));
    rows.push(
      latencyRow('upsell: hand-written SQL', upHand, {
        ratio: round(quantile(up, 0.5) / quantile(upHand, 0.5)),
      }),
    );
    // The plan of the upsell statement must read the sale lines through an index, never a scan.
    const [plan] = await hand<{ 'QUERY PLAN': unknown }>([
      [`explain (format json) ${UPSELL_SQL}`, upsellParams],
    ]);
    const reads = saleLineReads(plan?.['QUERY PLAN']);
    if (reads.some((r) => !r.includes('Index')))
      throw new Error(`upsell reads sale lines by ${reads.join(', ')}`);
    console.log(`upsell plan reads pricing_sale_line by: ${reads.join(', ')}`);

    env.report(
      `Pricing over ${world.lines.toLocaleString('en-US')} sale lines, ${SIZE.orders.toLocaleString('en-US')} orders, ${SIZE.products.toLocaleString('en-US')} products (seeded in ${round(seedSeconds)} s)`,
      rows,
    );
  } finally {
    await bench.close();
  }
}

/** The plan nodes of an EXPLAIN (FORMAT JSON) that read `pricing_sale_line`, as "<node type> (<index>)". */
function saleLineReads(plan: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) walk(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n['Relation Name'] === 'pricing_sale_line')
      out.push(`${String(n['Node Type'])}${n['Index Name'] ? ` (${String(n['Index Name'])})` : ''}`);
    for (const value of Object.values(n)) if (typeof value === 'object') walk(value);
  };
  walk(plan);
  return out;
}
