import { describe, expect, it } from 'vitest';
import { timeInterleaved } from '../src/bench/interleave.js';

describe('timeInterleaved', () => {
  it('times every function once per round after the warm-up, rotating who goes first', async () => {
    const calls: string[] = [];
    const fn = (name: string) => async () => {
      calls.push(name);
    };
    const [a, b, c] = await timeInterleaved(3, [fn('a'), fn('b'), fn('c')], { warmup: 1 });
    expect([a.length, b.length, c.length]).toEqual([3, 3, 3]);
    // One untimed warm-up round in order, then rounds starting at a, b, c.
    expect(calls.join('')).toBe('abc' + 'abc' + 'bca' + 'cab');
  });
});
