import { type DemoStep, partyOf, requireCompany, requireCrm } from '../demo.js';
import { refused } from '../print.js';

const LETTER_HTML = `<h1>{{document.title}}</h1>
<p>{{document.number}} · {{date document.issuedOn "long"}}</p>
<p>Dear {{name party}},</p>
<p>thank you for your order. Your service visit costs {{money price "EUR"}} and takes place on {{date visitOn "full"}}.</p>
<p>Kind regards,<br>{{signedBy}}</p>`;

const LETTER_PDF = `# {{document.title}}
>> {{document.number}} · {{date document.issuedOn "long"}}

{{name party}}

Dear {{name party}},

thank you for your order. Your service visit:

| Item | >Price |
|---|---|
| {{visit}} | >{{money price "EUR"}} |

It takes place on **{{date visitOn "full"}}**.

Kind regards,
{{signedBy}}`;

/**
 * Documents (`@rapport/documents`): a manager defines the tenant's letter type and its number
 * format; a letter is rendered from a template (HTML and PDF) for a customer and filed with its
 * number; a corrected version 2 is added (version 1 is kept); it is sent; each event is on the
 * customer's timeline. Content beyond the size limit is refused naming the field.
 */
export const documentsStep: DemoStep = {
  title: 'Documents: a numbered letter from a template, its versions, the timeline',
  async run(demo) {
    const crm = requireCrm(demo);
    const company = requireCompany(demo);
    const { manager, alice } = company.staff;
    const { documents, templates } = crm.services;
    const kessler = partyOf(company, 'kessler');

    const type = await documents.defineType(company.as(manager), {
      key: 'letter',
      name: 'Letter',
      numberFormat: 'L-{yyyy}-{seq:4}',
    });
    demo.say(
      `document type "${type.name}": numbers like ${type.numberFormat}, restarting every ${type.period}`,
    );
    templates.register({
      kind: 'document',
      name: 'letter',
      locale: 'en',
      parts: { html: LETTER_HTML, pdf: LETTER_PDF },
    });

    const data = {
      visit: 'Spindle inspection',
      price: '1234.50',
      visitOn: '2026-04-14',
      signedBy: alice.name,
    };
    const letter = await documents.createFromTemplate(company.as(alice), {
      type: 'letter',
      title: 'Service visit confirmation',
      direction: 'outgoing',
      parties: [{ partyId: kessler.id }],
      template: 'letter',
      locale: 'en-GB',
      data,
    });
    const v1 = letter.currentVersion!;
    demo.say(
      `filed ${letter.number} "${letter.title}" for ${kessler.displayName}: ${v1.filename}, ${v1.size} bytes, sha256 ${v1.sha256.slice(0, 12)}…`,
    );

    const corrected = await documents.render(company.as(alice), {
      template: 'letter',
      locale: 'en-GB',
      data: {
        ...data,
        price: '1134.50',
        document: { number: letter.number, title: letter.title, issuedOn: letter.issuedOn },
      },
      party: kessler,
    });
    const v2 = await documents.addVersion(company.as(alice), letter.id, {
      content: { filename: `${letter.number}.pdf`, contentType: 'application/pdf', bytes: corrected.pdf },
      reason: 'discount of 100 € agreed on the phone',
    });
    await documents.setStatus(company.as(alice), letter.id, { status: 'sent', reason: 'by post' });
    const versions = await documents.versions(company.as(alice), letter.id);
    demo.say(
      `versions: ${versions.map((v) => `v${v.number}${v.current ? ' (current)' : ''}${v.reason ? ` "${v.reason}"` : ''}`).join(', ')}; v2 is ${v2.size} bytes`,
    );

    const timeline = await crm.services.timeline.timeline(company.as(alice), kessler.id, {
      types: ['document'],
    });
    demo.say(
      `on ${kessler.displayName}'s timeline: ${timeline.items.map((e) => `${e.data.number} ${e.data.event}${e.data.event === 'status' ? ` → ${e.data.status}` : ''}`).join(' · ')}`,
    );
    const listed = await documents.list(company.as(alice), { partyId: kessler.id });
    demo.say(`${listed.items.length} document(s) listed for ${kessler.displayName}`);

    const tooBig = await refused('INVALID_DATA', () =>
      documents.addVersion(company.as(alice), letter.id, {
        content: {
          filename: 'huge.pdf',
          contentType: 'application/pdf',
          bytes: new Uint8Array(21 * 1024 * 1024),
        },
        reason: 'too big',
      }),
    );
    demo.say(`a 21 MB file is refused: ${tooBig.message}`);
  },
};
