import type { TemplateInput } from '@rapport/core/plugin';

/** The default emails a quote is sent with (kind `email`, name `pricing.quote`); tenants may save their own. */
export const QUOTE_EMAIL_TEMPLATES: readonly TemplateInput[] = [
  {
    kind: 'email',
    name: 'pricing.quote',
    locale: 'en',
    parts: {
      subject: 'Our offer {{quote.number}}',
      html: '<p>Dear {{name party "formal"}},</p><p>please find attached our offer {{quote.number}} for {{money quote.gross quote.currency}}, valid until {{date quote.validUntil "long"}}.</p>',
    },
  },
  {
    kind: 'email',
    name: 'pricing.quote',
    locale: 'de',
    parts: {
      subject: 'Unser Angebot {{quote.number}}',
      html: '<p>Guten Tag {{name party "formal"}},</p><p>anbei unser Angebot {{quote.number}} über {{money quote.gross quote.currency}}, gültig bis {{date quote.validUntil "long"}}.</p>',
    },
  },
];
