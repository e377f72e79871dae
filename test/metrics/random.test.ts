import { describe, expect, it } from 'vitest';
import { NumpyRandomState, PyRandom } from '../../metrics/random.js';

/*
 * Reference sequences printed with Debian's /usr/bin/python3 (CPython 3.11.2, numpy 1.24.2):
 *
 *   import numpy as np, random
 *   rs=np.random.RandomState(42); rs.random_sample(5)
 *   rs=np.random.RandomState(42); rs.randint(0,10,10), rs.randint(0,1000,5), rs.randint(0,2**32,3),
 *       rs.randint(0,2**33+5,4), rs.randint(5,6,3), rs.randint(0,2**32-1,2)      # one continuing stream
 *   rs=np.random.RandomState(42); rs.permutation(10); a=list(range(7)); rs.shuffle(a)
 *   rs=np.random.RandomState(42); rs.choice(5,8,p=[.1,.2,.3,.2,.2]), rs.choice(10,4,replace=False),
 *       rs.choice(6,3,replace=False,p=[.5,.1,.1,.1,.1,.1]), rs.choice(7,5)
 *   rs=np.random.RandomState(0); rs.uniform(size=3), rs.randint(0,2**40,3)
 *   rs=np.random.RandomState(2**32-1); rs.randint(0,100,5)
 *   rs=np.random.RandomState(42); rs.randint(0,1,3), rs.random_sample()   # rng=0 draws nothing
 *   r=random.Random(42); [r.random() for _ in range(3)]
 *   r=random.Random(42); r.sample(range(10),5), r.sample(range(100),5), r.sample(range(1000),20), r.sample(range(30),10)
 *   r=random.Random(42); r.choices(range(10),k=8), r.choices(range(1),k=2), r.random()
 *   r=random.Random(42); [r._randbelow(n) for n in (1,2,3,100,2**31,2**32-1)], r.getrandbits(40), r._randbelow(2**40+3)
 *   r=random.Random(7); r.random(), r.sample(range(50),3)
 *   random.Random(2**40+123).random(); random.Random(0).random()
 *   r=random.Random(42); x=list(range(6)); r.shuffle(x)
 */

