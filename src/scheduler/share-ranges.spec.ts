import { randomUUID } from 'node:crypto';
import { fairCount, rangesOf, shareOf } from './share-ranges';

const inRange = (id: string, range: { from: string | null; to: string | null }) =>
  (range.from === null || id >= range.from) && (range.to === null || id < range.to);

describe('schedule shares', () => {
  it('puts every id in exactly one share, the one whose range holds it in SQL terms', () => {
    for (const shares of [1, 3, 7, 256, 4096]) {
      for (const id of [...Array.from({ length: 300 }, () => randomUUID()), '', '0000', 'ffff-zz', 'FFFF', 'not-a-uuid', 'zzzz']) {
        const share = shareOf(id, shares);
        const holding = Array.from({ length: shares }, (_, s) => s).filter((s) => rangesOf([s], shares).some((range) => inRange(id, range)));
        expect(holding).toEqual([share]);
      }
    }
  });

  it('divides random ids evenly: 100,000 flows in 256 shares, none above 1.3 × the mean', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 100_000; i++) counts[shareOf(randomUUID(), 256)]++;
    expect(Math.max(...counts)).toBeLessThan((100_000 / 256) * 1.3);
    expect(Math.min(...counts)).toBeGreaterThan((100_000 / 256) * 0.7);
  });

  it('merges neighbouring shares into one range of the key', () => {
    expect(rangesOf([0, 1, 2, 3], 4)).toEqual([{ from: null, to: null }]);
    expect(rangesOf([1, 2, 5], 8)).toEqual([
      { from: '2000', to: '6000' },
      { from: 'a000', to: 'c000' },
    ]);
    expect(rangesOf([], 8)).toEqual([]);
  });

  it('gives each of the live replicas its fair part, together every share', () => {
    expect([0, 1, 2, 3].map((rank) => fairCount(256, 4, rank))).toEqual([64, 64, 64, 64]);
    expect([0, 1, 2].map((rank) => fairCount(256, 3, rank))).toEqual([86, 85, 85]);
  });
});
