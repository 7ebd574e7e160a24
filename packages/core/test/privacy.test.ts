import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('privacy: export and erasure', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    org = await seedOrganisation(env.crm);
  });
  afterAll(() => env?.close());

  const subject = async () => {
    const { party } = await env.crm.services.parties.create(org.as(org.alice), {
      kind: 'person',
      givenName: 'Erika',
      familyName: 'Mustermann',
      taxNumber: 'DE999',
      tags: ['vip'],
      contactPoints: [
        { kind: 'email', value: 'erika@example.de' },
        { kind: 'phone', value: '+49 30 9876543' },
      ],
      consents: [{ channel: 'email', status: 'opted_in', source: 'shop checkout' }],
      dates: [{ kind: 'birthday', month: 8, day: 12, year: 1964 }],
    });
    await env.crm.services.parties.update(org.as(org.alice), party.id, { legalName: 'Erika M.' });
    return party;
  };

  it('exports everything held about a person as JSON', async () => {
    const party = await subject();
    const data = await env.crm.services.privacy.export(org.as(org.alice), party.id);
    const json = JSON.parse(JSON.stringify(data));
    expect(json.sections.party.displayName).toBe('Erika Mustermann');
    expect(json.sections.contactPoints.map((c: { value: string }) => c.value)).toEqual([
      'erika@example.de',
      '+49309876543',
    ]);
    // How each one was judged is part of what is held about her.
    expect(json.sections.contactPoints).toMatchObject([
      { quality: 'verified', identifying: true },
      { quality: 'verified', identifying: true },
    ]);
    expect(json.sections.consents).toMatchObject([
      { channel: 'email', status: 'opted_in', source: 'shop checkout' },
    ]);
    expect(json.sections.history.map((h: { operation: string }) => h.operation)).toEqual([
      'create',
      'update',
    ]);
  });

  it('refuses an export of a party the actor may not see', async () => {
    const { party: other } = await env.crm.services.parties.create(org.as(org.carol), {
      kind: 'person',
      familyName: 'Hidden',
    });
    await expect(env.crm.services.privacy.export(org.as(org.alice), other.id)).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
  });

  it('erases a person everywhere, keeps the row for aggregates and records the erasure without the data', async () => {
    const { party } = await env.crm.services.parties.create(org.as(org.bob), {
      kind: 'person',
      givenName: 'Max',
      familyName: 'Privat',
      contactPoints: [{ kind: 'email', value: 'max@privat.de' }],
      dates: [{ kind: 'birthday', month: 1, day: 1 }],
    });
    await expect(
      env.crm.services.privacy.erase(org.as(org.bob), party.id, 'GDPR request'),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
    const { erasureId } = await env.crm.services.privacy.erase(
      org.as(org.admin),
      party.id,
      'GDPR art. 17 request #42',
    );
    const dump = await env.crm.transaction(org.system, async (tx) => {
      const tables = [
        'core_party',
        'core_contact_point',
        'core_consent',
        'core_party_history',
        'core_party_identity',
        'core_party_date',
        'core_erasure',
      ];
      const out: Record<string, unknown[]> = {};
      for (const t of tables) {
        const column = t === 'core_party' ? 'id' : 'party_id';
        out[t] = await tx.sql(`select * from ${t} where ${column} = $1`, [party.id]);
      }
      return out;
    });
    const text = JSON.stringify(dump);
    for (const secret of ['Max', 'Privat', 'max@privat.de']) expect(text).not.toContain(secret);
    expect(dump.core_party).toHaveLength(1);
    expect(dump.core_contact_point).toHaveLength(1);
    expect(dump.core_party_identity).toHaveLength(0);
    expect(dump.core_party_date).toHaveLength(0);
    expect(dump.core_erasure).toMatchObject([{ id: erasureId, reason: 'GDPR art. 17 request #42' }]);
    const { created } = await env.crm.services.parties.create(org.as(org.bob), {
      kind: 'person',
      familyName: 'New Max',
      contactPoints: [{ kind: 'email', value: 'max@privat.de' }],
    });
    expect(created).toBe(true);
    await expect(env.crm.services.privacy.erase(org.as(org.admin), party.id, 'again')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});
