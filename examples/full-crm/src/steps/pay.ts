import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell, refused } from '../print.js';

/**
 * The agents' pay (`@rapport/analytics`): a pay plan for agents — base salary, 4 % up to the monthly
 * target and 6 % above it, 8 % on new customers, a cap — then a month of sales (one split 60/40
 * between Bob and Carol), a pay run approved and locked, and a refund the month after clawed back
 * in the next run. Prints Bob's statements, every line naming its journal entry, rule and tier.
 * The months are in 2020 so that the rest of the story's journal does not touch them.
 */
export const pay: DemoStep = {
  title: 'Agents’ pay: a plan, a pay run, a statement, a clawback',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { admin, bob, carol } = company.staff;
    const { journal, payPlans, payRuns, paySplits } = crm.services;
    const ctx = company.as(admin);

    await payPlans.set(ctx, {
      name: 'Field agents 2020',
      role: 'agent',
      validFrom: '2020-01-01',
      baseSalary: '2500',
      targetSource: 'plan',
      target: '20000',
      cap: '2000',
      rules: [
        { name: 'New customers', customers: 'new', tiers: [{ fromPercent: '0', rate: '8' }] },
        {
          name: 'Revenue',
          tiers: [
            { fromPercent: '0', rate: '4' },
            { fromPercent: '100', rate: '6' },
          ],
        },
      ],
    });
    demo.say(
      'plan for agents: 2500.00 EUR base; 4 % to 20000 EUR, 6 % above; 8 % on new customers; cap 2000',
    );

    const sale = async (key: string, occurredAt: string, amount: string, employeeId = bob.id) =>
      (
        await journal.record(ctx, {
          type: 'sale',
          occurredAt,
          employeeId,
          parties: [{ partyId: partyOf(company, key).id }],
          amount,
          currency: 'EUR',
        })
      ).entry;
    await sale('nordlicht', '2020-02-20T10:00:00Z', '5000');
    await sale('nordlicht', '2020-03-04T10:00:00Z', '18000');
    const big = await sale('felix', '2020-03-11T10:00:00Z', '4000.50');
    const shared = await sale('nordlicht', '2020-03-18T10:00:00Z', '5000');
    await paySplits.set(ctx, {
      entryId: shared.id,
      shares: [
        { employeeId: bob.id, percent: 60 },
        { employeeId: carol.id, percent: 40 },
      ],
    });

    const march = await payRuns.create(ctx, { period: '2020-03' });
    await payRuns.approve(ctx, march.id);
    const locked = await refused('CONFLICT', () => payRuns.recompute(ctx, march.id));
    demo.say(`March approved; recomputing it is refused: ${locked.message}`);
    await journal.record(ctx, {
      type: 'refund',
      occurredAt: '2020-04-06T10:00:00Z',
      employeeId: bob.id,
      parties: [{ partyId: partyOf(company, 'felix').id }],
      amount: '1000',
      currency: 'EUR',
      subject: { type: 'sale', id: big.id },
    });
    const april = await payRuns.create(ctx, { period: '2020-04' });

    for (const run of [march, april]) {
      const s = await payRuns.statement(company.as(bob), { runId: run.id, employeeId: bob.id });
      demo.say(
        `${s.employeeName}, ${s.period.start.slice(0, 7)} (${s.period.status}): revenue ${s.revenue}, base ${s.base} + commission ${s.commission} + adjustments ${s.adjustments} = ${s.total} ${s.currency}`,
      );
      for (const line of s.lines)
        demo.say(
          `  ${cell(line.kind, 11)} ${cell(line.basis ?? '', 11)} ${cell(line.rate ? `${line.rate} %` : '', 10)} ${line.amount.padStart(10)}  ${line.note}${line.entryId ? ` [${line.entryId.slice(0, 8)}…]` : ''}`,
        );
    }
  },
};
