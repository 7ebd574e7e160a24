import { Readable } from 'node:stream';
import { type CallContext, type Employee, f, type ImportRowResult, type Party } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customers,
  employees,
  lineTotalCents,
  orders,
  type SampleOrder,
  suppliers,
} from './fixtures/sample-business.js';

/** CSV text of `rows` with their keys as header, quoted as spreadsheets export it. */
function csv(rows: ReadonlyArray<object>): Readable {
  const records = rows as ReadonlyArray<Record<string, unknown>>;
  const header = Object.keys(records[0]!);
  const cell = (v: unknown) => `"${String(v ?? '').replaceAll('"', '""')}"`;
  const text = [header.map(cell).join(','), ...records.map((r) => header.map((h) => cell(r[h])).join(','))];
  return Readable.from([`${text.join('\r\n')}\r\n`]);
}

/** Cents → the decimal text the journal stores (`1234` → `'12.34'`). */
const money = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const orderCents = (o: SampleOrder) => o.lines.reduce((sum, l) => sum + lineTotalCents(l), 0);

/** The ISO codes of the fixture's countries, written out by hand. */
const COUNTRY_CODES: Record<string, string> = {
  Germany: 'DE',
  Deutschland: 'DE',
  Mexico: 'MX',
  UK: 'GB',
  'United Kingdom': 'GB',
  Sweden: 'SE',
  Spain: 'ES',
  France: 'FR',
  FRA: 'FR',
  Canada: 'CA',
  Argentina: 'AR',
  Brazil: 'BR',
  Austria: 'AT',
  Österreich: 'AT',
  USA: 'US',
  Venezuela: 'VE',
  Italy: 'IT',
  Norway: 'NO',
  Poland: 'PL',
};

