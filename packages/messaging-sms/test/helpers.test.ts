import { RapportError } from '@rapport/core';
import { describe, expect, it } from 'vitest';
import {
  countryOfNumber,
  estimateCost,
  matchKeyword,
  nextSendTime,
  quietHours,
  recipientTimeZones,
  senderFor,
  timeZoneOfCountry,
  timeZonesOfCountry,
} from '../src/index.js';

const night = { start: '21:00', end: '08:00' };

describe('quiet hours', () => {
  it('lets a message through at once outside the window', () => {
    const now = new Date('2026-06-10T10:00:00Z'); // 12:00 in Berlin
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window: night })).toEqual(now);
  });

  it('holds a late-evening message until 08:00 local the next morning', () => {
    const now = new Date('2026-06-10T20:30:00Z'); // 22:30 CEST
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window: night }).toISOString()).toBe(
      '2026-06-11T06:00:00.000Z',
    );
  });

  it('holds an early-morning message until 08:00 the same day', () => {
    const now = new Date('2026-06-11T03:00:00Z'); // 05:00 CEST
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window: night }).toISOString()).toBe(
      '2026-06-11T06:00:00.000Z',
    );
  });

  it('ends the window at 08:00 summer time on the night clocks go forward', () => {
    // 28 March 2026, 22:30 CET; clocks go 02:00 → 03:00 on the 29th: 08:00 CEST is 06:00 UTC.
    const now = new Date('2026-03-28T21:30:00Z');
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window: night }).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('ends the window at 08:00 winter time on the night clocks go back', () => {
    // 24 October 2026, 23:00 CEST; clocks go 03:00 → 02:00 on the 25th: 08:00 CET is 07:00 UTC.
    const now = new Date('2026-10-24T21:00:00Z');
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window: night }).toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
  });

  it('moves an end time the clocks skip forward by the gap', () => {
    const window = { start: '01:00', end: '02:30' }; // 02:30 does not exist in Berlin on 29 March 2026
    const now = new Date('2026-03-29T00:30:00Z'); // 01:30 CET
    expect(quietHours.nextAllowed({ now, timeZone: 'Europe/Berlin', window }).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z', // 03:30 CEST
    );
  });

  it('waits until the window is over in every zone of a country that spans several', () => {
    const now = new Date('2026-06-10T12:30:00Z'); // 08:30 New York, 05:30 Los Angeles
    const allowed = quietHours.nextAllowed({
      now,
      timeZone: ['America/New_York', 'America/Los_Angeles'],
      window: night,
    });
    expect(allowed.toISOString()).toBe('2026-06-10T15:00:00.000Z'); // 08:00 in Los Angeles
  });

  it('refuses an unknown time zone naming the field', () => {
    expect(() =>
      quietHours.nextAllowed({ now: new Date(), timeZone: 'Mars/Olympus', window: night }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATA',
        issues: [expect.objectContaining({ path: 'timeZone' })],
      }),
    );
  });
});

describe('time zones of countries', () => {
  it('gives the one zone of a single-zone country and none for a country with several', () => {
    expect(timeZoneOfCountry('AM')).toBe('Asia/Yerevan');
    expect(timeZoneOfCountry('us')).toBeUndefined();
    expect(timeZonesOfCountry('US')).toContain('America/Los_Angeles');
    expect(timeZonesOfCountry('XX')).toEqual([]);
  });
});

describe('sender ids', () => {
  const senders = {
    default: '+15005550006',
    byCountry: { DE: 'AcmeShop' },
    byTenant: { 'tenant-b': 'BShop' },
  };

  it('uses the country sender for a German number, the default elsewhere, the tenant one above both', () => {
    expect(countryOfNumber('+4915112345678')).toBe('DE');
    expect(senderFor(senders, { tenantId: 'tenant-a', to: '+4915112345678' })).toBe('AcmeShop');
    expect(senderFor(senders, { tenantId: 'tenant-a', to: '+447700900123' })).toBe('+15005550006');
    expect(senderFor(senders, { tenantId: 'tenant-b', to: '+4915112345678' })).toBe('BShop');
  });
});

