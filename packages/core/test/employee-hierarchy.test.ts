import type { CallContext, Employee } from '@rapport/core';
import { InvalidDataError } from '@rapport/core';
import { createTestCrm, seedOrganisation, type TestCrm } from '@rapport/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Northwind's staff list: Fuller (VP Sales) at the top; Davolio, Leverling, Peacock, Buchanan and
// Callahan report to him; Suyama, King and Dodsworth report to Buchanan.
const STAFF = [
  ['Fuller', 'Vice President, Sales', null, '1952-02-19', '1992-08-14', '(206) 555-9482'],
  ['Davolio', 'Sales Representative', 'Fuller', '1948-12-08', '1992-05-01', '(206) 555-9857'],
  ['Leverling', 'Sales Representative', 'Fuller', '1963-08-30', '1992-04-01', '(206) 555-3412'],
  ['Peacock', 'Sales Representative', 'Fuller', '1937-09-19', '1993-05-03', '(206) 555-8122'],
  ['Buchanan', 'Sales Manager', 'Fuller', '1955-03-04', '1993-10-17', '(71) 555-4848'],
  ['Suyama', 'Sales Representative', 'Buchanan', '1963-07-02', '1993-10-17', '(71) 555-7773'],
  ['King', 'Sales Representative', 'Buchanan', '1960-05-29', '1994-01-02', '(71) 555-5598'],
  ['Callahan', 'Inside Sales Coordinator', 'Fuller', '1958-01-09', '1994-03-05', '(206) 555-1189'],
  ['Dodsworth', 'Sales Representative', 'Buchanan', '1966-01-27', '1994-11-15', '(71) 555-4444'],
] as const;

