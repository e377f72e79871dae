import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '../../models/npy.js';

// Bytes written by Debian python3-numpy 1.24.2:
//   a = np.array([[1.5, -2.0, 0.1], [3.25, 1e-8, -0.0]], dtype=np.float32); b = io.BytesIO(); np.save(b, a); b.getvalue().hex()
const NUMPY_F32 =
  '934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c0cdcccc3d0000504077cc2b3200000080';
// Same array as float16 (np.save(b, a.astype(np.float16))).
const NUMPY_F16 =
  '934e554d5059010076007b276465736372273a20273c6632272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a003e00c0662e804200000080';

describe('.npy', () => {
  it('writes exactly the bytes numpy writes', () => {
    const data = Float32Array.from([1.5, -2.0, 0.1, 3.25, 1e-8, -0.0]);
    expect(encodeNpy({ rows: 2, cols: 3, data }).toString('hex')).toBe(NUMPY_F32);
  });
  it('reads numpy float32 and float16 files', () => {
    const m = parseNpy(Buffer.from(NUMPY_F32, 'hex'));
    expect([m.rows, m.cols]).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual(Array.from(Float32Array.from([1.5, -2.0, 0.1, 3.25, 1e-8, -0.0])));
    const h = parseNpy(Buffer.from(NUMPY_F16, 'hex'));
    expect(h.data[0]).toBe(1.5);
    expect(h.data[2]).toBeCloseTo(0.0999755859375, 10); // float16(0.1)
    expect(h.data[4]).toBe(0); // 1e-8 underflows in float16
  });
  it('round-trips', () => {
    const data = Float32Array.from({ length: 12 }, (_, i) => Math.sin(i) * 1e3);
    const m = parseNpy(encodeNpy({ rows: 4, cols: 3, data }));
    expect(m.data).toEqual(data);
  });
  it('rejects bad magic, wrong rank, truncated data and Fortran order', () => {
    expect(() => parseNpy(Buffer.from('hello world'), 'x.npy')).toThrow(/x\.npy: not a \.npy file/);
    const buf = Buffer.from(NUMPY_F32, 'hex');
    expect(() => parseNpy(buf.subarray(0, buf.length - 4), 'x.npy')).toThrow(/truncated/);
    const oneD = Buffer.from(buf.toString('latin1').replace('(2, 3)', '(6,)   '), 'latin1');
    expect(() => parseNpy(oneD)).toThrow(/2-D array/);
    const fortran = Buffer.from(buf.toString('latin1').replace('False', 'True '), 'latin1');
    expect(() => parseNpy(fortran)).toThrow(/Fortran/);
  });
});
