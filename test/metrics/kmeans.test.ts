import { describe, expect, it } from 'vitest';
import { kmeansPlusPlus, miniBatchKMeans, SKLEARN_1_2, SKLEARN_1_9, sklearnCompat } from '../../metrics/kmeans.js';
import { NumpyRandomState } from '../../metrics/random.js';

/*
 * Reference: scripts/reference/kmeans_reference.py run with Debian's /usr/bin/python3
 * (scikit-learn 1.2.1, numpy 1.24.2). Per case it builds
 *   rs = RandomState(seed); C = rs.random_sample((k0, d)) * spread; U = rs.random_sample((n, d))
 *   X = (C[arange(n) % k0] + U).astype(float32)
 * and prints kmeans_plusplus(X, k, random_state=RandomState(42)) indices and
 * MiniBatchKMeans(n_clusters=k, batch_size=batch, n_init="auto", random_state=42).fit(X).labels_ / n_steps_.
 * Labels are written one base-36 character per row. sklearn 1.2.1 draws the first k-means++ center with randint and
 * the minibatches with randint, i.e. compat SKLEARN_1_2.
 */
const CASES = [
  {
    seed: 0,
    n: 300,
    d: 8,
    k0: 5,
    spread: 4.0,
    k: 5,
    batch: 100,
    pp: [102, 55, 181, 139, 216],
    nSteps: 29,
    labels:
      '014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423014230142301423',
  },
  {
    seed: 1,
    n: 2000,
    d: 32,
    k0: 10,
    spread: 1.0,
    k: 10,
    batch: 100,
    pp: [1126, 364, 200, 113, 1878, 1225, 1949, 182, 1721, 27],
    nSteps: 66,
    labels:
      '76380259407631025940763102599076380259407638025940763102594076380259407638025940763802594076380259407638025940763802594076380259407631025940763102594076380259407638025940763102594076380259407631025940763802594076310259407631025940763802594876380259407638025940763102594076380259407631025940763802594076310259407638025940763102594076380259407638025940763802594076380259407638025940763802594076380259407638025940763102594076380259407638025940763102594076380259407631025940763102594076310259407638025940763802594076380259407631025940763802594076380259407638025940763102594076380259407631025940763802594076380259407638025940763802594076310259407631025940763802594076310259407632025940763802594076380259407631025940763102594076310259407638025940763802594076380259407631025940763802594076310259407638025940763802594076380259407631025940763802594076380259407638025940763102594076380259407638025940763802594076310259407638025940763802594076310259407638025940763802594076380259407638025940763802594076310259407631025940763802594076380259407638025940763802594076310259407638025940763102594076380259407631025940763802594076380259407638025940763802594076310259407638025440763802594076310259407631025940763102594076310259407638025940763802594076380259407638025940763802594076380259407631025940763802594076380259407631025940763802594076380259407631025940763802594076380259407631025940763802594076380259407638025940763802594076380259407638025940763802594076380259407638025940763802594076310259407638025940763802594076380259407638025940763802594076380259407631025940763802594076380259407638025940763802594076380259407631025940763802594076380259407638025940763102594076310259407631025940763102594076310259407638025940763802594076380259407631025940763802594076310259407638025940763802594076380259407638025940763102594076380259407631025940763102594076380259407631025940763102594076310259407638025940763802594076380259407631025940763102594076310259407631025940763802594076380259407638025940763802594076380259407631025940',
  },
  {
    seed: 2,
    n: 1500,
    d: 16,
    k0: 7,
    spread: 0.5,
    k: 12,
    batch: 500,
    pp: [1126, 1190, 491, 1084, 928, 34, 1460, 925, 1291, 17, 344, 1250],
    nSteps: 24,
    labels:
      '82473851937908947621ab403b16605791b7417b0a84763888437b8a8987995998b12a390172a69a73259b066154437b528b179a58455385890634514563713977385340938a69a7b1714033aa68360b5b29139a0936b8524073153462b9a633668518268a51416b831007b8b591739586863111207b8a1406b255402b25b236315280734519093a0890262a84103884909b13281b3951206b158906325052b718456731a3407b1a84678a5a85731a12030838440b18b456b25191b285520711a89b7b15193700a348a7888917085991724a1416b956406b4519064259403695940665a66076031236b138936b15b40b2158b2729b07263282616b8a39a6353b91792ab189ba75257318293766a04863651916085190722a38a328589023902417a483486283390b4a52426b153913118891121219874050306b25944192389874955946345020960a5427b25490b38a490632a013799a440733b84a7b484617b852208b2a8237325a90772504a63aa16163258909b939410b939936418b9b7b05820679a09b722a982739a840632a171638a3937b55b617b80291722a645721a940666a8972b23490732a44273051236b8a8421615b0046050206281b207b0a8207235421632a7aa3b9a89076800916387190726510719691831a85892672592066980637b854907313b637b2b49167851417b155b1818a34272881916b9589073855477129b9b781a933b3259116a2a1917b5b4423b1a54264751136b0a9911b8a1217b2a19263838a3698a16373151917722141bba512672859757b7a6907b4a39a6b131416705147730a0907b21997730504b7b1836066838119b854936b150617b25695725aa603b159026710380a91a6911918a917a5a12063881486a8314b732582b6b1a020332a3417baa390731a0522388b9ab31a39a059a0916b1804161123407397648bb1504165852617b10121635064a7385190650a9406b071417b153369b85165622a9917718843621a4157201891632b54061258b56780320732513072883113713140721014',
  },
  {
    seed: 3,
    n: 40,
    d: 4,
    k0: 3,
    spread: 2.0,
    k: 3,
    batch: 500,
    pp: [38, 33, 25],
    nSteps: 22,
    labels: '2102202102102102102102202102202102102102',
  },
];

