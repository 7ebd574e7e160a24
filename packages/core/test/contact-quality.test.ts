import { type CallContext, f, isSharedDomain, resolveCountry } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Customers shaped like a well-known public sample database: odd local phone formats, country names. */
const northwindLike = [
  { name: 'Cactus Comidas para llevar', phone: '(1) 135-5555', city: 'Buenos Aires', country: 'Argentina' },
  { name: 'Océano Atlántico Ltda.', phone: '(1) 135-5333', city: 'Buenos Aires', country: 'Argentina' },
  { name: 'Rancho grande', phone: '(5) 555-4729', city: 'Buenos Aires', country: 'Argentina' },
  { name: 'Alfreds Futterkiste', phone: '030-0074321', city: 'Berlin', country: 'Germany' },
  { name: 'Around the Horn', phone: '(171) 555-7788', city: 'London', country: 'UK' },
  { name: 'Great Lakes Food Market', phone: '(503) 555-7555', city: 'Eugene', country: 'USA' },
];

describe('contact data kept, not refused', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'US' } });
    org = await seedOrganisation(env.crm);
    ctx = org.system;
  });
  afterAll(() => env?.close());

  const organisation = (name: string, contactPoints: unknown[], options = {}) =>
    env.crm.services.parties.create(
      ctx,
      { kind: 'organization', organizationName: name, contactPoints } as never,
      options,
    );

  const identities = (partyId: string) =>
    env.database.adminQuery<{ kind: string; value: string }>(
      'select kind, value from core_party_identity where party_id = $1 order by kind, value',
      [partyId],
    );

  describe('phones', () => {
    it('reads a German number written with its local prefix as valid, in the country of the address', async () => {
      const { party, contactWarnings } = await organisation('Alfreds Futterkiste', [
        { kind: 'phone', value: '030-0074321' },
        { kind: 'address', city: 'Berlin', country: 'Germany' },
      ]);
      expect(contactWarnings).toEqual([]);
      expect(party.contactPoints.find((cp) => cp.kind === 'phone')!.value).toBe('+49300074321');
    });

    it('keeps a phone that is not valid for its country as typed, flagged, with a warning naming the field', async () => {
      const { party, contactWarnings } = await organisation('Rancho grande', [
        { kind: 'phone', value: '(5) 555-4729' },
        { kind: 'address', city: 'Buenos Aires', country: 'Argentina' },
      ]);
      const phone = party.contactPoints.find((cp) => cp.kind === 'phone')!;
      expect(phone).toMatchObject({ value: '(5) 555-4729', quality: 'unverified', identifying: true });
      expect(phone.details).toMatchObject({ region: 'AR' });
      expect(contactWarnings).toEqual([
        {
          code: 'unverified_phone',
          path: 'contactPoints.0.value',
          message: '"(5) 555-4729" is not a valid phone number',
        },
      ]);
      expect(await identities(party.id)).toEqual([]);
    });

    it('never lets an unverified phone identify: a second party with the same odd number is created', async () => {
      const first = await organisation('Odd One', [{ kind: 'phone', value: '555-1234' }]);
      const second = await organisation('Odd Two', [{ kind: 'phone', value: '555-1234' }]);
      expect(first.contactWarnings.map((w) => w.code)).toEqual(['unverified_phone']);
      expect(second.created).toBe(true);
      expect(
        await env.crm.services.contactPoints.lookup(ctx, { kind: 'phone', value: '555-1234' }),
      ).toBeUndefined();
    });

    it('does not count an unverified phone as a way to reach the party in segments', async () => {
      const { party } = await organisation('Only Odd Phone', [{ kind: 'phone', value: '(5) 555-0001' }]);
      const reachable = await env.crm.services.segments.query(
        ctx,
        f.and(f.hasContact('phone'), f.field('displayName').eq('Only Odd Phone')),
      );
      expect(party.contactPoints[0]!.quality).toBe('unverified');
      expect(reachable.items).toEqual([]);
    });

    it('reads a phone without a region in the country of the party address', async () => {
      const { party, contactWarnings } = await organisation('Web Ltd London', [
        { kind: 'phone', value: '020 7946 0958' },
        { kind: 'address', city: 'London', country: 'UK' },
      ]);
      expect(contactWarnings).toEqual([]);
      expect(party.contactPoints.find((cp) => cp.kind === 'phone')).toMatchObject({
        value: '+442079460958',
        quality: 'verified',
      });
    });

    it('refuses an invalid phone with the current error when the caller asks for strict validation', async () => {
      await expect(
        organisation('Strict SA', [{ kind: 'phone', value: '(5) 555-4729', region: 'Argentina' }], {
          strict: true,
        }),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: {
          issues: [{ path: 'contactPoints.0.value', message: '"(5) 555-4729" is not a valid phone number' }],
        },
      });
      expect(
        await env.database.adminQuery(`select 1 from core_party where display_name = 'Strict SA'`),
      ).toEqual([]);
    });

    it('still refuses a phone with no digits to keep', async () => {
      await expect(
        organisation('No Phone', [{ kind: 'phone', value: 'ask reception' }]),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoints.0.value' }] },
      });
    });

    it('keeps an odd phone added later, flagged, and refuses it with strict', async () => {
      const { party } = await organisation('Later Ltd', []);
      const updated = await env.crm.services.contactPoints.add(ctx, party.id, {
        kind: 'phone',
        value: '(171) 555-7788',
        region: 'UK',
      });
      expect(updated.contactPoints[0]).toMatchObject({ value: '(171) 555-7788', quality: 'unverified' });
      await expect(
        env.crm.services.contactPoints.add(
          ctx,
          party.id,
          { kind: 'phone', value: '(171) 555-7789', region: 'UK' },
          { strict: true },
        ),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoint.0.value' }] },
      });
    });
  });

  describe('emails', () => {
    it('keeps an email without a top-level domain or with a placeholder mailbox, flagged and not identifying', async () => {
      const { party, contactWarnings } = await organisation('Placeholder Co', [
        { kind: 'email', value: 'info@intranet' },
        { kind: 'email', value: 'noemail@placeholder-co.de' },
      ]);
      expect(party.contactPoints.map((cp) => [cp.value, cp.quality])).toEqual([
        ['info@intranet', 'unverified'],
        ['noemail@placeholder-co.de', 'unverified'],
      ]);
      expect(contactWarnings.map((w) => [w.code, w.path])).toEqual([
        ['unusual_email', 'contactPoints.0.value'],
        ['unusual_email', 'contactPoints.1.value'],
      ]);
      expect(await identities(party.id)).toEqual([]);
      const again = await organisation('Placeholder Two', [
        { kind: 'email', value: 'noemail@placeholder-co.de' },
      ]);
      expect(again.created).toBe(true);
    });

    it('refuses an email whose mailbox name is longer than 64 characters, naming the field', async () => {
      await expect(
        organisation('Long Mailbox', [{ kind: 'email', value: `${'a'.repeat(65)}@example.com` }]),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: {
          issues: [
            { path: 'contactPoints.0.value', message: 'the part before @ must be at most 64 characters' },
          ],
        },
      });
    });

    it('refuses an email longer than 254 characters, naming the field', async () => {
      const value = `ab@${'d'.repeat(62)}.${'e'.repeat(62)}.${'f'.repeat(62)}.${'g'.repeat(62)}.com`;
      await expect(organisation('Long Domain', [{ kind: 'email', value }])).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoints.0.value', message: 'must be at most 254 characters' }] },
      });
    });

    it('refuses an odd email with strict', async () => {
      await expect(
        organisation('Strict Mail', [{ kind: 'email', value: 'a@b' }], { strict: true }),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoints.0.value' }] },
      });
    });
  });

  describe('countries', () => {
    it.each([
      ['Germany', 'DE'],
      ['Deutschland', 'DE'],
      ['Allemagne', 'DE'],
      ['Alemania', 'DE'],
      ['Германия', 'DE'],
      ['DEU', 'DE'],
      ['de', 'DE'],
      ['UK', 'GB'],
      ['United Kingdom', 'GB'],
      ['USA', 'US'],
      ['U.S.A.', 'US'],
      ['Österreich', 'AT'],
      ['Venezuela', 'VE'],
    ])('stores the country "%s" as %s', async (written, code) => {
      const { party, contactWarnings } = await organisation(`Country ${written}`, [
        { kind: 'address', country: written },
      ]);
      expect(contactWarnings).toEqual([]);
      expect(party.contactPoints[0]).toMatchObject({ details: { country: code }, quality: 'verified' });
    });

    it('accepts an address with only a country', async () => {
      const { party } = await organisation('Only Country', [{ kind: 'address', country: 'Sweden' }]);
      expect(party.contactPoints[0]).toMatchObject({ value: 'SE', details: { country: 'SE' } });
    });

    it('keeps an unknown country as typed with a warning, and refuses it with strict', async () => {
      const { party, contactWarnings } = await organisation('Narnia Trading', [
        { kind: 'address', city: 'Cair Paravel', country: 'Narnia' },
      ]);
      expect(party.contactPoints[0]).toMatchObject({
        quality: 'unverified',
        details: { city: 'Cair Paravel', countryRaw: 'Narnia' },
      });
      expect(party.contactPoints[0]!.details.country).toBeUndefined();
      expect(contactWarnings).toMatchObject([{ code: 'unknown_country', path: 'contactPoints.0.country' }]);
      await expect(
        organisation('Narnia Strict', [{ kind: 'address', country: 'Narnia' }], { strict: true }),
      ).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoints.0.country' }] },
      });
    });

    it('refuses an address with no part at all', async () => {
      await expect(organisation('Empty Address', [{ kind: 'address' }])).rejects.toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [{ path: 'contactPoints.0.city' }] },
      });
    });
  });

  describe('website domains', () => {
    it('identifies an organisation by the registrable domain of its website', async () => {
      const { party } = await organisation('Example Shop', [
        { kind: 'website', value: 'https://shop.example-shop.co.uk/x' },
      ]);
      expect(party.contactPoints[0]!.details).toEqual({
        host: 'shop.example-shop.co.uk',
        domain: 'example-shop.co.uk',
      });
      expect(await identities(party.id)).toEqual([{ kind: 'domain', value: 'example-shop.co.uk' }]);
      await expect(
        organisation('Example Shop Copy', [{ kind: 'website', value: 'www.example-shop.co.uk' }]),
      ).rejects.toMatchObject({
        code: 'DUPLICATE',
        details: { matches: [{ kind: 'domain', value: 'example-shop.co.uk' }] },
      });
    });

    it('creates two organisations whose pages live on one shared host', async () => {
      const mayumi = await organisation("Mayumi's", [
        { kind: 'website', value: 'http://www.microsoft.com/accessdev/sampleapps/mayumi.htm' },
      ]);
      const pavlova = await organisation('Pavlova, Ltd.', [
        { kind: 'website', value: 'http://www.microsoft.com/accessdev/sampleapps/pavlova.htm' },
      ]);
      expect([mayumi.created, pavlova.created]).toEqual([true, true]);
      expect(await identities(mayumi.party.id)).toEqual([]);
    });

    it('uses private suffixes: sites on one platform are different organisations, one site is one', async () => {
      await organisation('Acme Pages', [{ kind: 'website', value: 'https://acme-pages.github.io' }]);
      const other = await organisation('Other Pages', [
        { kind: 'website', value: 'https://other-pages.github.io' },
      ]);
      expect(other.created).toBe(true);
      await expect(
        organisation('Acme Pages Copy', [{ kind: 'website', value: 'acme-pages.github.io/about' }]),
      ).rejects.toMatchObject({ code: 'DUPLICATE' });
    });

    it('treats free-mail brands under any suffix and platform hosts as shared, and company domains as not', () => {
      expect(
        ['yahoo.com.ar', 'hotmail.es', 'gmx.ch', 'mail.ru', 'sites.google.com', 'acme.wixsite.com'].filter(
          (d) => !isSharedDomain(d),
        ),
      ).toEqual([]);
      expect(['kessler-maschinenbau.de', 'example-shop.co.uk'].filter((d) => isSharedDomain(d))).toEqual([]);
    });

    it('gives no key to a site under a shared platform host', async () => {
      const { party } = await organisation('Google Sites Co', [
        { kind: 'website', value: 'https://sites.google.com/view/google-sites-co' },
      ]);
      expect(await identities(party.id)).toEqual([]);
    });

    it('lets an administrator add a shared host, which releases the keys it gave', async () => {
      const first = await organisation('Hosted One', [
        { kind: 'website', value: 'https://pages.hostco.net/one' },
      ]);
      expect(await identities(first.party.id)).toEqual([{ kind: 'domain', value: 'hostco.net' }]);
      const list = await env.crm.services.contactPoints.setSharedDomains(org.as(org.admin), ['HostCo.net']);
      expect(list).toEqual([{ domain: 'hostco.net', shared: true }]);
      expect(await identities(first.party.id)).toEqual([]);
      const second = await organisation('Hosted Two', [
        { kind: 'website', value: 'https://pages.hostco.net/two' },
      ]);
      expect(second.created).toBe(true);
    });

    it('lets an administrator lift a default shared domain for the tenant', async () => {
      await env.crm.services.contactPoints.setSharedDomains(org.as(org.admin), ['wordpress.com'], false);
      const { party } = await organisation('WordPress', [
        { kind: 'website', value: 'https://wordpress.com' },
      ]);
      expect(await identities(party.id)).toEqual([{ kind: 'domain', value: 'wordpress.com' }]);
    });

    it('refuses an agent changing the shared-domain list', async () => {
      await expect(
        env.crm.services.contactPoints.setSharedDomains(org.as(org.alice), ['example.org']),
      ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
      expect(await env.crm.services.contactPoints.sharedDomains(ctx)).not.toContainEqual(
        expect.objectContaining({ domain: 'example.org' }),
      );
    });
  });

  describe('non-identifying contact points', () => {
    it('creates two organisations sharing a switchboard phone marked not identifying', async () => {
      const switchboard = { kind: 'phone', value: '+44 20 7946 0000', identifying: false };
      const a = await organisation('Tenant A in Tower', [switchboard]);
      const b = await organisation('Tenant B in Tower', [switchboard]);
      expect([a.created, b.created]).toEqual([true, true]);
      expect(b.party.contactPoints[0]).toMatchObject({
        value: '+442079460000',
        quality: 'verified',
        identifying: false,
      });
      expect(await identities(a.party.id)).toEqual([]);
    });

    it('adds a reception email as not identifying without blocking the party that holds it as its own', async () => {
      const { party: owner } = await organisation('Reception Owner', [
        { kind: 'email', value: 'reception@tower-house.co.uk' },
      ]);
      const { party: guest } = await organisation('Reception Guest', []);
      const updated = await env.crm.services.contactPoints.add(ctx, guest.id, {
        kind: 'email',
        value: 'reception@tower-house.co.uk',
        identifying: false,
      });
      expect(updated.contactPoints[0]).toMatchObject({ identifying: false });
      expect(
        await env.crm.services.contactPoints.lookup(ctx, {
          kind: 'email',
          value: 'reception@tower-house.co.uk',
        }),
      ).toBe(owner.id);
    });
  });

  describe('imports', () => {
    let ictx: CallContext;
    beforeAll(async () => {
      const tenant = await env.crm.services.tenants.create({ name: 'Importer' });
      ictx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'import' } });
    });

    it('imports every customer of a sample-shaped file, with a warning per odd phone naming its column', async () => {
      const rows = northwindLike.map((c, i) => ({ Id: `C${i + 1}`, Company: c.name, ...c }));
      const result = await env.crm.services.imports.importRows(ictx, rows, {
        source: 'northwind-like',
        mapping: {
          kind: 'organization',
          organizationName: 'Company',
          phone: 'phone',
          address: { city: 'city', country: 'country' },
          externalKey: 'Id',
        },
      });
      expect(result.counts).toMatchObject({ read: 6, created: 6, failed: 0, duplicates: 0 });
      // Argentina's and the UK's numbers are not valid there; Berlin's and Eugene's are.
      expect(result.warnings).toEqual([
        {
          row: 1,
          externalKey: 'C1',
          warnings: [
            expect.objectContaining({
              code: 'unverified_phone',
              path: 'contactPoints.0.value',
              column: 'phone',
            }),
          ],
        },
        {
          row: 2,
          externalKey: 'C2',
          warnings: [expect.objectContaining({ code: 'unverified_phone', column: 'phone' })],
        },
        {
          row: 3,
          externalKey: 'C3',
          warnings: [expect.objectContaining({ code: 'unverified_phone', column: 'phone' })],
        },
        {
          row: 5,
          externalKey: 'C5',
          warnings: [expect.objectContaining({ code: 'unverified_phone', column: 'phone' })],
        },
      ]);
      const countries = await env.database.adminQuery<{ country: string }>(
        `select cp.details->>'country' as country from core_contact_point cp
         join core_party_external_key k on k.tenant_id = cp.tenant_id and k.party_id = cp.party_id
         where k.source = 'northwind-like' and cp.kind = 'address' order by k.key`,
      );
      expect(countries.map((c) => c.country)).toEqual(['AR', 'AR', 'AR', 'DE', 'GB', 'US']);
    });

    it('reads phones in the region a column names by country name', async () => {
      const result = await env.crm.services.imports.importRows(
        ictx,
        [{ Id: 'R1', Company: 'Region Ltd', Phone: '020 7946 0123', Land: 'Vereinigtes Königreich' }],
        {
          source: 'regions',
          mapping: {
            kind: 'organization',
            organizationName: 'Company',
            phone: 'Phone',
            phoneRegion: 'Land',
            externalKey: 'Id',
          },
        },
      );
      expect(result).toMatchObject({ counts: { created: 1 }, warnings: [] });
      expect(resolveCountry('Vereinigtes Königreich')).toBe('GB');
      const partyId = await env.crm.services.contactPoints.lookup(ictx, {
        kind: 'phone',
        value: '+44 20 7946 0123',
      });
      expect(partyId).toBeDefined();
    });

    it('fails the odd rows of a strict import and reports no warnings', async () => {
      const rows = northwindLike.map((c, i) => ({ Id: `S${i + 1}`, Company: `${c.name} (strict)`, ...c }));
      const result = await env.crm.services.imports.importRows(ictx, rows, {
        source: 'northwind-strict',
        strict: true,
        mapping: {
          kind: 'organization',
          organizationName: 'Company',
          phone: 'phone',
          address: { city: 'city', country: 'country' },
          externalKey: 'Id',
        },
      });
      // The two valid rows hold the phones the first import gave to their namesakes: duplicates.
      expect(result.counts).toMatchObject({ created: 0, duplicates: 2, failed: 4 });
      expect(result.warnings).toEqual([]);
      expect(result.errors[0]!.issues).toMatchObject([{ path: 'contactPoints.0.value', column: 'phone' }]);
    });
  });

  describe('migration 0007', () => {
    it('recomputes website keys as registrable domains, drops shared hosts and flags invalid stored phones', async () => {
      const { party: shop } = await organisation('Old Shop', [
        { kind: 'website', value: 'https://old-shop.co.uk' },
      ]);
      const { party: hosted } = await organisation('Old Hosted', [
        { kind: 'website', value: 'https://old-hosted.co.uk' },
      ]);
      const { party: phoned } = await organisation('Old Phone', [
        { kind: 'phone', value: '+1 415 555 2671' },
      ]);
      // What 0002 left: the host as the key, no host in details, and a phone stored as valid.
      await env.database.adminQuery(
        `update core_contact_point set details = '{"domain": "www.shop.old-shop.co.uk"}', value = 'https://www.shop.old-shop.co.uk/x'
         where party_id = $1`,
        [shop.id],
      );
      await env.database.adminQuery(
        `update core_contact_point set details = '{"domain": "www.microsoft.com"}', value = 'http://www.microsoft.com/old-hosted.htm'
         where party_id = $1`,
        [hosted.id],
      );
      await env.database.adminQuery(`update core_contact_point set value = '+1555' where party_id = $1`, [
        phoned.id,
      ]);
      await env.database.adminQuery(
        `update core_party_identity set value = case party_id when $1 then 'www.shop.old-shop.co.uk' else 'www.microsoft.com' end
         where party_id in ($1, $2) and kind = 'domain'`,
        [shop.id, hosted.id],
      );
      await env.database.adminQuery(`update core_party_identity set value = '+1555' where party_id = $1`, [
        phoned.id,
      ]);
      await env.database.adminQuery(`delete from core_migration where name = '0007_contact_point_quality'`);

      expect((await env.crm.migrate()).map((m) => m.name)).toEqual(['0007_contact_point_quality']);

      expect(await identities(shop.id)).toEqual([{ kind: 'domain', value: 'old-shop.co.uk' }]);
      expect(await identities(hosted.id)).toEqual([]);
      expect(await identities(phoned.id)).toEqual([]);
      const [shopSite] = (await env.crm.services.parties.get(ctx, shop.id)).contactPoints;
      expect(shopSite!.details).toEqual({ host: 'www.shop.old-shop.co.uk', domain: 'old-shop.co.uk' });
      const [phone] = (await env.crm.services.parties.get(ctx, phoned.id)).contactPoints;
      expect(phone).toMatchObject({ value: '+1555', quality: 'unverified' });
    });
  });
});