describe('a real business database imported through the public API', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;
  const staff = new Map<number, Employee>();
  const customerRows = new Map<string, ImportRowResult>();
  const companies = new Map<string, Party>();

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'US' } });
    const tenant = await env.crm.services.tenants.create({ name: 'Sample Traders' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'import' } });
  });
  afterAll(() => env?.close());

  it('takes the staff list with titles, dates, phones and the reports-to chain', async () => {
    const sales = await env.crm.services.departments.create(ctx, { name: 'Sales' });
    for (const e of employees) {
      const created = await env.crm.services.employees.create(ctx, {
        name: `${e.FirstName} ${e.LastName}`,
        departmentId: sales.id,
        role: employees.some((x) => x.ReportsTo === e.EmployeeID) ? 'manager' : 'agent',
        title: e.Title,
        phone: e.HomePhone,
        birthDate: e.BirthDate,
        hireDate: e.HireDate,
        ...(e.ReportsTo === null ? {} : { reportsToId: staff.get(e.ReportsTo)!.id }),
      });
      staff.set(e.EmployeeID, created);
    }
    const tree = await env.crm.services.employees.tree(ctx);
    expect(tree).toHaveLength(9);
    const depthOf = new Map(tree.map((n) => [n.name, n.depth]));
    // Fuchs at the top; five report to him; three to Buckland.
    expect(depthOf.get('Andrew Fuchs')).toBe(0);
    expect(
      tree
        .filter((n) => n.depth === 1)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['Janet Lever', 'Laura Calloway', 'Margaret Peake', 'Nina Dahl', 'Steven Buckland']);
    expect(
      tree
        .filter((n) => n.depth === 2)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['Anne Dodd', 'Michael Suzuki', 'Robert Kingsley']);
    const suzuki = await env.crm.services.employees.get(ctx, staff.get(6)!.id);
    expect(suzuki).toMatchObject({
      title: 'Sales Representative',
      phone: '(71) 555-7773',
      birthDate: '1983-07-02',
      hireDate: '2023-10-17',
      reportsToId: staff.get(5)!.id,
    });
  });

  it('imports every customer: odd phones kept as typed and flagged, country names stored as codes', async () => {
    const agents = employees
      .filter((e) => e.Title === 'Sales Representative')
      .map((e) => staff.get(e.EmployeeID)!.id);
    const result = await env.crm.services.imports.importCsv(ctx, csv(customers), {
      source: 'sample',
      mapping: {
        kind: 'organization',
        organizationName: 'CompanyName',
        phone: 'Phone',
        address: {
          street: 'Address',
          city: 'City',
          region: 'Region',
          postalCode: 'PostalCode',
          country: 'Country',
        },
        externalKey: 'CustomerID',
        ownerId: (row) => agents[customers.findIndex((c) => c.CustomerID === row.CustomerID) % agents.length],
      },
      onRow: (row) => {
        customerRows.set(row.externalKey!, row);
      },
    });
    expect(result.counts).toMatchObject({ read: 24, created: 24, failed: 0, duplicates: 0 });
    expect(customerRows.size).toBe(24);

    const byKey = await env.crm.services.parties.getByExternalKeys(
      ctx,
      'sample',
      customers.map((c) => c.CustomerID),
    );
    for (const c of customers) {
      const party = byKey.get(c.CustomerID)!;
      const row = customerRows.get(c.CustomerID)!;
      expect(row).toMatchObject({ outcome: 'created', partyId: party.id, errors: [] });
      companies.set(c.CustomerID, party);
      expect(party.displayName).toBe(c.CompanyName);
      const address = party.contactPoints.find((cp) => cp.kind === 'address')!;
      expect(address.details).toMatchObject({ country: COUNTRY_CODES[c.Country], city: c.City });
      const phone = party.contactPoints.find((cp) => cp.kind === 'phone')!;
      // Every phone arrived: normalised when valid for the country, else exactly as typed, flagged,
      // with a warning on its row naming the column.
      const flagged = row.warnings.filter((w) => w.code === 'unverified_phone');
      if (phone.quality === 'unverified') {
        expect(phone.value).toBe(c.Phone);
        expect(flagged).toMatchObject([{ column: 'Phone' }]);
      } else {
        expect(phone.value).toMatch(/^\+\d{8,15}$/);
        expect(flagged).toEqual([]);
      }
    }
    // Checked by hand: a Mexico City number with one digit of area code is no Mexican number; a
    // Berlin number with its local prefix is.
    expect(companies.get('ANTEQ')!.contactPoints.find((cp) => cp.kind === 'phone')).toMatchObject({
      value: '(5) 555-4729',
      quality: 'unverified',
    });
    expect(companies.get('ALPEN')!.contactPoints.find((cp) => cp.kind === 'phone')).toMatchObject({
      value: '+49300074321',
      quality: 'verified',
    });
    expect(await env.crm.services.parties.byExternalKey(ctx, 'sample', 'WOLZA')).toMatchObject({
      displayName: 'Wolski Zajazd',
    });
  });

  it('counts the customers by country in the database, as counted by hand', async () => {
    const byCountry = await env.crm.services.segments.countBy(ctx, f.all(), 'address.country');
    const expected = new Map<string, number>();
    for (const c of customers) {
      const code = COUNTRY_CODES[c.Country]!;
      expected.set(code, (expected.get(code) ?? 0) + 1);
    }
    expect(new Map(byCountry.map((g) => [g.value, g.count]))).toEqual(expected);
    expect(await env.crm.services.segments.count(ctx, f.country('DE'))).toBe(4);
  });

  it('relates each contact person to their company by the company key, in bulk', async () => {
    const contacts = customers.map((c) => {
      const [given, ...family] = c.ContactName.split(' ');
      return {
        Key: `${c.CustomerID}-1`,
        First: given,
        Last: family.join(' '),
        Title: c.ContactTitle,
        Company: c.CustomerID,
      };
    });
    const result = await env.crm.services.imports.importCsv(ctx, csv(contacts), {
      source: 'sample-contacts',
      mapping: { kind: 'person', givenName: 'First', familyName: 'Last', externalKey: 'Key' },
      relate: [{ type: 'works_at', toKey: 'Company', toSource: 'sample' }],
    });
    expect(result.counts).toMatchObject({ created: 24, failed: 0 });
    expect(result.relationships).toMatchObject({ created: 24, failed: 0 });
    const atAnteq = await env.crm.services.segments.query(
      ctx,
      f.relationship('works_at').to(companies.get('ANTEQ')!.id),
    );
    expect(atAnteq.items.map((p) => p.displayName)).toEqual(['Ana Trujillo']);
  });

  it('keeps suppliers on a shared web host and behind a shared switchboard apart', async () => {
    const result = await env.crm.services.imports.importCsv(ctx, csv(suppliers), {
      source: 'sample-suppliers',
      mapping: {
        kind: 'organization',
        organizationName: 'CompanyName',
        website: 'HomePage',
        phone: { column: 'Phone', identifying: false },
        address: { city: 'City', country: 'Country' },
        externalKey: 'SupplierID',
      },
    });
    expect(result.counts).toMatchObject({ read: 6, created: 6, duplicates: 0, failed: 0 });
    // Both pages live on one shared host: kept, but neither claims the host as its domain.
    for (const key of ['S2', 'S4']) {
      const supplier = await env.crm.services.parties.byExternalKey(ctx, 'sample-suppliers', key);
      const page = suppliers.find((x) => x.SupplierID === key)!.HomePage;
      expect(supplier!.contactPoints.find((cp) => cp.kind === 'website')).toMatchObject({
        value: page,
        details: { domain: 'microsoft.com' },
      });
    }
    // The two Cuxhaven firms share a switchboard: both have it, neither is blocked by it.
    for (const key of ['S5', 'S6']) {
      const supplier = await env.crm.services.parties.byExternalKey(ctx, 'sample-suppliers', key);
      expect(supplier!.contactPoints.find((cp) => cp.kind === 'phone')).toMatchObject({ identifying: false });
    }
    const identities = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ kind: string; value: string }>(
        `select kind, value from core_party_identity where tenant_id = $1 and kind in ('domain', 'phone') order by value`,
        [tx.tenantId],
      ),
    );
    expect(identities.filter((i) => i.value === 'microsoft.com' || i.value.startsWith('+494721'))).toEqual(
      [],
    );
  });

  it('records every order as a sale with its discounted lines, to the cent, and a re-run writes nothing', async () => {
    const inputs = orders.map((o) => ({
      type: 'sale' as const,
      parties: [{ partyId: companies.get(o.CustomerID)!.id }],
      employeeId: staff.get(o.EmployeeID)!.id,
      occurredAt: new Date(`${o.OrderDate}T10:00:00Z`),
      amount: money(orderCents(o)),
      currency: 'USD',
      externalId: `order-${o.OrderID}`,
      data: {
        orderNumber: String(o.OrderID),
        items: o.lines.map((l) => ({
          sku: String(l.ProductID),
          name: l.ProductName,
          quantity: l.Quantity,
          unitPrice: l.UnitPrice,
          ...(l.Discount === '0' ? {} : { discount: { percent: String(Number(l.Discount) * 100) } }),
          total: money(lineTotalCents(l)),
        })),
      },
    }));
    const first = await env.crm.services.journal.recordMany(ctx, inputs);
    expect(first.filter((r) => r.created)).toHaveLength(orders.length);
    const again = await env.crm.services.journal.recordMany(ctx, inputs);
    expect(again.filter((r) => r.created)).toHaveLength(0);

    // Every line arrived with its discount; the totals per customer agree with the hand sums.
    const rows = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ customer: string; cents: string; lines: number; discounted: number }>(
        `select k.key as customer, sum(e.amount * 100)::bigint::text as cents,
                sum(jsonb_array_length(e.data->'items'))::int as lines,
                sum((select count(*) from jsonb_array_elements(e.data->'items') i where i ? 'discount'))::int as discounted
         from core_journal_entry e
         join core_journal_party l on l.tenant_id = e.tenant_id and l.entry_id = e.id
         join core_party_external_key k on k.tenant_id = l.tenant_id and k.party_id = l.party_id and k.source = 'sample'
         where e.tenant_id = $1 and e.type = 'sale'
         group by k.key`,
        [tx.tenantId],
      ),
    );
    const expected = new Map<string, { cents: number; lines: number; discounted: number }>();
    for (const o of orders) {
      const e = expected.get(o.CustomerID) ?? { cents: 0, lines: 0, discounted: 0 };
      e.cents += orderCents(o);
      e.lines += o.lines.length;
      e.discounted += o.lines.filter((l) => l.Discount !== '0').length;
      expected.set(o.CustomerID, e);
    }
    expect(
      new Map(
        rows.map((r) => [r.customer, { cents: Number(r.cents), lines: r.lines, discounted: r.discounted }]),
      ),
    ).toEqual(expected);
    const totalLines = orders.reduce((n, o) => n + o.lines.length, 0);
    expect(rows.reduce((n, r) => n + r.lines, 0)).toBe(totalLines);
  });

  it('lets a manager see the customers of everyone who reports to them, and an agent only their own', async () => {
    const buckland = staff.get(5)!;
    const suzuki = staff.get(6)!;
    const asBuckland = env.crm.context({
      tenantId: ctx.tenantId,
      actor: { kind: 'employee', id: buckland.id },
    });
    const asSuzuki = env.crm.context({ tenantId: ctx.tenantId, actor: { kind: 'employee', id: suzuki.id } });
    const reportsOfBuckland = new Set([6, 7, 9].map((id) => staff.get(id)!.id));
    const ownedByReports = [...companies.values()].filter(
      (p) => p.ownerId && reportsOfBuckland.has(p.ownerId),
    );
    const ownedBySuzuki = [...companies.values()].filter((p) => p.ownerId === suzuki.id);
    expect(ownedByReports.length).toBeGreaterThan(ownedBySuzuki.length);
    const customerIds = new Set([...companies.values()].map((p) => p.id));
    const seen = async (c: CallContext) =>
      (await env.crm.services.segments.query(c, f.all(), { limit: 500 })).items
        .filter((p) => customerIds.has(p.id))
        .map((p) => p.id)
        .sort();
    expect(await seen(asBuckland)).toEqual(expect.arrayContaining(ownedByReports.map((p) => p.id)));
    expect(await seen(asSuzuki)).toEqual(ownedBySuzuki.map((p) => p.id).sort());
  });
});
