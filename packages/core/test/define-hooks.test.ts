import { bail, defineHooks, parallel, series, waterfall } from '@rapport/core/plugin';
import { describe, expect, it } from 'vitest';

const hooks = defineHooks({
  numberChanging: waterfall<[number, string]>('value', 'why'),
  numberChanged: series<[number]>('value'),
  resolveLabel: bail<[number], string>('value'),
  numberNoticed: parallel<[number]>(),
});

describe('defineHooks', () => {
  it('builds a fresh hook, named after its key, on every call of its factory', () => {
    const one = hooks.numberChanged();
    const two = hooks.numberChanged();
    expect(one).not.toBe(two);
    expect(one.name).toBe('numberChanged');
    one.tapPromise('a', async () => undefined);
    expect(two.taps).toHaveLength(0);
  });

  it('passes every argument to the taps of each kind', async () => {
    const changing = hooks.numberChanging();
    changing.tapPromise('double', async (value, why) => (why === 'double' ? value * 2 : value));
    expect(await changing.promise(21, 'double')).toBe(42);

    const label = hooks.resolveLabel();
    label.tapPromise('small', async (value) => (value < 10 ? 'small' : undefined));
    label.tapPromise('any', async () => 'large');
    expect(await label.promise(3)).toBe('small');
    expect(await label.promise(30)).toBe('large');

    const seen: number[] = [];
    const noticed = hooks.numberNoticed();
    noticed.tapPromise('a', async (value) => void seen.push(value));
    noticed.tapPromise('b', async (value) => void seen.push(value + 1));
    await noticed.promise(7);
    expect(seen.sort()).toEqual([7, 8]);
  });
});
