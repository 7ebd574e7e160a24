import type { CallContext } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('contact points and consent', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'GB' } });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  const person = async (name: string, email: string) =>
    (
      await env.crm.services.parties.create(ctx, {
        kind: 'person',
        familyName: name,
        contactPoints: [{ kind: 'email', value: email }],
      })
    ).party;

  it('normalises phones to E.164 with the default region and websites to URLs', async () => {
    const { party } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Web Ltd',
      contactPoints: [
        { kind: 'phone', value: '020 7946 0958' },
        { kind: 'phone', value: '+1 (415) 555-2671', label: 'US office' },
        { kind: 'website', value: 'WWW.Web-Ltd.co.uk/' },
        { kind: 'messenger', network: 'Telegram', handle: '@WebLtd' },
      ],
    });
    // Listed by kind, the primary first within a kind.
    expect(party.contactPoints.map((cp) => cp.value)).toEqual([
      'telegram:webltd',
      '+442079460958',
      '+14155552671',
      'https://www.web-ltd.co.uk',
    ]);
    expect(party.contactPoints.filter((cp) => cp.kind === 'phone').map((cp) => cp.primary)).toEqual([
      true,
      false,
    ]);
  });

  it('refuses a second organisation on the same website domain', async () => {
    await expect(
      env.crm.services.parties.create(ctx, {
        kind: 'organization',
        organizationName: 'Copycat',
        contactPoints: [{ kind: 'website', value: 'https://web-ltd.co.uk/about' }],
      }),
    ).rejects.toMatchObject({
      code: 'DUPLICATE',
      details: { matches: [{ kind: 'domain', value: 'web-ltd.co.uk' }] },
    });
  });

  it('adds a contact point, makes it primary on request and keeps one primary per kind', async () => {
    const party = await person('Primary', 'first@example.com');
    const updated = await env.crm.services.contactPoints.add(ctx, party.id, {
      kind: 'email',
      value: 'Second@Example.com',
      primary: true,
    });
    const emails = updated.contactPoints.filter((cp) => cp.kind === 'email');
    expect(emails.map((cp) => [cp.value, cp.primary])).toEqual([
      ['second@example.com', true],
      ['first@example.com', false],
    ]);
    const back = await env.crm.services.contactPoints.setPrimary(ctx, party.id, emails[1]!.id);
    expect(back.contactPoints.find((cp) => cp.primary && cp.kind === 'email')?.value).toBe(
      'first@example.com',
    );
  });

  it('refuses adding an email another party holds', async () => {
    const a = await person('Holder', 'held@example.com');
    const b = await person('Taker', 'taker@example.com');
    await expect(
      env.crm.services.contactPoints.add(ctx, b.id, { kind: 'email', value: 'held@example.com' }),
    ).rejects.toMatchObject({
      code: 'DUPLICATE',
      details: { matches: [{ partyId: a.id }] },
    });
  });

  it('removes a contact point without losing it, releases it for others and promotes another primary', async () => {
    const party = await person('Mover', 'old@example.com');
    const withTwo = await env.crm.services.contactPoints.add(ctx, party.id, {
      kind: 'email',
      value: 'new@example.com',
    });
    const old = withTwo.contactPoints.find((cp) => cp.value === 'old@example.com')!;
    const after = await env.crm.services.contactPoints.remove(ctx, party.id, old.id);
    expect(after.contactPoints.map((cp) => [cp.value, cp.primary])).toEqual([['new@example.com', true]]);
    const history = await env.crm.services.parties.history(ctx, party.id);
    expect(history[0]).toMatchObject({ operation: 'remove_contact_point' });
    const { created } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      familyName: 'Reuser',
      contactPoints: [{ kind: 'email', value: 'old@example.com' }],
    });
    expect(created).toBe(true);
  });

  it('looks a party up by a normalised email or phone', async () => {
    const party = await person('Lookup', 'lookup@example.com');
    expect(
      await env.crm.services.contactPoints.lookup(ctx, { kind: 'email', value: ' LOOKUP@example.com' }),
    ).toBe(party.id);
    expect(
      await env.crm.services.contactPoints.lookup(ctx, { kind: 'email', value: 'nobody@example.com' }),
    ).toBeUndefined();
  });

  it('marks a contact point invalid with the reason', async () => {
    const party = await person('Bouncy', 'bounce@example.com');
    await env.crm.services.contactPoints.markInvalid(
      ctx,
      party.id ? party.contactPoints[0]!.id : '',
      'hard bounce',
    );
    const reread = await env.crm.services.parties.get(ctx, party.id);
    expect(reread.contactPoints[0]).toMatchObject({ invalidReason: 'hard bounce' });
    expect(reread.contactPoints[0]!.invalidAt).toBeInstanceOf(Date);
  });

  it('keeps the whole consent trail and answers the current state per channel', async () => {
    const party = await person('Consent', 'consent@example.com');
    expect(await env.crm.services.contactPoints.consentStatus(ctx, party.id, 'sms')).toBe('unknown');
    await env.crm.services.contactPoints.setConsent(ctx, party.id, {
      channel: 'sms',
      status: 'opted_in',
      source: 'call',
    });
    await env.crm.services.contactPoints.setConsent(ctx, party.id, {
      channel: 'sms',
      status: 'opted_out',
      source: 'STOP reply',
    });
    expect(await env.crm.services.contactPoints.consentStatus(ctx, party.id, 'sms')).toBe('opted_out');
    const trail = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ status: string }>('select status from core_consent where party_id = $1 order by at, id', [
        party.id,
      ]),
    );
    expect(trail.map((r) => r.status)).toEqual(['opted_in', 'opted_out']);
  });

  it('adds and removes tags with history', async () => {
    const party = await person('Tagged', 'tagged@example.com');
    const tagged = await env.crm.services.parties.addTags(ctx, party.id, ['Gold', 'newsletter']);
    expect(tagged.tags).toEqual(['gold', 'newsletter']);
    const untagged = await env.crm.services.parties.removeTags(ctx, party.id, ['gold']);
    expect(untagged.tags).toEqual(['newsletter']);
    const ops = (await env.crm.services.parties.history(ctx, party.id)).map((h) => h.operation);
    expect(ops.slice(0, 2)).toEqual(['untag', 'tag']);
  });

  it('gives contact person roles tied to an organisation and refuses a person as the organisation', async () => {
    const { party: org } = await env.crm.services.parties.create(ctx, {
      kind: 'organization',
      organizationName: 'Employer Ltd',
    });
    const contact = await person('Contact', 'contact@example.com');
    const withRole = await env.crm.services.lifecycle.addRole(ctx, contact.id, 'contact_person', {
      organizationId: org.id,
    });
    expect(withRole.roles).toMatchObject([{ role: 'contact_person', organizationId: org.id }]);
    await expect(
      env.crm.services.lifecycle.addRole(ctx, org.id, 'contact_person', { organizationId: contact.id }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    await expect(env.crm.services.lifecycle.addRole(ctx, contact.id, 'contact_person')).rejects.toMatchObject(
      { code: 'INVALID_DATA' },
    );
  });

  it('warns about a similar name in the same city on create', async () => {
    await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Jonathan',
      familyName: 'Smithers',
      contactPoints: [{ kind: 'address', city: 'Leeds', country: 'GB' }],
    });
    const { warnings } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Jonathon',
      familyName: 'Smithers',
      contactPoints: [{ kind: 'address', city: 'Leeds', country: 'GB' }],
    });
    expect(warnings).toMatchObject([{ displayName: 'Jonathan Smithers', reason: 'same_city' }]);
    const { warnings: elsewhere } = await env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName: 'Jonathen',
      familyName: 'Smithers',
      contactPoints: [{ kind: 'address', city: 'York', country: 'GB' }],
    });
    expect(elsewhere).toEqual([]);
  });

  it('runs beforePartyCreate taps that transform or veto, and partyCreated taps in the transaction', async () => {
    env.crm.hooks.beforePartyCreate.tapPromise('test', async (input) => {
      if (input.familyName === 'Vetoed') throw new Error('vetoed by rule');
      return { ...input, tags: [...(input.tags ?? []), 'hooked'] };
    });
    const { party } = await env.crm.services.parties.create(ctx, { kind: 'person', familyName: 'Hooked' });
    expect(party.tags).toContain('hooked');
    await expect(
      env.crm.services.parties.create(ctx, {
        kind: 'person',
        familyName: 'Vetoed',
        contactPoints: [{ kind: 'email', value: 'vetoed@example.com' }],
      }),
    ).rejects.toThrow('vetoed');
    expect(
      await env.crm.services.contactPoints.lookup(ctx, { kind: 'email', value: 'vetoed@example.com' }),
    ).toBeUndefined();
  });
});
