import { type CallContext, definePlugin, RapportError } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A template kind for the engine's tests, declared as any plugin declares its kinds. */
const notesPlugin = definePlugin({
  name: 'test-notes',
  version: '1.0.0',
  dependencies: { '@rapport/core': '^0.1.0' },
  templateKinds: [
    {
      name: 'note',
      parts: { subject: { required: true }, html: { html: true }, text: {} },
      defaultLocale: 'en',
    },
  ],
});

describe('templates', () => {
  let env: TestCrm<[typeof notesPlugin]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [notesPlugin] as const });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    const templates = env.crm.services.templates;
    templates.register({
      kind: 'note',
      name: 'greeting',
      locale: 'en',
      parts: { subject: 'Hello {{who}}' },
    });
    templates.register({
      kind: 'note',
      name: 'greeting',
      locale: 'de',
      parts: { subject: 'Hallo {{who}}' },
    });
    templates.register({
      kind: 'note',
      name: 'greeting',
      locale: 'de-CH',
      parts: { subject: 'Grüezi {{who}}' },
    });
  });
  afterAll(() => env?.close());

  const render = (name: string, data: Record<string, unknown>, locale?: string) =>
    env.crm.services.templates.render(ctx, { kind: 'note', name, data, ...(locale ? { locale } : {}) });

  it('refuses a syntax error at registration with INVALID_DATA naming the template and the part', () => {
    const error = (() => {
      try {
        env.crm.services.templates.register({
          kind: 'note',
          name: 'broken',
          parts: { subject: 'ok', html: '<p>{{#if vip}}VIP</p>' },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).message).toBe('Invalid template note/broken (en): parts.html');
    expect((error as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'parts.html', code: 'template_syntax' }),
    ]);
  });

  it('refuses parts the kind does not have, a missing required part, and an unknown kind', () => {
    expect(() =>
      env.crm.services.templates.register({ kind: 'note', name: 'odd', parts: { body: 'x' } }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATA',
        details: {
          issues: [
            expect.objectContaining({ path: 'parts.subject' }),
            expect.objectContaining({ path: 'parts.body' }),
          ],
        },
      }),
    );
    expect(() =>
      env.crm.services.templates.register({ kind: 'fax', name: 'x', parts: { subject: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() =>
      env.crm.services.templates.register({
        kind: 'note',
        name: 'greeting',
        locale: 'en',
        parts: { subject: 'again' },
      }),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE' }));
  });

  it('makes a missing variable an INVALID_DATA error naming its full path, not an empty string', async () => {
    env.crm.services.templates.register({
      kind: 'note',
      name: 'order',
      parts: { subject: 'Order {{order.number}}', text: 'Total: {{order.total}}' },
    });
    const error = await render('order', { order: { number: 7 } }).catch((e: unknown) => e);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as RapportError).details.issues).toEqual([
      expect.objectContaining({ path: 'data.order.total', code: 'missing_variable' }),
    ]);
    expect((await render('order', { order: { number: 7, total: null } })).parts).toEqual({
      subject: 'Order 7',
      text: 'Total: ',
    });
  });

  it('escapes HTML in HTML parts only', async () => {
    env.crm.services.templates.register({
      kind: 'note',
      name: 'escape',
      parts: { subject: 'Re: {{title}}', html: '<h1>{{title}}</h1>{{{trusted}}}', text: '{{title}}' },
    });
    const { parts } = await render('escape', { title: 'Tom & <Jerry>', trusted: '<hr>' });
    expect(parts).toEqual({
      subject: 'Re: Tom & <Jerry>',
      html: '<h1>Tom &amp; &lt;Jerry&gt;</h1><hr>',
      text: 'Tom & <Jerry>',
    });
  });

  it('falls back from the region to the language to the default locale, and refuses a malformed locale', async () => {
    expect((await render('greeting', { who: 'A' }, 'de-CH')).parts.subject).toBe('Grüezi A');
    expect((await render('greeting', { who: 'B' }, 'de-AT')).parts.subject).toBe('Hallo B');
    const french = await render('greeting', { who: 'C' }, 'fr-FR');
    expect(french).toMatchObject({ locale: 'en', parts: { subject: 'Hello C' } });
    await expect(render('greeting', { who: 'D' }, 'not a locale!')).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'locale' })] },
    });
    await expect(render('nothing', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('formats dates, exact money and names in the template locale', async () => {
    const templates = env.crm.services.templates;
    for (const locale of ['en', 'de', 'ja'])
      templates.register({
        kind: 'note',
        name: 'helpers',
        locale,
        parts: {
          subject:
            '{{date when "long"}} | {{money amount "EUR"}} | {{name party}} | {{name party "informal"}} | {{name party "formal" title="Dr."}}',
        },
      });
    const party = {
      id: '0190a000-0000-7000-8000-000000000001',
      kind: 'person' as const,
      displayName: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      organizationName: null,
      locale: null,
    };
    // .905 as a float is 12345678.90499…: only exact decimal formatting rounds it up to .91.
    const data = { when: '2026-03-05T10:00:00Z', amount: '12345678.905' };
    const en = await env.crm.services.templates.render(ctx, {
      kind: 'note',
      name: 'helpers',
      data,
      party,
    });
    expect(en.parts.subject).toBe('March 5, 2026 | €12,345,678.91 | Ada Lovelace | Ada | Dr. Lovelace');
    const de = await env.crm.services.templates.render(ctx, {
      kind: 'note',
      name: 'helpers',
      data,
      party,
      locale: 'de',
    });
    expect(de.parts.subject).toBe('5. März 2026 | 12.345.678,91\u00a0€ | Ada Lovelace | Ada | Dr. Lovelace');
    const ja = await env.crm.services.templates.render(ctx, {
      kind: 'note',
      name: 'helpers',
      data,
      party,
      locale: 'ja',
    });
    expect(ja.parts.subject?.split(' | ')[2]).toBe('Lovelace Ada');
    await expect(
      env.crm.services.templates.render(ctx, {
        kind: 'note',
        name: 'helpers',
        data: { ...data, when: 'soon' },
        party,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });

  it('lets plugins add helpers, and refuses a name taken', async () => {
    env.crm.services.templates.registerHelper('shout', (value: string) => `${String(value).toUpperCase()}!`);
    env.crm.services.templates.register({
      kind: 'note',
      name: 'shout',
      parts: { subject: '{{shout word}}' },
    });
    expect((await render('shout', { word: 'sale' })).parts.subject).toBe('SALE!');
    expect(() => env.crm.services.templates.registerHelper('money', () => '')).toThrow(
      expect.objectContaining({ code: 'DUPLICATE' }),
    );
  });

  it("keeps a tenant's own versions: the newest wins over the code template, removal restores it, history stays", async () => {
    const templates = env.crm.services.templates;
    const v1 = await templates.save(ctx, {
      kind: 'note',
      name: 'greeting',
      locale: 'de',
      parts: { subject: 'Moin {{who}}' },
    });
    const v2 = await templates.save(ctx, {
      kind: 'note',
      name: 'greeting',
      locale: 'de',
      parts: { subject: 'Servus {{who}}' },
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(await render('greeting', { who: 'E' }, 'de-AT')).toMatchObject({
      source: 'tenant',
      version: 2,
      parts: { subject: 'Servus E' },
    });
    await expect(
      templates.save(ctx, {
        kind: 'note',
        name: 'greeting',
        locale: 'de',
        parts: { subject: '{{#each}}' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
    await templates.remove(ctx, { kind: 'note', name: 'greeting', locale: 'de' });
    expect((await render('greeting', { who: 'F' }, 'de')).parts.subject).toBe('Hallo F');
    const history = await templates.history(ctx, { kind: 'note', name: 'greeting', locale: 'de' });
    expect(history.map((h) => [h.version, h.parts?.subject ?? null])).toEqual([
      [3, null],
      [2, 'Servus {{who}}'],
      [1, 'Moin {{who}}'],
    ]);
    const other = await env.crm.services.tenants.create({ name: 'Other' });
    const otherCtx = env.crm.context({ tenantId: other.id, actor: { kind: 'system', name: 'test' } });
    await templates.save(otherCtx, {
      kind: 'note',
      name: 'greeting',
      locale: 'en',
      parts: { subject: 'Yo {{who}}' },
    });
    expect((await render('greeting', { who: 'G' })).parts.subject).toBe('Hello G');
  });

  it('lets only administrators save templates', async () => {
    const dept = await env.crm.services.departments.create(ctx, { name: 'Sales' });
    const agent = await env.crm.services.employees.create(ctx, {
      name: 'Al',
      departmentId: dept.id,
      role: 'agent',
    });
    const asAgent = env.crm.context({ tenantId: ctx.tenantId, actor: { kind: 'employee', id: agent.id } });
    await expect(
      env.crm.services.templates.save(asAgent, { kind: 'note', name: 'x', parts: { subject: 'x' } }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('refuses a template kind declared twice or without a required part', () => {
    const kinds = env.crm.services.templateKinds;
    expect(() =>
      kinds.register('other-plugin', {
        name: 'note',
        parts: { subject: { required: true } },
        defaultLocale: 'en',
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'PLUGIN_MISCONFIGURED',
        details: expect.objectContaining({ plugins: ['test-notes', 'other-plugin'] }),
      }),
    );
    expect(() =>
      kinds.register('other-plugin', { name: 'memo', parts: { subject: {} }, defaultLocale: 'en' }),
    ).toThrow(expect.objectContaining({ code: 'PLUGIN_MISCONFIGURED' }));
    expect(kinds.list().map((k) => [k.owner, k.kind.name])).toEqual([['test-notes', 'note']]);
  });
});
