import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell } from '../print.js';

const DAY = 86_400_000;

/**
 * Analytics (`@rapport/analytics`): a year of sales, refunds and activities for the company's
 * customers, then the analyses computed in PostgreSQL — sales by agent against the previous period,
 * Pareto/ABC classes (saved as segments), an RFM table, and activities per agent with their
 * conversion into sales. Money stays exact and per currency.
 */
export const analytics: DemoStep = {
  title: 'Analytics: sales by agent, ABC, RFM, activity',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { manager, alice, bob } = company.staff;
    const ago = (days: number) => new Date(Date.now() - days * DAY);
    const book = (
      key: string,
      who: typeof alice,
      days: number,
      type: string,
      extra: Record<string, unknown> = {},
    ) => ({
      type,
      parties: [{ partyId: partyOf(company, key).id }],
      employeeId: who.id,
      occurredAt: ago(days),
      ...extra,
    });
    const sale = (key: string, who: typeof alice, days: number, amount: string) =>
      book(key, who, days, 'sale', { amount, currency: 'EUR' });
    await crm.services.journal.recordMany(company.system, [
      sale('kessler', alice, 300, '48000.00'),
      sale('kessler', alice, 40, '12500.00'),
      sale('kessler', alice, 5, '3900.00'),
      sale('ada', alice, 200, '6400.50'),
      sale('ada', alice, 20, '820.00'),
      sale('jonas', alice, 150, '12900.00'),
      sale('nordlicht', bob, 100, '185000.00'),
      sale('nordlicht', bob, 10, '22000.00'),
      sale('felix', bob, 250, '22750.00'),
      sale('mia', bob, 60, '1800.00'),
      sale('mia', bob, 30, '450.00'),
      book('nordlicht', bob, 8, 'refund', {
        amount: '2000.00',
        currency: 'EUR',
        data: { reason: 'damaged part' },
      }),
      book('kessler', alice, 45, 'visit', { data: {} }),
      book('ada', alice, 25, 'call_outgoing', {
        direction: 'outbound',
        durationSeconds: 420,
        outcome: 'reached',
      }),
      book('jonas', alice, 12, 'call_outgoing', {
        direction: 'outbound',
        durationSeconds: 60,
        outcome: 'voicemail',
      }),
      book('nordlicht', bob, 14, 'meeting', { durationSeconds: 5400, data: { title: 'Line extension' } }),
      book('felix', bob, 9, 'call_outgoing', {
        direction: 'outbound',
        durationSeconds: 300,
        outcome: 'reached',
      }),
      book('mia', bob, 35, 'visit', { data: {} }),
    ] as never);
    const year = { from: ago(365), to: new Date(Date.now() + DAY) };

    const byAgent = await crm.services.analytics.query(company.as(manager), {
      measures: ['revenue', 'orders', 'aov', 'netRevenue'],
      dimensions: ['employee'],
      filters: { period: { from: ago(90), to: new Date(Date.now() + DAY) }, types: ['sale', 'refund'] },
      compare: 'previousPeriod',
    });
    demo.say('sales by agent, last 90 days (and the 90 days before), as the sales manager:');
    demo.say(
      `  ${cell('agent', 16)} ${cell('revenue', 14)} ${cell('orders', 7)} ${cell('AOV', 12)} ${cell('net', 14)} before`,
    );
    for (const row of byAgent.rows)
      demo.say(
        `  ${cell(row.labels.employee ?? '—', 16)} ${cell(`${row.measures.revenue} ${row.currency}`, 14)} ${cell(String(row.measures.orders), 7)} ${cell(row.measures.aov ?? '', 12)} ${cell(row.measures.netRevenue ?? '', 14)} ${row.previous?.revenue ?? '—'}`,
      );

    const abc = await crm.services.customerClasses.abc(company.as(manager), {
      filters: { period: year, currency: 'EUR' },
      members: { limit: 10 },
    });
    demo.say(
      `ABC over ${abc.total.customers} customers, ${abc.total.revenue} EUR net; the top ${abc.pareto.topShare}% (${abc.pareto.topCustomers}) make ${Math.round((abc.pareto.topRevenueShare ?? 0) * 100)}% of it:`,
    );
    for (const c of abc.classes)
      demo.say(
        `  class ${c.class}: ${c.customers} customers, ${c.revenue} EUR (${Math.round(c.revenueShare * 100)}%) — ${abc.members.items
          .filter((m) => m.class === c.class)
          .map((m) => m.name)
          .join(', ')}`,
      );
    const saved = await crm.services.customerClasses.saveAbc(company.as(manager), {
      name: 'Customers by revenue',
      query: { filters: { period: year, currency: 'EUR' } },
    });
    const segmentA = saved.segmentIds.A;
    if (segmentA)
      demo.say(
        `saved as segments; "Customers by revenue: A" has ${await crm.services.segments.countMembers(company.as(manager), segmentA)} members`,
      );

    const rfm = await crm.services.rfm.score(company.as(manager), {
      filters: { period: year, currency: 'EUR' },
      members: { limit: 10 },
    });
    demo.say('RFM (scores 1–5, as of today):');
    for (const m of rfm.members.items)
      demo.say(
        `  ${cell(m.name, 24)} R${m.r} F${m.f} M${m.m}  ${cell(m.segment, 20)} last sale ${Math.round(m.recencyDays)} days ago, ${m.frequency} sales, ${m.monetary} EUR`,
      );

    const recent = await crm.services.analytics.query(company.as(manager), {
      measures: ['calls', 'duration.sum', 'meetings', 'visits'],
      dimensions: ['employee'],
      filters: {
        period: { from: ago(60), to: new Date(Date.now() + DAY) },
        types: ['call_outgoing', 'call_incoming', 'meeting', 'visit'],
      },
    });
    const conversion = await crm.services.activityAnalysis.conversion(company.as(manager), {
      filters: { period: { from: ago(60), to: new Date(Date.now() + DAY) } },
      withinDays: 30,
    });
    demo.say('activities of the last 60 days per agent, and customers buying within 30 days of a touch:');
    for (const row of recent.rows) {
      const c = conversion.groups.find((g) => g.key === row.dimensions.employee);
      demo.say(
        `  ${cell(row.labels.employee ?? '—', 16)} calls ${row.measures.calls} (${Math.round((row.measures['duration.sum'] ?? 0) / 60)} min), meetings ${row.measures.meetings}, visits ${row.measures.visits}; converted ${c?.converted ?? 0}/${c?.touched ?? 0}`,
      );
    }
  },
};
