import { injectable } from 'tsyringe';
import { z } from 'zod';
import { InvalidDataError, RapportError } from '../kernel/errors.js';
import { type ActivityType, CORE_ACTIVITY_TYPES } from './activity-types.js';

/** The activity types of a CRM: core's, and those plugins register in `setup`. */
@injectable()
export class ActivityTypeRegistry {
  private readonly types = new Map<string, ActivityType>(
    CORE_ACTIVITY_TYPES.map((t) => [t.key, { ...t, owner: '@rapport/core' } as ActivityType]),
  );

  /** Registers a type (made with `defineActivityType`); a key registered twice is refused. */
  register(owner: string, type: Omit<ActivityType, 'owner'>): void {
    if (!/^[a-z][a-z0-9_.-]{1,60}$/.test(type.key)) {
      throw new InvalidDataError('activity type', [
        { path: 'key', message: 'must be a lower-case key', code: 'invalid_format' },
      ]);
    }
    const existing = this.types.get(type.key);
    if (existing) {
      throw new RapportError(
        'DUPLICATE',
        `Activity type "${type.key}" is already registered by ${existing.owner}`,
        {
          details: { key: type.key, owner: existing.owner },
        },
      );
    }
    this.types.set(type.key, { ...type, schema: strictTopLevel(type.schema), owner });
  }

  /** The type with this key, or undefined. */
  get(key: string): ActivityType | undefined {
    return this.types.get(key);
  }

  /** Every registered type. */
  list(): ActivityType[] {
    return [...this.types.values()];
  }
}

/**
 * A plain `z.object` strips unknown keys, which would lose data without a word: such a schema is made
 * strict, so an unknown key is an error naming its path. A type that wants to keep unknown keys says so
 * with `z.looseObject` (or a `catchall`), which is left as it is.
 */
function strictTopLevel(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodObject && schema._zod.def.catchall === undefined ? schema.strict() : schema;
}