describe('NumpyRandomState (legacy MT19937)', () => {
  it('random_sample for seed 42', () => {
    const rs = new NumpyRandomState(42);
    expect(Array.from(rs.randomSample(5))).toEqual([
      0.3745401188473625, 0.9507143064099162, 0.7319939418114051, 0.5986584841970366, 0.15601864044243652,
    ]);
  });

  it('bounded randint incl. the 32-bit full range and the 64-bit path', () => {
    const rs = new NumpyRandomState(42);
    expect(rs.randint(0, 10, 10)).toEqual([6, 3, 7, 4, 6, 9, 2, 6, 7, 4]);
    expect(rs.randint(0, 1000, 5)).toEqual([99, 871, 663, 130, 661]);
    expect(rs.randint(0, 2 ** 32, 3)).toEqual([242285876, 4165731073, 3100961111]);
    expect(rs.randint(0, 2 ** 33 + 5, 4)).toEqual([4298312065, 2652062880, 4325316860, 2253890010]);
    expect(rs.randint(5, 6, 3)).toEqual([5, 5, 5]);
    expect(rs.randint(0, 2 ** 32 - 1, 2)).toEqual([2627888186, 1717389822]);
  });

  it('randint with an empty range consumes nothing', () => {
    const rs = new NumpyRandomState(42);
    expect(rs.randint(0, 1, 3)).toEqual([0, 0, 0]);
    expect(rs.randomSample()).toBe(0.3745401188473625);
  });

  it('permutation and shuffle', () => {
    const rs = new NumpyRandomState(42);
    expect(Array.from(rs.permutation(10))).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
    expect(rs.shuffle([0, 1, 2, 3, 4, 5, 6])).toEqual([4, 1, 0, 3, 5, 6, 2]);
  });

  it('shuffles typed arrays in place like lists', () => {
    const a = new Int32Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    new NumpyRandomState(42).shuffle(a);
    expect(Array.from(a)).toEqual([8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
  });

  it('choice with p, without replacement, with p and without replacement, plain', () => {
    const rs = new NumpyRandomState(42);
    expect(rs.choice(5, 8, { p: [0.1, 0.2, 0.3, 0.2, 0.2] })).toEqual([2, 4, 3, 2, 1, 1, 0, 4]);
    expect(rs.choice(10, 4, { replace: false })).toEqual([0, 6, 9, 1]);
    expect(rs.choice(6, 3, { replace: false, p: [0.5, 0.1, 0.1, 0.1, 0.1, 0.1] })).toEqual([0, 5, 2]);
    expect(rs.choice(7, 5)).toEqual([1, 5, 4, 3, 0]);
  });

  it('other seeds: 0 and 2^32-1, uniform and a 40-bit bound', () => {
    const rs = new NumpyRandomState(0);
    expect(Array.from(rs.uniform(3))).toEqual([0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
    expect(rs.randint(0, 2 ** 40, 3)).toEqual([841157541223, 41332891347, 91845220082]);
    expect(new NumpyRandomState(2 ** 32 - 1).randint(0, 100, 5)).toEqual([35, 34, 12, 71, 52]);
  });

  it('rejects bad seeds and bad choice arguments', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(RangeError);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(RangeError);
    expect(() => new NumpyRandomState(42).choice(3, 4, { replace: false })).toThrow(RangeError);
    expect(() => new NumpyRandomState(42).choice(3, 1, { p: [0.5, 0.5, 0.5] })).toThrow(RangeError);
  });
});

describe('PyRandom (CPython random.Random)', () => {
  it('random() for seeds 42, 7, 0 and a 2-word seed', () => {
    const r = new PyRandom(42);
    expect([r.random(), r.random(), r.random()]).toEqual([0.6394267984578837, 0.025010755222666936, 0.27502931836911926]);
    expect(new PyRandom(7).random()).toBe(0.32383276483316237);
    expect(new PyRandom(0).random()).toBe(0.8444218515250481);
    expect(new PyRandom(2 ** 40 + 123).random()).toBe(0.9437888222210947);
  });

  it('sample: pool method (n <= setsize) and set method', () => {
    const r = new PyRandom(42);
    expect(r.sample(10, 5)).toEqual([1, 0, 4, 9, 6]);
    expect(r.sample(100, 5)).toEqual([17, 94, 13, 86, 69]);
    expect(r.sample(1000, 20)).toEqual([89, 604, 432, 32, 30, 95, 223, 238, 517, 616, 27, 574, 203, 733, 665, 718, 558, 429, 225, 459]);
    expect(r.sample(30, 10)).toEqual([18, 8, 25, 0, 24, 5, 22, 13, 10, 28]);
    const r7 = new PyRandom(7);
    r7.random();
    expect(r7.sample(50, 3)).toEqual([9, 25, 41]);
  });

  it('sample over an array returns its elements', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(new PyRandom(42).sample(items, 5)).toEqual(['b', 'a', 'e', 'j', 'g']);
    expect(() => new PyRandom(42).sample(3, 4)).toThrow(RangeError);
  });

  it('choices and n=1', () => {
    const r = new PyRandom(42);
    expect(r.choices(10, 8)).toEqual([6, 0, 2, 2, 7, 6, 8, 0]);
    expect(r.choices(1, 2)).toEqual([0, 0]);
    expect(r.random()).toBe(0.21863797480360336);
  });

  it('randbelow incl. n=1, 2^31, 2^32-1, and getrandbits/randbelow above 32 bits', () => {
    const r = new PyRandom(42);
    expect([1, 2, 3, 100, 2 ** 31, 2 ** 32 - 1].map((n) => r.randbelow(n))).toEqual([0, 0, 2, 35, 1051802512, 958682846]);
    expect(r.getrandbits(40)).toBe(808053162473);
    expect(r.randbelow(2 ** 40 + 3)).toBe(191320892468);
  });

  it('shuffle', () => {
    expect(new PyRandom(42).shuffle([0, 1, 2, 3, 4, 5])).toEqual([3, 1, 2, 4, 0, 5]);
  });
});
