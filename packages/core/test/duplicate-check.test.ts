import type { CallContext } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('the duplicate check on create', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ parties: { defaultRegion: 'DE' } });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  const inBerlin = (givenName: string, familyName: string) =>
    env.crm.services.parties.create(ctx, {
      kind: 'person',
      givenName,
      familyName,
      contactPoints: [{ kind: 'address', city: 'Berlin', country: 'DE' }],
    });

  const keysOf = async (id: string) => {
    const [row] = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ first: string | null; last: string | null }>(
        'select name_key_first as first, name_key_last as last from core_party where tenant_id = $1 and id = $2',
        [tx.tenantId, id],
      ),
    );
    return row;
  };

  it('finds a similar name whose first word is spelled differently but sounds alike', async () => {
    await inBerlin('Katharina', 'Schneider');
    const { warnings } = await inBerlin('Catharina', 'Schneider');
    expect(warnings).toMatchObject([{ displayName: 'Katharina Schneider', reason: 'same_city' }]);
  });

  it('finds a similar name whose last word is spelled differently but sounds alike', async () => {
    await inBerlin('Thomas', 'Müller');
    const { warnings } = await inBerlin('Thomas', 'Mueller');
    expect(warnings).toMatchObject([{ displayName: 'Thomas Müller', reason: 'same_city' }]);
  });

  it('does not warn about a name that shares only a sound but is not similar', async () => {
    await inBerlin('Alexander', 'Wojciechowski');
    const { warnings } = await inBerlin('Alexander', 'Berg');
    expect(warnings).toEqual([]);
  });

  it('keeps the phonetic keys current when a name changes and on import', async () => {
    const { party } = await inBerlin('Johann', 'Fischer');
    expect(await keysOf(party.id)).toEqual({ first: 'JHN', last: 'FXR' });
    await env.crm.services.parties.update(ctx, party.id, { familyName: 'Schmidt' });
    expect(await keysOf(party.id)).toEqual({ first: 'JHN', last: 'XMT' });
    const imported = await env.crm.services.imports.importRows(
      ctx,
      [{ kind: 'person', familyName: 'Weber' }],
      {
        source: 'test',
      },
    );
    expect(imported.counts).toMatchObject({ created: 1 });
    const [row] = await env.crm.transaction(ctx, (tx) =>
      tx.sql<{ last: string }>(
        `select name_key_last as last from core_party where tenant_id = $1 and display_name = 'Weber'`,
        [tx.tenantId],
      ),
    );
    expect(row).toEqual({ last: 'APR' });
  });
});
