import type { Actor } from '@rapport/core/plugin';
import { defineEntity, p } from '@rapport/core/plugin';
import type { QuoteStatus } from '../lifecycle.js';
import { QuoteEntity } from './quote.js';

/** The `pricing_quote_version` table: one revision of a quote, read-only once sent. */
export const QuoteVersionEntity = defineEntity({
  name: 'QuoteVersion',
  tableName: 'pricing_quote_version',
  properties: {
    tenantId: p.uuid().primary(),
    quoteId: p.uuid().fieldName('quote_id').persist(false).primary(),
    version: p.integer().primary(),
    status: p.text().$type<QuoteStatus>().defaultRaw("'draft'"),
    validUntil: p.date(),
    terms: p.text().nullable(),
    net: p.decimal().precision(20).scale(4).defaultRaw('0'),
    tax: p.decimal().precision(20).scale(4).defaultRaw('0'),
    gross: p.decimal().precision(20).scale(4).defaultRaw('0'),
    documentId: p.uuid().nullable(),
    documentVersion: p.integer().nullable(),
    messageId: p.uuid().nullable(),
    sentAt: p.datetime().nullable(),
    respondedAt: p.datetime().nullable(),
    responseReason: p.text().nullable(),
    createdBy: p.json<Actor>(),
    createdAt: p.datetime().defaultRaw('now()'),
    quote: () =>
      p
        .manyToOne(QuoteEntity)
        .joinColumns('tenant_id', 'quote_id')
        .updateRule('no action')
        .deleteRule('no action'),
  },
  checks: [
    { name: 'pricing_quote_version_check', expression: "((status = 'draft'::text) = (sent_at IS NULL))" },
    {
      name: 'pricing_quote_version_check1',
      expression: "((status = ANY (ARRAY['accepted'::text, 'declined'::text])) = (responded_at IS NOT NULL))",
    },
    {
      name: 'pricing_quote_version_status_check',
      expression:
        "(status = ANY (ARRAY['draft'::text, 'sent'::text, 'accepted'::text, 'declined'::text, 'expired'::text, 'superseded'::text]))",
    },
  ],
  indexes: [
    {
      name: 'pricing_quote_version_sent_idx',
      expression:
        "CREATE INDEX pricing_quote_version_sent_idx ON pricing_quote_version USING btree (tenant_id, valid_until) WHERE (status = 'sent'::text)",
    },
  ],
});
