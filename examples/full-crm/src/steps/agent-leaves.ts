import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { cell, entryLines, refused, when } from '../print.js';

/**
 * Alice leaves the company. Deactivating her requires an heir: her customers and her planned work
 * move to Bob in one transaction, with an audit record; nothing is deleted, so Bob sees the whole
 * history, including everything Alice recorded.
 */
export const agentLeaves: DemoStep = {
  title: 'An agent leaves: her customers and open work go to an heir',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { admin, alice, bob } = company.staff;
    const { employees, ownership, parties, timeline, agenda, activityTypes } = crm.services;
    const ada = partyOf(company, 'ada');

    const before = await refused('NOT_ALLOWED', () => parties.get(company.as(bob), ada.id));
    demo.say(`before: Bob may not open Ada Berger (${before.code})`);

    const { employee, reassignment } = await employees.deactivate(company.as(admin), alice.id, {
      heirId: bob.id,
      reason: 'left the company',
    });
    demo.say(
      `${employee.name} deactivated at ${when(employee.deactivatedAt)}, heir ${company.nameOf(employee.heirId)}`,
    );
    demo.say(
      `moved (counts per kind, core's and every plugin's taps): ${JSON.stringify(reassignment.moved)}`,
    );
    const record = await ownership.explain(company.as(admin), reassignment.reassignmentId);
    const moved = await parties.getMany(company.as(admin), record.partyIds);
    demo.say(
      `audit ${record.id}: "${record.reason}" by ${company.nameOf(record.actor.kind === 'employee' ? record.actor.id : null)}: ${moved.map((p) => p.displayName).join(', ')}`,
    );

    const gone = await refused('NOT_ALLOWED', () => parties.get(company.as(alice), ada.id));
    demo.say(`Alice's own calls are refused now: ${gone.message}`);

    const heir = company.as(bob);
    const inherited = await parties.get(heir, ada.id);
    demo.say(`after: Bob opens ${inherited.displayName}, owner ${company.nameOf(inherited.ownerId)}`);
    const label = (type: string) => activityTypes.get(type)?.label ?? type;
    const page = await timeline.timeline(heir, ada.id, { limit: 50 });
    const byAuthor = new Map<string, number>();
    for (const e of page.items)
      byAuthor.set(company.nameOf(e.employeeId), (byAuthor.get(company.nameOf(e.employeeId)) ?? 0) + 1);
    demo.say(
      `  her timeline as Bob: ${page.items.length} entries (${[...byAuthor].map(([who, n]) => `${n} by ${who}`).join(', ')})`,
    );
    for (const entry of page.items.slice(0, 3))
      for (const line of entryLines(entry, label(entry.type), company.nameOf)) demo.say(`    ${line}`);
    demo.say(`    … and ${page.items.length - 3} more, down to Alice's first email`);
    const planned = await agenda.agenda(heir);
    demo.say(
      `  Bob's agenda now (planned work is handed over as corrections "${planned[0]?.corrects?.reason}"):`,
    );
    for (const e of planned)
      demo.say(
        `    ${when(e.dueAt)}  ${label(e.type)}: ${e.data.title ?? e.notes}, assigned to ${company.nameOf(e.assigneeId)}`,
      );
    const history = await parties.history(heir, ada.id);
    demo.say(`  her change history as Bob (${history.length} entries, newest first):`);
    const names = new Map<string, string>([
      ...Object.values(company.staff).map((e) => [e.id, e.name] as const),
      ...Object.entries(company.departments).map(
        ([key, id]) => [id, `${key[0]!.toUpperCase()}${key.slice(1)}`] as const,
      ),
      ...Object.values(company.parties).map((p) => [p.id, p.displayName] as const),
    ]);
    for (const h of history)
      demo.say(
        `    ${h.operation.padEnd(9)} by ${cell(h.actor.kind === 'employee' ? company.nameOf(h.actor.id) : h.actor.name, 13)} ${summary(h.changes, names)}`,
      );
  },
};

/**
 * A short account of a history entry's changes, with ids replaced by the names the reader knows.
 * History stores ids (names change; ids do not), so this lookup is the reader's job.
 */
function summary(changes: Record<string, unknown>, names: Map<string, string>): string {
  const text = Object.entries(changes)
    .filter(
      ([field, v]) =>
        v !== null && !(Array.isArray(v) && v.length === 0) && !['mergeId', 'reassignmentId'].includes(field),
    )
    .map(([field, v]) => `${field} ${JSON.stringify(v)}`)
    .join('; ')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => names.get(id) ?? '…');
  return text.length > 84 ? `${text.slice(0, 83)}…` : text;
}
