import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';

/**
 * The duplicates report finds the two records of Ada; an administrator merges them in one
 * transaction, and the audit record explains afterwards what happened to the party that disappeared.
 */
export const mergeDuplicates: DemoStep = {
  title: 'Merge: two records of the same person become one',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const admin = company.as(company.staff.admin);
    const { duplicates, merges } = crm.services;
    const ada = partyOf(company, 'ada');
    const twin = partyOf(company, 'adaTwin');

    const report = await duplicates.findDuplicates(admin, { limit: 10 });
    for (const pair of report.pairs) {
      const [a, b] = pair.parties;
      demo.say(
        `duplicates report: ${a.displayName} ~ ${b.displayName} (${pair.reasons.join(', ')}, similarity ${pair.similarity.toFixed(2)})`,
      );
    }

    const { survivor, merge } = await merges.merge(admin, {
      survivorId: ada.id,
      mergedId: twin.id,
      reason: 'same person: Support entered her with her private email',
    });
    company.parties.ada = survivor;
    delete company.parties.adaTwin;

    const record = await merges.explain(admin, merge.id);
    demo.say(`merge ${record.id} by ${company.nameOf(actorId(record.actor))}, reason: "${record.reason}"`);
    demo.say(
      `  ${record.mergedSnapshot.party.displayName} (${record.mergedId}) merged into ${record.survivorName} (${record.survivorId})`,
    );
    demo.say(`  moved: ${format(record.moved)}`);
    demo.say(`  resolved instead of moved: ${format(record.resolved)}`);
    demo.say(
      `  fields changed on the survivor: ${
        Object.entries(record.fields)
          .map(([field, [from, to]]) => `${field} ${JSON.stringify(from)} → ${JSON.stringify(to)}`)
          .join('; ') || 'none'
      } (each field keeps the survivor's value, or takes the merged one's when the survivor has none)`,
    );
    demo.say(
      `  survivor's emails now: ${survivor.contactPoints
        .filter((c) => c.kind === 'email')
        .map((c) => c.value)
        .join(', ')}`,
    );
    demo.say(
      `  where is ${twin.id} now? → ${await merges.whereIs(admin, twin.id)} (${survivor.displayName})`,
    );
  },
};

function actorId(actor: { kind: string; id?: string; name?: string }): string | null {
  return actor.kind === 'employee' ? (actor.id ?? null) : null;
}

function format(counts: Record<string, number>): string {
  const nonZero = Object.entries(counts).filter(([, n]) => n > 0);
  return nonZero.length > 0 ? nonZero.map(([table, n]) => `${table} ${n}`).join(', ') : 'nothing';
}
