import {
  AmountSchema,
  CalendarDateSchema,
  CurrencySchema,
  calendarDateIn,
  DecimalSchema,
  InstantSchema,
  MoneySchema,
  startOfDayIn,
  TimeZoneSchema,
} from '@rapport/core';
import { describe, expect, it } from 'vitest';

describe('shared value types', () => {
  it('upper-cases currency codes and refuses codes ISO 4217 does not know', () => {
    expect(CurrencySchema.parse(' eur ')).toBe('EUR');
    expect(CurrencySchema.safeParse('EURO').success).toBe(false);
    expect(CurrencySchema.safeParse('XYZ').success).toBe(false);
  });

  it('keeps decimals as exact strings and refuses floats in exponent notation', () => {
    expect(DecimalSchema.parse('12.50')).toBe('12.50');
    expect(DecimalSchema.parse(0.1)).toBe('0.1');
    expect(DecimalSchema.parse('-3')).toBe('-3');
    expect(DecimalSchema.safeParse('1e5').success).toBe(false);
    expect(AmountSchema.safeParse('-3').success).toBe(false);
    expect(MoneySchema.parse({ amount: '99.99', currency: 'chf' })).toEqual({
      amount: '99.99',
      currency: 'CHF',
    });
  });

  it('refuses a timestamp without an offset, which would mean different instants on different servers', () => {
    expect(InstantSchema.safeParse('2026-03-01T09:00:00').success).toBe(false);
    expect(InstantSchema.parse('2026-03-01T09:00:00+01:00').toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(CalendarDateSchema.safeParse('2026-02-30').success).toBe(false);
  });

  it('validates IANA time zone names', () => {
    expect(TimeZoneSchema.parse('Europe/Berlin')).toBe('Europe/Berlin');
    expect(TimeZoneSchema.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('computes calendar days and their start in a time zone, across daylight-saving changes', () => {
    const lateEvening = new Date('2026-03-01T23:30:00Z');
    expect(calendarDateIn(lateEvening, 'UTC')).toBe('2026-03-01');
    expect(calendarDateIn(lateEvening, 'Europe/Berlin')).toBe('2026-03-02');
    expect(calendarDateIn(lateEvening, 'America/New_York')).toBe('2026-03-01');
    expect(calendarDateIn(new Date('2026-06-14T12:00:00Z'), 'Pacific/Kiritimati')).toBe('2026-06-15');
    // Berlin switches to summer time at 02:00 on 29 March 2026: that day starts at +01:00, the next at +02:00.
    expect(startOfDayIn('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayIn('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDayIn('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDayIn('2026-06-15', 'Pacific/Kiritimati').toISOString()).toBe('2026-06-14T10:00:00.000Z');
  });
});