describe('employees and their reports-to hierarchy', () => {
  let env: TestCrm<[]>;
  let system: CallContext;
  let as: (e: Employee) => CallContext;
  const staff: Record<string, Employee> = {};
  let sales: string;
  /** One customer per employee, owned by them. */
  const customer: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestCrm();
    const org = await seedOrganisation(env.crm, 'Northwind');
    system = org.system;
    as = org.as;
    const { departments, employees, parties } = env.crm.services;
    // Fuller heads a department of his own: only the reports-to chain lets him see Sales' customers.
    const head = (await departments.create(system, { name: 'Head office' })).id;
    sales = (await departments.create(system, { name: 'Sales reps' })).id;
    for (const [name, title, boss, birthDate, hireDate, phone] of STAFF) {
      staff[name] = await employees.create(system, {
        name,
        email: `${name.toLowerCase()}@staff.example`,
        departmentId: name === 'Fuller' ? head : sales,
        role: name === 'Fuller' ? 'manager' : 'agent',
        title,
        phone,
        birthDate,
        hireDate,
        ...(boss ? { reportsToId: staff[boss]!.id } : {}),
      });
      customer[name] = (
        await parties.create(as(staff[name]!), {
          kind: 'organization',
          organizationName: `${name}'s customer`,
        })
      ).party.id;
    }
  });
  afterAll(() => env?.close());

  const sees = async (viewer: string, owner: string) =>
    (
      await env.crm.services.segments.query(as(staff[viewer]!), {
        field: 'id',
        op: 'eq',
        value: customer[owner]!,
      })
    ).items.length === 1;

  it('keeps title, phone, hire date, birth date and manager, and reads them back', async () => {
    const king = await env.crm.services.employees.get(system, staff.King!.id);
    expect(king).toMatchObject({
      name: 'King',
      title: 'Sales Representative',
      phone: '(71) 555-5598',
      hireDate: '1994-01-02',
      birthDate: '1960-05-29',
      reportsToId: staff.Buchanan!.id,
    });
    const listed = await env.crm.services.employees.list(system, { departmentId: sales });
    expect(listed.find((e) => e.name === 'Suyama')?.reportsToId).toBe(staff.Buchanan!.id);
  });

  it('clears a field with null and leaves the others as they were', async () => {
    const updated = await env.crm.services.employees.update(system, staff.Callahan!.id, {
      phone: null,
      title: 'Inside Sales Coordinator II',
    });
    expect(updated).toMatchObject({
      phone: null,
      title: 'Inside Sales Coordinator II',
      hireDate: '1994-03-05',
    });
    await env.crm.services.employees.update(system, staff.Callahan!.id, { phone: '(206) 555-1189' });
  });

  it('returns the org chart depth-first, siblings by name, with depth and path', async () => {
    const tree = await env.crm.services.employees.tree(system);
    const northwind = tree.filter((e) => e.email?.endsWith('@staff.example'));
    expect(northwind.map((e) => `${e.depth}:${e.name}`)).toEqual([
      '0:Fuller',
      '1:Buchanan',
      '2:Dodsworth',
      '2:King',
      '2:Suyama',
      '1:Callahan',
      '1:Davolio',
      '1:Leverling',
      '1:Peacock',
    ]);
    expect(northwind.find((e) => e.name === 'King')?.path).toEqual([
      staff.Fuller!.id,
      staff.Buchanan!.id,
      staff.King!.id,
    ]);
  });

  it('returns the subtree under a given root', async () => {
    const tree = await env.crm.services.employees.tree(system, staff.Buchanan!.id);
    expect(tree.map((e) => `${e.depth}:${e.name}`)).toEqual([
      '0:Buchanan',
      '1:Dodsworth',
      '1:King',
      '1:Suyama',
    ]);
  });

  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDataError);
    return (error as InvalidDataError).issues;
  };

  it('refuses a manager chain that would loop, naming reportsToId, and writes nothing', async () => {
    const issues = await refusal(
      env.crm.services.employees.update(system, staff.Fuller!.id, {
        reportsToId: staff.Suyama!.id,
        title: 'CEO',
      }),
    );
    expect(issues).toEqual([expect.objectContaining({ path: 'reportsToId', code: 'cycle' })]);
    expect(await env.crm.services.employees.get(system, staff.Fuller!.id)).toMatchObject({
      reportsToId: null,
      title: 'Vice President, Sales',
    });
    expect(
      await refusal(
        env.crm.services.employees.update(system, staff.King!.id, { reportsToId: staff.King!.id }),
      ),
    ).toEqual([expect.objectContaining({ path: 'reportsToId' })]);
  });

  it('refuses an unknown, a deactivated or another tenant’s employee as manager', async () => {
    const other = await seedOrganisation(env.crm, 'Other tenant');
    expect(
      await refusal(
        env.crm.services.employees.update(system, staff.King!.id, { reportsToId: other.alice.id }),
      ),
    ).toEqual([expect.objectContaining({ path: 'reportsToId', code: 'not_found' })]);
    const leaver = await env.crm.services.employees.create(system, { name: 'Leaver', departmentId: sales });
    await env.crm.services.employees.deactivate(system, leaver.id, { leaveUnassigned: true, reason: 'left' });
    expect(
      await refusal(
        env.crm.services.employees.create(system, {
          name: 'New',
          departmentId: sales,
          reportsToId: leaver.id,
        }),
      ),
    ).toEqual([expect.objectContaining({ path: 'reportsToId', message: 'the manager is deactivated' })]);
  });

  // Retried: in about one full-suite run in two on a fresh clone, the second update never showed up
  // as a waiting session within the deadline (cause not found; see the issue 12 note). Without the
  // lock both updates succeed on every try, so the retries cannot hide a missing defence.
  it('lets only one of two concurrent changes that would close a loop succeed', {
    retry: 2,
    timeout: 90_000,
  }, async () => {
    const { employees } = env.crm.services;
    const a = await employees.create(system, { name: 'Loop A', departmentId: sales });
    const b = await employees.create(system, { name: 'Loop B', departmentId: sales });
    // Hold both rows so that each update has done its checks before either can write: without the
    // per-tenant lock, both checks would pass and the two rows would point at each other.
    const holder = new pg.Client({ connectionString: env.database.adminUrl });
    await holder.connect();
    let results: PromiseSettledResult<Employee>[];
    try {
      await holder.query('begin');
      await holder.query('select 1 from core_employee where id = any($1::uuid[]) for update', [[a.id, b.id]]);
      const pending = Promise.allSettled([
        employees.update(system, a.id, { reportsToId: b.id }),
        employees.update(system, b.id, { reportsToId: a.id }),
      ]);
      // Both updates must be blocked (on the held rows or on the lock) before the rows are let go;
      // a deadline turns a missed interleaving into a failure that shows the sessions, not a hang.
      const deadline = Date.now() + 20_000;
      for (let waiting = 0; waiting < 2; ) {
        if (Date.now() > deadline) {
          const { rows } = await holder.query(
            `select pid, state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()`,
          );
          throw new Error(`the two updates never both waited: ${JSON.stringify(rows)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        const [row] = (
          await holder.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          )
        ).rows;
        waiting = row!.n;
      }
      await holder.query('commit');
      results = await pending;
    } finally {
      await holder.query('rollback').catch(() => undefined);
      await holder.end();
    }
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [ra, rb] = [await employees.get(system, a.id), await employees.get(system, b.id)];
    expect([ra.reportsToId, rb.reportsToId].filter(Boolean)).toHaveLength(1);
  });

  it('lets a manager see the customers of everyone who reports to them, directly or indirectly', async () => {
    expect(await sees('Fuller', 'Suyama')).toBe(true);
    expect(await sees('Fuller', 'Davolio')).toBe(true);
    expect(await sees('Buchanan', 'King')).toBe(true);
    const count = await env.crm.services.segments.count(as(staff.Fuller!), { and: [] });
    expect(count).toBeGreaterThanOrEqual(STAFF.length);
  });

  it('does not let a colleague or a report see upwards or sideways', async () => {
    expect(await sees('Davolio', 'Peacock')).toBe(false);
    expect(await sees('Suyama', 'Buchanan')).toBe(false);
    expect(await sees('Buchanan', 'Davolio')).toBe(false);
    await expect(env.crm.services.parties.get(as(staff.Davolio!), customer.Peacock!)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('opens the journal of a report’s customer to the manager up the chain', async () => {
    const { entry } = await env.crm.services.journal.record(as(staff.Suyama!), {
      type: 'visit',
      parties: [{ partyId: customer.Suyama! }],
    });
    expect(await env.crm.services.journal.get(as(staff.Fuller!), entry.id)).toMatchObject({ id: entry.id });
    await expect(env.crm.services.journal.get(as(staff.Davolio!), entry.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('lets someone up the chain reassign a report’s customer, but not a colleague', async () => {
    const { ownership } = env.crm.services;
    await expect(
      ownership.assign(as(staff.Davolio!), customer.King!, staff.Davolio!.id),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const moved = await ownership.assign(as(staff.Buchanan!), customer.King!, staff.Suyama!.id, 'cover');
    expect(moved.ownerId).toBe(staff.Suyama!.id);
    await ownership.assign(as(staff.Fuller!), customer.King!, staff.King!.id);
  });

  it('hands a leaving manager’s reports to the nearest active manager above, who keeps seeing their customers', async () => {
    const { employees } = env.crm.services;
    // Boss (active) ← Gone (left earlier) ← Middle (leaves now) ← Report A, Report B.
    const boss = await employees.create(system, { name: 'Boss', departmentId: sales, role: 'manager' });
    const gone = await employees.create(system, { name: 'Gone', departmentId: sales, reportsToId: boss.id });
    const middle = await employees.create(system, {
      name: 'Middle',
      departmentId: sales,
      reportsToId: gone.id,
    });
    const a = await employees.create(system, {
      name: 'Report A',
      departmentId: sales,
      reportsToId: middle.id,
    });
    const b = await employees.create(system, {
      name: 'Report B',
      departmentId: sales,
      reportsToId: middle.id,
    });
    // Gone left before leavers' reports were re-pointed: Middle still reports to an inactive employee.
    const admin = new pg.Client({ connectionString: env.database.adminUrl });
    await admin.connect();
    try {
      await admin.query('update core_employee set active = false, deactivated_at = now() where id = $1', [
        gone.id,
      ]);
    } finally {
      await admin.end();
    }
    const result = await employees.deactivate(system, middle.id, { heirId: a.id, reason: 'left' });
    expect(result.reports).toEqual({ movedTo: boss.id, employeeIds: [a.id, b.id].sort() });
    expect((await employees.get(system, a.id)).reportsToId).toBe(boss.id);
    expect((await employees.get(system, b.id)).reportsToId).toBe(boss.id);
    const customerOfB = (
      await env.crm.services.parties.create(as(b), { kind: 'organization', organizationName: 'B customer' })
    ).party.id;
    const seen = await env.crm.services.segments.query(as(boss), {
      field: 'id',
      op: 'eq',
      value: customerOfB,
    });
    expect(seen.items).toHaveLength(1);
  });

  it('leaves the reports of a leaver without any active manager above at the top of the chart', async () => {
    const { employees } = env.crm.services;
    const top = await employees.create(system, { name: 'Top leaver', departmentId: sales });
    const report = await employees.create(system, {
      name: 'Orphan',
      departmentId: sales,
      reportsToId: top.id,
    });
    const result = await employees.deactivate(system, top.id, { leaveUnassigned: true, reason: 'left' });
    expect(result.reports).toEqual({ movedTo: null, employeeIds: [report.id] });
    expect((await employees.get(system, report.id)).reportsToId).toBeNull();
  });

  it('follows a change of manager at once', async () => {
    await env.crm.services.employees.update(system, staff.Dodsworth!.id, { reportsToId: staff.Davolio!.id });
    expect(await sees('Davolio', 'Dodsworth')).toBe(true);
    expect(await sees('Buchanan', 'Dodsworth')).toBe(false);
    expect(await sees('Fuller', 'Dodsworth')).toBe(true);
    await env.crm.services.employees.update(system, staff.Dodsworth!.id, { reportsToId: staff.Buchanan!.id });
  });
});
