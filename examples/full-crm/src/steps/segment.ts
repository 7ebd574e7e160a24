import { f } from '@rapport/core';
import { type DemoStep, requireCompany, requireCrm } from '../demo.js';

/** The segment the demo saves; the access step counts it again as different employees. */
export const VIP_SEGMENT = 'VIP customers in Berlin, score ≥ 80';

/**
 * Builds a filter with the typed builder (plain JSON underneath), counts and pages it — one SQL
 * statement each — and saves it as a named segment whose members are computed when asked.
 */
export const buildSegment: DemoStep = {
  title: 'Segments: a filter, a page of members, a saved segment',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const ctx = company.as(company.staff.admin);
    const { segments } = crm.services;

    const vip = f.and(
      f.role('customer'),
      f.tag('vip'),
      f.field('city').eq('Berlin'),
      f.custom('score').gte(80),
    );
    demo.say(`filter: ${JSON.stringify(vip)}`);
    demo.say(`matches: ${await segments.count(ctx, vip)}`);
    const page = await segments.query(ctx, vip, { limit: 3, orderBy: 'displayName' });
    for (const party of page.items)
      demo.say(
        `  ${party.displayName.padEnd(18)} score ${party.custom.score}, owner ${company.nameOf(party.ownerId)}`,
      );
    demo.say(`  next page: ${page.nextCursor ? `cursor ${page.nextCursor.slice(0, 24)}…` : 'none'}`);
    const next = page.nextCursor
      ? await segments.query(ctx, vip, { limit: 3, orderBy: 'displayName', after: page.nextCursor })
      : undefined;
    for (const party of next?.items ?? [])
      demo.say(
        `  ${party.displayName.padEnd(18)} score ${party.custom.score}, owner ${company.nameOf(party.ownerId)}`,
      );

    const saved = await segments.save(ctx, { name: VIP_SEGMENT, filter: vip });
    demo.say(`saved segment "${saved.name}": ${await segments.countMembers(ctx, saved.id)} members now`);

    const others = {
      'birthday within 7 days': f.field('birthday').withinNextDays(7),
      'leads from the trade fair': f.and(f.role('lead'), f.field('source.campaign').startsWith('Hannover')),
      'works at Kessler': f.relationship('works_at').to(company.parties.kessler!.id),
      'organisations without a VIP tag': f.and(f.field('kind').eq('organization'), f.not(f.tag('vip'))),
    };
    for (const [name, filter] of Object.entries(others)) {
      const { items } = await segments.query(ctx, filter, { orderBy: 'displayName' });
      demo.say(`${name}: ${items.map((p) => p.displayName).join(', ') || 'none'}`);
    }
  },
};
