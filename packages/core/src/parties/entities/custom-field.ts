import { defineEntity, p } from '@mikro-orm/core';

/** The `core_custom_field` table. */
export const CustomFieldEntity = defineEntity({
  name: 'CustomField',
  tableName: 'core_custom_field',
  properties: {
    tenantId: p.uuid().primary(),
    key: p.text().primary(),
    type: p.text(),
    label: p.text(),
    required: p.boolean().defaultRaw('false'),
    allowed: p.json<unknown>().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
