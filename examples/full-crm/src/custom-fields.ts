import type { CustomFieldDefinitionInput } from '@rapport/core';

// Declaring the tenant's custom field for TypeScript too: `f.custom('score')` then offers only the
// operators of a number and takes numbers. The definition below is what the database checks.
declare module '@rapport/core/plugin' {
  interface PartyCustomFields {
    score?: number;
  }
}

/** The custom field the demo's tenant defines at run time: a 0–100 customer score. */
export const scoreField: CustomFieldDefinitionInput = {
  key: 'score',
  type: 'number',
  label: 'Customer score (0–100)',
};
