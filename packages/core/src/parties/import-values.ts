import type { CustomFieldDefinition } from './custom-fields.js';

const TRUE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Converts a text cell to the type of its custom field: numbers, booleans (`yes`/`no`, `1`/`0`…)
 * and comma-separated lists for multi-value enums. Text that does not convert is left as it is, so
 * validation reports it with the field's path.
 */
export function coerceCustomValue(value: unknown, definition: CustomFieldDefinition): unknown {
  if (typeof value !== 'string') return value;
  switch (definition.type) {
    case 'number':
      return NUMBER.test(value) ? Number(value) : value;
    case 'boolean': {
      const lower = value.toLowerCase();
      if (TRUE.has(lower)) return true;
      return FALSE.has(lower) ? false : value;
    }
    case 'multi_enum':
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
    default:
      return value;
  }
}
