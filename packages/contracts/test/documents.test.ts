import { RapportError } from '@rapport/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { supportContract, useContractsSuite } from './fixture.js';

describe('contract documents', () => {
  const t = useContractsSuite();

  beforeAll(async () => {
    t.env.crm.services.templates.register({
      kind: 'document',
      name: 'contract',
      locale: 'en',
      parts: {
        html: '<h1>{{contract.number}}</h1><p>{{contract.subject}}: {{money contract.value.amount contract.value.currency}} per {{contract.value.period}}</p>',
      },
    });
  });

  it('renders the contract’s PDF from a template, filed under the contract’s number and linked to it', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await t.env.crm.services.contracts.create(
      ctx,
      supportContract(t.f.customers.globex, t.f.alice.id),
    );
    const { contract, document } = await t.env.crm.services.contracts.generateDocument(ctx, c.id, {
      template: 'contract',
      locale: 'en-GB',
    });
    expect(document).toMatchObject({
      type: 'contract',
      number: c.number,
      subject: { kind: 'contract', id: c.id },
    });
    expect(document.currentVersion?.contentType).toBe('application/pdf');
    expect(contract.documentIds).toEqual([document.id]);
    const listed = await t.env.crm.services.documents.list(ctx, { subject: { kind: 'contract', id: c.id } });
    expect(listed.items.map((d) => d.id)).toEqual([document.id]);
  });

  it('refuses a template that does not exist, linking nothing', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await t.env.crm.services.contracts.create(
      ctx,
      supportContract(t.f.customers.globex, t.f.alice.id),
    );
    await expect(
      t.env.crm.services.contracts.generateDocument(ctx, c.id, { template: 'nope' }),
    ).rejects.toBeInstanceOf(RapportError);
    expect((await t.env.crm.services.contracts.get(ctx, c.id)).documentIds).toEqual([]);
  });

  it('refuses to link a document that is not in the register, naming the field', async () => {
    const ctx = t.f.as(t.f.alice);
    const c = await t.env.crm.services.contracts.create(
      ctx,
      supportContract(t.f.customers.globex, t.f.alice.id),
    );
    const missing = '00000000-0000-7000-8000-000000000001';
    const error = await t.env.crm.services.contracts
      .attachDocuments(ctx, c.id, { documentIds: [missing] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'documentIds.0' }] } });
    expect((await t.env.crm.services.contracts.get(ctx, c.id)).version).toBe(c.version);
  });
});
