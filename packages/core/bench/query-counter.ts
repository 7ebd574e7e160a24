import { createRequire } from 'node:module';

type Query = (...args: unknown[]) => unknown;

/**
 * Counts the statements the CRM sends to PostgreSQL (round trips) by wrapping `Client#query` of the
 * `pg` module MikroORM loads (which may be another copy than the one this package imports).
 */
export function countQueries(): { readonly count: number; reset(): void; stop(): void } {
  const require = createRequire(import.meta.resolve('@mikro-orm/postgresql'));
  const client = (require('pg') as { Client: { prototype: { query: Query } } }).Client.prototype;
  const original = client.query;
  let count = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  return {
    get count() {
      return count;
    },
    reset() {
      count = 0;
    },
    stop() {
      client.query = original;
    },
  };
}
