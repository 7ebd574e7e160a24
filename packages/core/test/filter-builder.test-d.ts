import { type CountByField, type ExternalKeyValue, type Filter, f } from '@rapport/core';
import { describe, expectTypeOf, it } from 'vitest';

declare module '@rapport/core/plugin' {
  interface PartyCustomFields {
    typedScore?: number;
    typedTier?: 'gold' | 'silver';
    typedInterests?: Array<'golf' | 'wine'>;
  }
}

describe('the filter builder', () => {
  it('offers each field only its operators, with typed values', () => {
    expectTypeOf(f.field('city').eq('Berlin')).toEqualTypeOf<{ field: 'city'; op: 'eq'; value: string }>();
    expectTypeOf(f.field('createdAt').between('2024-01-01', '2024-12-31')).toExtend<Filter>();
    expectTypeOf(f.field('lifecycle').in(['lead', 'customer'])).toExtend<Filter>();
    // @ts-expect-error text fields have no ordering operators
    f.field('city').gte('B');
    // @ts-expect-error no such lifecycle
    f.field('lifecycle').eq('prospect');
    // @ts-expect-error no such field
    f.field('cty');
    // @ts-expect-error isNull takes no value
    f.field('city').isNull('x');
    // @ts-expect-error kind is never null
    f.field('kind').isNull();
  });

  it('builds activity conditions that are filter JSON, exists or notExists', () => {
    expectTypeOf(f.activity('sale').withinLastDays(90).data({ response: 'declined' })).toExtend<Filter>();
    expectTypeOf(f.activity(['call_outgoing', 'meeting']).atLeast(3).none()).toExtend<Filter>();
    expectTypeOf(f.activity('sale').none().op).toEqualTypeOf<'notExists'>();
    expectTypeOf(f.field('activity').exists({ type: 'sale', minCount: 2 })).toExtend<Filter>();
    // @ts-expect-error the journal spells directions inbound / outbound
    f.activity('call_outgoing').direction('in');
    // @ts-expect-error an activity condition needs its type
    f.field('activity').exists({ withinLastDays: 30 });
  });

  it('types declared custom fields by their value type', () => {
    expectTypeOf(f.custom('typedScore').gte(80)).toEqualTypeOf<{
      field: 'custom.typedScore';
      op: 'gte';
      value: number;
    }>();
    f.custom('typedTier').eq('gold');
    f.custom('typedInterests').hasAny(['golf']);
    // @ts-expect-error a number field compares with numbers
    f.custom('typedScore').gte('80');
    // @ts-expect-error not an allowed value
    f.custom('typedTier').eq('bronze');
    // Undeclared custom fields accept any operator; the tenant's definition is checked at run time.
    expectTypeOf(f.custom('anything').contains('x')).toExtend<Filter>();
  });

  it('types address fields and external keys', () => {
    expectTypeOf(f.field('address.country').in(['DE', 'FR'])).toEqualTypeOf<{
      field: 'address.country';
      op: 'in';
      value: readonly string[];
    }>();
    expectTypeOf(f.field('address.postalCode').startsWith('10')).toExtend<Filter>();
    expectTypeOf(f.externalKey('erp', 'ALFKI')).toEqualTypeOf<{
      field: 'externalKey';
      op: 'eq';
      value: ExternalKeyValue;
    }>();
    expectTypeOf(f.field('externalKey').fromSource('erp')).toExtend<Filter>();
    // @ts-expect-error an external key has a source and a key
    f.field('externalKey').eq('ALFKI');
    // @ts-expect-error external keys are not text
    f.field('externalKey').contains('ALF');
    // @ts-expect-error no such address part
    f.field('address.street');
  });

  it('offers countBy only the fields it can group by', () => {
    type CountBy = CountByField;
    expectTypeOf<'address.country'>().toExtend<CountBy>();
    expectTypeOf<'department'>().toExtend<CountBy>();
    expectTypeOf<'custom.tier'>().toExtend<CountBy>();
    expectTypeOf<'birthday'>().not.toExtend<CountBy>();
    expectTypeOf<'createdAt'>().not.toExtend<CountBy>();
  });

  it('builds filters that are plain JSON', () => {
    const filter: Filter = f.and(f.tag('vip'), f.not(f.relationship('works_at').to('id')), f.or());
    expectTypeOf(filter).toEqualTypeOf<Filter>();
    // @ts-expect-error a condition needs a known operator
    const bad: Filter = { field: 'city', op: 'like', value: 'B%' };
    void bad;
  });
});