function build(c: (typeof CASES)[number]): Float32Array {
  const rs = new NumpyRandomState(c.seed);
  const C = rs.randomSample(c.k0 * c.d);
  const U = rs.randomSample(c.n * c.d);
  const x = new Float32Array(c.n * c.d);
  for (let i = 0; i < c.n; i++) {
    for (let t = 0; t < c.d; t++) x[i * c.d + t] = C[(i % c.k0) * c.d + t]! * c.spread + U[i * c.d + t]!;
  }
  return x;
}

describe('kmeansPlusPlus (sklearn 1.2.1 kmeans_plusplus)', () => {
  for (const c of CASES) {
    it(`picks the same seeds (seed ${c.seed}, n=${c.n}, k=${c.k})`, () => {
      const r = kmeansPlusPlus(build(c), c.n, c.d, c.k, new NumpyRandomState(42), SKLEARN_1_2);
      expect(r.indices).toEqual(c.pp);
    });
  }
});

describe('miniBatchKMeans (sklearn 1.2.1 MiniBatchKMeans)', () => {
  for (const c of CASES) {
    it(`same labels_ and n_steps_ (seed ${c.seed}, n=${c.n}, d=${c.d}, k=${c.k}, batch=${c.batch})`, async () => {
      const r = await miniBatchKMeans(
        { rows: c.n, cols: c.d, data: build(c) },
        { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: SKLEARN_1_2 },
      );
      expect(Array.from(r.labels, (l) => l.toString(36)).join('')).toBe(c.labels);
      expect(r.nSteps).toBe(c.nSteps);
    });
  }

  it('rejects k larger than the number of points', async () => {
    await expect(miniBatchKMeans({ rows: 2, cols: 1, data: new Float32Array([0, 1]) }, { nClusters: 3, randomState: 42 })).rejects.toThrow(
      /n_samples=2 should be >= n_clusters=3/,
    );
  });

  it('k = n puts every distinct point in its own cluster', async () => {
    const r = await miniBatchKMeans(
      { rows: 3, cols: 1, data: new Float32Array([0, 10, 20]) },
      { nClusters: 3, randomState: 42, compat: SKLEARN_1_2 },
    );
    expect(new Set(r.labels).size).toBe(3);
  });

  it('the sklearn >= 1.7 sampler (choice with float32 uniform p) runs and is deterministic', async () => {
    const c = CASES[0]!;
    const X = { rows: c.n, cols: c.d, data: build(c) };
    const a = await miniBatchKMeans(X, { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: SKLEARN_1_9 });
    const b = await miniBatchKMeans(X, { nClusters: c.k, batchSize: c.batch, randomState: 42, compat: SKLEARN_1_9 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    // well separated blobs: the same partition as the 1.2 path up to a renaming of clusters
    const map = new Map<number, number>();
    const ref = Array.from(c.labels, (ch) => parseInt(ch, 36));
    a.labels.forEach((l, i) => map.set(l, ref[i]!));
    expect(Array.from(a.labels, (l) => map.get(l))).toEqual(ref);
  });

  it('maps sklearn versions to compat modes', () => {
    expect(sklearnCompat('1.2.1')).toEqual(SKLEARN_1_2);
    expect(sklearnCompat('1.9.1')).toEqual(SKLEARN_1_9);
    expect(sklearnCompat('1.5.0')).toEqual({ firstCenter: 'choice', minibatch: 'randint' });
  });
});

describe('choice with uniform float32 p (the sklearn >= 1.7 minibatch sampler)', () => {
  // /usr/bin/python3: w = np.ones(1000, np.float32); RandomState(42).choice(1000, 10, p=w/w.sum())
  //                   w = np.ones(7, np.float32);    RandomState(3).choice(7, 6, p=w/w.sum())
  it('matches numpy', () => {
    const p1000 = new Float32Array(1000).fill(Math.fround(1 / 1000));
    expect(new NumpyRandomState(42).choice(1000, 10, { p: p1000 })).toEqual([374, 950, 731, 598, 156, 155, 58, 866, 601, 708]);
    const p7 = new Float32Array(7).fill(Math.fround(1 / 7));
    expect(new NumpyRandomState(3).choice(7, 6, { p: p7 })).toEqual([3, 4, 2, 3, 6, 6]);
  });
});
