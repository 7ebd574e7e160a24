import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocumentsEnv, type DocumentsFixture, documentsTestCrm, seedDocuments } from './fixture.js';
import { pdfText } from './pdf-text.js';

const html = `<h1>Invoice copy {{document.number}}</h1><p>Dear {{name party}},</p>
<p>Total: {{money total "EUR"}} — due {{date dueOn "long"}}</p><p>Your reference: {{order.reference}}</p>`;
const pdf = `# Invoice copy {{document.number}}
>> {{date dueOn "long"}}

Dear {{name party}},

| Item | >Amount |
|---|---|
{{#each lines}}| {{item}} | >{{money amount "EUR"}} |
{{/each}}
| **Total** | >**{{money total "EUR"}}** |

---
Payable by {{date dueOn "long"}}.`;

describe('documents rendered from templates', () => {
  let env: DocumentsEnv;
  let f: DocumentsFixture;
  const documents = () => env.crm.services.documents;
  const data = {
    total: '1234.50',
    order: { reference: 'PO-77' },
    dueOn: '2026-03-31',
    lines: [
      { item: 'Consulting', amount: '1000.00' },
      { item: 'Travel', amount: '234.50' },
    ],
  };

  beforeAll(async () => {
    env = await documentsTestCrm();
    f = await seedDocuments(env);
    await documents().defineType(f.system, {
      key: 'invoice',
      name: 'Invoice copy',
      numberFormat: 'IC-{yyyy}-{seq:4}',
    });
    const templates = env.crm.services.templates;
    templates.register({ kind: 'document', name: 'invoice', locale: 'en-GB', parts: { html, pdf } });
    templates.register({
      kind: 'document',
      name: 'invoice',
      locale: 'de',
      parts: { html, pdf: pdf.replace('Dear', 'Sehr geehrte') },
    });
    templates.register({
      kind: 'document',
      name: 'plain',
      locale: 'en',
      parts: { html: '<p>Only {{what}} in HTML</p>' },
    });
  });
  afterAll(() => env?.close());

  it('renders HTML and a PDF whose text has the money and dates of the locale (de-DE)', async () => {
    const party = {
      id: f.globex,
      kind: 'organization' as const,
      displayName: 'Globex GmbH',
      givenName: null,
      familyName: null,
      organizationName: 'Globex GmbH',
      locale: 'de',
    };
    const out = await documents().render(f.system, {
      template: 'invoice',
      locale: 'de-DE',
      data: { ...data, document: { number: 'IC-PREVIEW' } },
      party,
    });
    expect(out.locale).toBe('de');
    expect(out.html).toContain('Globex GmbH');
    const text = await pdfText(out.pdf);
    expect(text).toContain('Invoice copy IC-PREVIEW');
    expect(text).toContain('Sehr geehrte Globex GmbH');
    expect(text).toContain('1.234,50 €');
    expect(text).toContain('1.000,00 €');
    expect(text).toContain('31. März 2026');
  });

  it('files a document whose first version is the PDF, numbered inside the template (en-GB)', async () => {
    const doc = await documents().createFromTemplate(f.as(f.alice), {
      type: 'invoice',
      title: 'Invoice copy March',
      direction: 'outgoing',
      parties: [{ partyId: f.globex }],
      issuedOn: '2026-03-01',
      template: 'invoice',
      locale: 'en-GB',
      data,
    });
    expect(doc.number).toBe('IC-2026-0001');
    expect(doc.currentVersion).toMatchObject({
      number: 1,
      contentType: 'application/pdf',
      filename: 'IC-2026-0001.pdf',
    });
    const content = await documents().content(f.as(f.alice), doc.currentVersion!.id);
    expect(Buffer.from(content.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(content.bytes);
    expect(text).toContain('Invoice copy IC-2026-0001');
    expect(text).toContain('Dear Globex GmbH');
    expect(text).toContain('€1,234.50');
    expect(text).toContain('€234.50');
    expect(text).toContain('31 March 2026');
  });

  it('fills the party of a preview from its id, and refuses a party the actor may not see', async () => {
    const out = await documents().render(f.as(f.alice), {
      template: 'invoice',
      locale: 'en-GB',
      partyId: f.globex,
      data: { ...data, document: { number: 'X-1' } },
    });
    expect(out.html).toContain('Dear Globex GmbH');
    await expect(
      documents().render(f.as(f.alice), {
        template: 'invoice',
        partyId: f.hooli,
        data: { ...data, document: { number: 'X-2' } },
      }),
    ).rejects.toMatchObject({ code: 'NOT_ALLOWED' });
  });

  it('lays out the PDF from the HTML text when the template has no pdf part', async () => {
    const out = await documents().render(f.system, { template: 'plain', data: { what: 'words' } });
    expect(await pdfText(out.pdf)).toContain('Only words in HTML');
  });

  it('refuses a variable the data lacks naming it, and files nothing (the number is given back)', async () => {
    const input = {
      type: 'invoice',
      title: 'Broken',
      direction: 'outgoing' as const,
      parties: [{ partyId: f.globex }],
      issuedOn: '2026-03-02',
      template: 'invoice',
      locale: 'en-GB',
      data: { dueOn: '2026-03-31', total: '1.00', lines: [], order: {} },
    };
    await expect(documents().createFromTemplate(f.system, input)).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: [expect.objectContaining({ path: 'data.order.reference', code: 'missing_variable' })],
      },
    });
    // A helper's missing argument is refused too (core names the part and the helper, not the variable).
    await expect(
      documents().createFromTemplate(f.system, {
        ...input,
        data: { ...input.data, total: undefined, order: { reference: 'x' } },
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'parts.html' })] },
    });
    const next = await documents().createFromTemplate(f.system, {
      ...input,
      data: { ...input.data, order: { reference: 'x' } },
    });
    expect(next.number).toBe('IC-2026-0002');
  });
});