describe('cost estimates', () => {
  const prices = { currency: 'EUR', perSegment: { DE: '0.075', AM: '0.0412', '*': '0.10' } };

  it('multiplies recipients, segments and the country price in exact decimals', () => {
    const estimate = estimateCost(
      {
        recipients: [
          { country: 'DE', count: 1200 },
          { country: 'AM', count: 3, segments: 3 },
          { country: 'FR', count: 10 },
        ],
        segments: 2,
      },
      prices,
    );
    expect(estimate).toMatchObject({ currency: 'EUR', total: '182.3708', segments: 2429, unpriced: [] });
    expect(estimate.byCountry[0]).toEqual({
      country: 'DE',
      recipients: 1200,
      segments: 2400,
      unitPrice: '0.075',
      cost: '180.00',
    });
    expect(estimate.byCountry[2]!.cost).toBe('2.00');
  });

  it('lists countries without a price instead of guessing', () => {
    const estimate = estimateCost(
      { recipients: [{ country: 'JP', count: 5 }], segments: 1 },
      { currency: 'EUR', perSegment: { DE: '0.07' } },
    );
    expect(estimate).toMatchObject({ total: '0.00', unpriced: ['JP'] });
  });

  it('refuses a fractional recipient count naming the group', () => {
    try {
      estimateCost({ recipients: [{ country: 'DE', count: 1.5 }], segments: 1 }, prices);
      expect.unreachable();
    } catch (error) {
      expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
      expect((error as RapportError).details).toMatchObject({ issues: [{ path: 'recipients.0' }] });
    }
  });
});

describe('inbound keywords', () => {
  it('reads STOP in any case and with punctuation or spaces around it as an opt-out', () => {
    expect(matchKeyword('  stop! ')).toEqual({ action: 'opt_out', keyword: 'STOP' });
    expect(matchKeyword('Unsubscribe')).toMatchObject({ action: 'opt_out' });
    expect(matchKeyword('стоп')).toEqual({ action: 'opt_out', keyword: 'СТОП' });
    expect(matchKeyword('Отписаться.')).toMatchObject({ action: 'opt_out' });
  });

  it('reads START, UNSTOP and YES as an opt-in', () => {
    expect(matchKeyword('start')).toMatchObject({ action: 'opt_in' });
    expect(matchKeyword('Unstop')).toMatchObject({ action: 'opt_in' });
    expect(matchKeyword('YES')).toMatchObject({ action: 'opt_in' });
  });

  it('does not read a sentence that contains stop as a keyword', () => {
    expect(matchKeyword('please stop by tomorrow')).toBeUndefined();
    expect(matchKeyword('')).toBeUndefined();
  });

  it('uses a configured list instead of the default', () => {
    const keywords = { optOut: ['HALT'], optIn: ['GO'] };
    expect(matchKeyword('halt', keywords)).toMatchObject({ action: 'opt_out' });
    expect(matchKeyword('stop', keywords)).toBeUndefined();
  });
});

describe('the send time of a recipient', () => {
  it("takes the zone from the number's country, all of them for a country that spans several, else the tenant's", () => {
    expect(recipientTimeZones({ to: '+37491123456', defaultTimeZone: 'UTC' })).toEqual(['Asia/Yerevan']);
    expect(recipientTimeZones({ to: '+14155550123', defaultTimeZone: 'UTC' }).length).toBeGreaterThan(1);
    expect(
      recipientTimeZones({ to: '+999', tenantTimeZone: 'Europe/Berlin', defaultTimeZone: 'UTC' }),
    ).toEqual(['Europe/Berlin']);
  });

  it('holds a text to Yerevan at 23:00 local until 08:00 there, and sends at once without a window', () => {
    const now = new Date('2026-06-10T19:00:00Z'); // 23:00 in Yerevan (UTC+4)
    const input = { now, to: '+37491123456', defaultTimeZone: 'UTC' };
    expect(nextSendTime({ ...input, window: night }).toISOString()).toBe('2026-06-11T04:00:00.000Z');
    expect(nextSendTime({ ...input, window: undefined })).toEqual(now);
  });
});
