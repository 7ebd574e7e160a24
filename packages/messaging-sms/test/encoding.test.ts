import { RapportError } from '@rapport/core';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import { measureSms, requireSmsLength, SmsTooLongError, splitSms } from '../src/index.js';

const plain160 =
  'Hello Anna, your order 10452 has shipped and will arrive on Friday between 9 and 12. ' +
  'Track it at https://acme.example/t/10452 or reply HELP. Thanks, Acme Shop!!';

describe('GSM-7 texts', () => {
  it('fits 160 plain characters in one segment and needs two for 161', () => {
    expect(plain160).toHaveLength(160);
    expect(measureSms(plain160)).toMatchObject({
      encoding: 'GSM-7',
      segments: 1,
      units: 160,
      perSegment: 160,
    });
    expect(measureSms(`${plain160}!`)).toMatchObject({
      encoding: 'GSM-7',
      segments: 2,
      units: 161,
      perSegment: 153,
    });
  });

  it('counts the euro sign and the square bracket as two septets each, staying GSM-7', () => {
    expect(measureSms('Price: 5€ [sale]')).toMatchObject({ encoding: 'GSM-7', units: 19, segments: 1 });
    expect(measureSms('€'.repeat(80))).toMatchObject({ segments: 1, units: 160 });
    expect(measureSms('['.repeat(81))).toMatchObject({ segments: 2, units: 162 });
  });

  it('splits a long GSM-7 text into 153-septet segments', () => {
    expect(measureSms('x'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(measureSms('x'.repeat(307))).toMatchObject({ segments: 3, remaining: 152 });
    expect(splitSms('x'.repeat(307)).map((s) => s.length)).toEqual([153, 153, 1]);
  });

  it('keeps an escaped extension character whole at a segment boundary', () => {
    const text = `${'x'.repeat(152)}€ and more`;
    const parts = splitSms(text);
    expect(parts[0]).toBe('x'.repeat(152));
    expect(parts[1]).toBe('€ and more');
  });

  it('measures an empty text as no segment', () => {
    expect(measureSms('')).toMatchObject({ segments: 0, units: 0 });
  });
});

describe('UCS-2 texts', () => {
  it('switches Cyrillic to UCS-2 with 70 units in one segment and 67 per part beyond', () => {
    const cyrillic = 'Здравствуйте! Ваш заказ отправлен.';
    expect(measureSms(cyrillic)).toMatchObject({
      encoding: 'UCS-2',
      segments: 1,
      units: cyrillic.length,
      perSegment: 70,
    });
    expect(measureSms('Ж'.repeat(70)).segments).toBe(1);
    expect(measureSms('Ж'.repeat(71))).toMatchObject({ segments: 2, perSegment: 67 });
    expect(measureSms(cyrillic).nonGsmCharacters).toContain('З');
  });

  it('switches Armenian to UCS-2', () => {
    const armenian = 'Բարեւ Ձեզ, Ձեր պատվերը ճանապարհին է';
    expect(measureSms(armenian)).toMatchObject({ encoding: 'UCS-2', segments: 1, units: armenian.length });
  });

  it('turns a whole text to UCS-2 for one lower-case ç, which GSM-7 lacks', () => {
    expect(measureSms('Ça va').encoding).toBe('GSM-7');
    expect(measureSms('ça va').encoding).toBe('UCS-2');
  });

  it('counts an emoji as two code units and never splits its surrogate pair across segments', () => {
    expect(measureSms('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', segments: 1, units: 70 });
    const text = `aa${'😀'.repeat(35)}`;
    expect(measureSms(text)).toMatchObject({ segments: 2, units: 72 });
    const [first, second] = splitSms(text);
    // 67 units fit a part: 'aa' + 32 emoji = 66; the 33rd pair would straddle, so it moves on whole.
    expect(first).toBe(`aa${'😀'.repeat(32)}`);
    expect(second).toBe('😀'.repeat(3));
  });
});

describe('the maximum number of segments', () => {
  it('refuses a text longer than the maximum with INVALID_DATA naming the text and the counts', () => {
    const error = (() => {
      try {
        requireSmsLength('Ж'.repeat(135), 2);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SmsTooLongError);
    expect(RapportError.is(error, 'INVALID_DATA')).toBe(true);
    expect((error as SmsTooLongError).details).toMatchObject({
      segments: 3,
      max: 2,
      encoding: 'UCS-2',
      issues: [{ path: 'text', code: 'sms_too_long' }],
    });
  });

  it('accepts a text of exactly the maximum', () => {
    expect(requireSmsLength('Ж'.repeat(134), 2).segments).toBe(2);
  });

  it('counts plain GSM-7 texts exactly as the calculator does, at every segment boundary', () => {
    const alphabet = '@£$¥èéùìòÇ\nØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡AZÄÖÑÜ§¿azäöñüà';
    for (const length of [0, 1, 159, 160, 161, 305, 306, 307, 459, 460, 612]) {
      const text = Array.from({ length }, (_, i) => alphabet[(i * 7 + length) % alphabet.length]).join('');
      const reference = new SegmentedMessage(text, 'auto');
      const measured = measureSms(text);
      expect(reference.getEncodingName()).toBe('GSM-7');
      expect(measured).toMatchObject({
        encoding: 'GSM-7',
        segments: length === 0 ? 0 : reference.segmentsCount,
        units: reference.messageSize / 7,
      });
    }
  });
});
