import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell, money, refused, when } from '../print.js';

/**
 * The sales pipeline (`@rapport/pipeline`): a manager sets up the stages, agents create deals and
 * move them; one is won and one lost with a reason; a closed deal refuses to move until reopened.
 * Every stage change is one history row and one journal entry on the customer's timeline. Then the
 * funnel and a forecast (the analytics services) are printed.
 */
export const pipelineDeals: DemoStep = {
  title: 'Pipeline: deals moving through stages',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { manager, alice, bob } = company.staff;
    const { pipelines, deals } = crm.services;

    const sales = await pipelines.create(company.as(manager), {
      name: 'Machine sales',
      currency: 'EUR',
      stages: [
        { name: 'Lead', probability: 0.1 },
        { name: 'Qualified', probability: 0.3 },
        { name: 'Proposal', probability: 0.6, rottingDays: 14 },
        { name: 'Negotiation', probability: 0.8, rottingDays: 7 },
        { name: 'Won', outcome: 'won' },
        { name: 'Lost', outcome: 'lost' },
      ],
    });
    demo.say(
      `pipeline "${sales.name}": ${sales.stages.map((s) => `${s.name} ${s.probability * 100}%`).join(' → ')}`,
    );
    const stage = Object.fromEntries(sales.stages.map((s) => [s.name, s]));

    const open = async (who: typeof alice, key: string, title: string, amount: string, closeOn: string) =>
      deals.create(company.as(who), {
        pipelineId: sales.id,
        title,
        customerId: partyOf(company, key).id,
        amount,
        expectedCloseOn: closeOn,
        source: 'trade fair',
      });
    const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const nextQuarter = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const spindles = await open(alice, 'kessler', 'Kessler: 4 CNC spindles', '48000.00', nextMonth);
    const service = await open(alice, 'ada', 'Ada Berger: service contract', '6400.50', nextMonth);
    const retrofit = await open(alice, 'jonas', 'Weber: retrofit', '12900', nextQuarter);
    const fleet = await open(bob, 'nordlicht', 'Nordlicht: conveyor line', '185000', nextQuarter);
    const lathe = await open(bob, 'felix', 'Wagner: lathe', '22750', nextMonth);
    await open(bob, 'mia', 'Schneider: spare parts', '1800', nextMonth);

    await deals.move(company.as(alice), spindles.id, { stageId: stage.Qualified!.id });
    await deals.move(company.as(alice), spindles.id, {
      stageId: stage.Proposal!.id,
      reason: 'budget approved',
    });
    await deals.move(company.as(alice), spindles.id, { stageId: stage.Negotiation!.id });
    await deals.win(company.as(alice), spindles.id, { reason: 'best delivery time' });
    await deals.move(company.as(alice), service.id, { stageId: stage.Qualified!.id });
    await deals.move(company.as(alice), retrofit.id, { stageId: stage.Proposal!.id });
    await deals.move(company.as(bob), fleet.id, { stageId: stage.Qualified!.id });
    await deals.move(company.as(bob), fleet.id, { stageId: stage.Negotiation!.id, reason: 'shortlisted' });
    await deals.move(company.as(bob), lathe.id, { stageId: stage.Proposal!.id });
    await deals.lose(company.as(bob), lathe.id, { reason: 'price: a competitor was 15% cheaper' });

    const conflict = await refused('CONFLICT', () =>
      deals.move(company.as(bob), lathe.id, { stageId: stage.Negotiation!.id }),
    );
    demo.say(`moving the lost lathe deal is refused: ${conflict.message}`);
    const reopened = await deals.reopen(company.as(manager), lathe.id, {
      stageId: stage.Negotiation!.id,
      reason: 'customer came back with a new budget',
    });
    demo.say(
      `a manager reopens it explicitly: now in ${sales.stages.find((s) => s.id === reopened.stageId)?.name}`,
    );

    const names = new Map(sales.stages.map((s) => [s.id, s.name]));
    const all = await deals.list(company.as(manager), { pipelineId: sales.id });
    for (const deal of all.items) {
      demo.say(
        `${cell(deal.title, 32)} ${cell(names.get(deal.stageId) ?? '', 12)} ${cell(money(deal.amount, deal.currency), 14)} ${cell(deal.status, 5)} ${company.nameOf(deal.ownerId)}`,
      );
    }
    const history = await deals.stageHistory(company.as(alice), spindles.id);
    demo.say(
      `stage history of "${spindles.title}": ${history
        .map((c) => `${names.get(c.toStageId)}${c.reason ? ` (${c.reason})` : ''} ${when(c.changedAt)}`)
        .join(' → ')}`,
    );
    const timeline = await crm.services.timeline.timeline(company.as(alice), partyOf(company, 'kessler').id, {
      types: ['pipeline.deal_created', 'pipeline.stage_changed'],
    });
    demo.say(`${timeline.items.length} pipeline entries on Kessler's timeline, one per stage change`);
    const agentView = await deals.list(company.as(alice), { pipelineId: sales.id });
    demo.say(
      `Alice sees ${agentView.items.length} of the ${all.items.length} deals (her own and her customers')`,
    );

    // The funnel and the forecast (the analytics services), computed in SQL from the stage history.
    const pct = (rate: { rate: number | null }) =>
      rate.rate === null ? '—' : `${Math.round(rate.rate * 100)}%`;
    const funnel = await crm.services.funnel.compute(company.as(manager), {
      pipelineId: sales.id,
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 60_000),
    });
    demo.say(`funnel of "${sales.name}" (deals created today, ${funnel.totals.deals} in all):`);
    for (const s of funnel.stages) {
      const amounts = s.amounts.map((m) => money(m.amount, m.currency)).join(', ');
      const conversion = s.conversion
        ? `to next ${pct(s.conversion.toNext ?? { rate: null })}, to won ${pct(s.conversion.toWon)}`
        : '';
      demo.say(
        `  ${cell(s.name, 12)} entered ${String(s.entered).padStart(2)}  ${cell(amounts, 22)} ${conversion}`,
      );
    }
    const forecast = await crm.services.forecasts.compute(company.as(manager), {
      pipelineId: sales.id,
      periods: 4,
      period: 'month',
      groupBy: 'owner',
    });
    demo.say(`forecast by owner and month, weighted by ${forecast.method.replace('_', ' ')}:`);
    for (const group of forecast.groups) {
      const months = group.buckets
        .map(
          (b) =>
            `${b.start.slice(0, 7)} ${b.amounts.map((a) => money(a.weighted, a.currency)).join(', ') || '0'}`,
        )
        .join(' | ');
      demo.say(`  ${cell(company.nameOf(group.key), 14)} ${months}`);
    }
  },
};
