import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { refused } from '../print.js';
import { VIP_SEGMENT } from './segment.js';

/**
 * The same saved segment counted by each employee: visibility is part of the one SQL statement, so
 * each sees only what they may. A single read of a colleague's customer is refused, until it is
 * shared with the reader's department.
 */
export const checkAccess: DemoStep = {
  title: 'Access: who sees what',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { admin, manager, alice, bob, carol } = company.staff;
    const { segments, parties, ownership } = crm.services;
    const segment = (await segments.list(company.as(admin))).find((s) => s.name === VIP_SEGMENT);
    if (!segment) throw new Error('The segment step should have saved the VIP segment');

    demo.say(`"${VIP_SEGMENT}" counted by:`);
    for (const employee of [alice, bob, carol, manager, admin]) {
      const count = await segments.countMembers(company.as(employee), segment.id);
      const dept = Object.entries(company.departments).find(([, id]) => id === employee.departmentId)?.[0];
      demo.say(`  ${employee.name.padEnd(13)} ${`${employee.role}, ${dept}`.padEnd(16)} ${count}`);
    }

    const ada = partyOf(company, 'ada');
    demo.say(`Carol (Support) opens Ada Berger, a customer of Alice's:`);
    const error = await refused('NOT_ALLOWED', () => parties.get(company.as(carol), ada.id));
    demo.say(`  refused: ${error.code}: ${error.message}`);
    demo.say('Alice shares Ada with the Support department');
    await ownership.share(company.as(alice), ada.id, { departmentId: company.departments.support });
    const seen = await parties.get(company.as(carol), ada.id);
    demo.say(`  Carol now reads ${seen.displayName}; the owner is still ${company.nameOf(seen.ownerId)}`);
    const reassign = await refused('NOT_ALLOWED', () =>
      ownership.assign(company.as(carol), ada.id, carol.id),
    );
    demo.say(`  Carol taking her over is refused: ${reassign.message}`);
  },
};
