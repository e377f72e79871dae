import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pythonFloatRepr, pyYamlDump } from '../../results/yaml-dump.js';
import { runCli } from '../helpers/cli.js';

// Reference cards made by PyYAML and mteb's create_meta logic: scripts/reference/model_card_reference.py.
const FIX = join(import.meta.dirname, '..', 'fixtures', 'model-card');
const RESULTS = join(FIX, 'results', 'acme__card-model', 'r1');
const tmp = mkdtempSync(join(tmpdir(), 'model-card-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('PyYAML yaml.dump, reproduced (values printed by Python 3 / PyYAML 6.0)', () => {
  it("floats: Python's repr, PyYAML's .0e and .nan", () => {
    const cases: [number, string][] = [
      [0.1 * 100, '10.0'],
      [12.3456789, '12.3456789'],
      [1e-7 * 100, '9.999999999999999e-06'],
      [1e16, '1.0e+16'],
      [1e-5, '1.0e-05'],
      [0.0001, '0.0001'],
      [123456789012345.6, '123456789012345.6'],
      [1234567890123456.7, '1234567890123456.8'],
      [12345678901234567, '1.2345678901234568e+16'],
      [-0.5, '-0.5'],
      [5e-324, '5.0e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [0.1 + 0.2, '0.30000000000000004'],
      [100, '100.0'],
      [2.5e-5, '2.5e-05'],
      [Number.NaN, '.nan'],
      [Number.POSITIVE_INFINITY, '.inf'],
      [Number.NEGATIVE_INFINITY, '-.inf'],
      [-0, '-0.0'],
    ];
    for (const [x, want] of cases) expect(pyYamlDump(x)).toBe(`${want}\n`);
    expect(pythonFloatRepr(1e-5)).toBe('1e-05');
  });
  it('scalar styles, implicit types, sorted keys, indentless sequences, empty collections', () => {
    const v = {
      a: 'yes',
      b: '123',
      c: '2024-09-21',
      d: '1.5',
      e: 'null',
      f: '~',
      g: 'a: b',
      h: '#x',
      i: 'x #y',
      j: '-',
      k: '- x',
      l: 'é',
      m: 'tab\there',
      n: ' lead',
      o: 'trail ',
      p: ':x',
      q: '@x',
      r: '0x1F',
      s: '1_000',
      t: '.inf',
      u: 'On',
      v: '1:20',
      w: 'a,b',
      x: '[x]',
      y: "it's",
      z: '<<',
      '0': '=',
      emptylist: [],
      emptydict: {},
      none: null,
      t2: true,
      i2: 7n,
      nested: [[1, 2n], ['a']],
      multi: 'line1\nline2\n\nline4',
    };
    // Printed by: python3 -c "import yaml; print(repr(yaml.dump({...})))" with the same values (ints as Python ints).
    const want =
      "'0': '='\na: 'yes'\nb: '123'\nc: '2024-09-21'\nd: '1.5'\ne: 'null'\nemptydict: {}\nemptylist: []\nf: '~'\ng: 'a: b'\nh: '#x'\ni: 'x #y'\ni2: 7\nj: '-'\nk: '- x'\nl: \"\\xE9\"\nm: \"tab\\there\"\nmulti: 'line1\n\n  line2\n\n\n  line4'\nn: ' lead'\nnested:\n- - 1.0\n  - 2\n- - a\nnone: null\no: 'trail '\np: :x\nq: '@x'\nr: '0x1F'\ns: '1_000'\nt: '.inf'\nt2: true\nu: 'On'\nv: '1:20'\nw: a,b\nx: '[x]'\ny: it's\nz: '<<'\n";
    expect(pyYamlDump(v)).toBe(want);
  });
});

describe('mteb-ts create-model-results', () => {
  it("writes the model-index card exactly as mteb's create_meta + PyYAML (NaN, ×100, sorted tasks)", async () => {
    const out = join(tmp, 'card.md');
    const r = await runCli(['create-model-results', '--results-folder', RESULTS, '--output-path', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*card\.md: 4 model-index result\(s\) for acme\/card-model/);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(FIX, 'expected.md'), 'utf8'));
  });

  it('merges into an existing README (mteb 1.x underscore flags): metrics replaced, other results and the body kept', async () => {
    const out = join(tmp, 'merged.md');
    const r = await runCli([
      'create-model-results',
      '--results_folder',
      RESULTS,
      '--output_path',
      out,
      '--from_existing',
      join(FIX, 'README.existing.md'),
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(FIX, 'expected-merged.md'), 'utf8'));
  });

  it('refuses to overwrite without --overwrite, a non-markdown README, and a README of another model (exit 2)', async () => {
    const out = join(tmp, 'exists.md');
    writeFileSync(out, 'x');
    const r = await runCli(['create-model-results', '--results-folder', RESULTS, '--output-path', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists[\s\S]*--overwrite/);
    expect((await runCli(['create-model-results', '--results-folder', RESULTS, '--output-path', out, '--overwrite'])).code).toBe(0);
    const txt = join(tmp, 'README.txt');
    writeFileSync(txt, '---\na: 1\n---\n');
    expect(
      (await runCli(['create-model-results', '--results-folder', RESULTS, '--output-path', join(tmp, 'n.md'), '--from-existing', txt])).stderr,
    ).toMatch(/should be markdown/);
    const other = join(tmp, 'other.md');
    copyFileSync(join(FIX, 'README.existing.md'), other);
    writeFileSync(other, readFileSync(other, 'utf8').replace('- name: acme/card-model', '- name: someone/else'));
    const m = await runCli(['create-model-results', '--results-folder', RESULTS, '--output-path', join(tmp, 'm.md'), '--from-existing', other]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/model names do not match/);
    expect(existsSync(join(tmp, 'm.md'))).toBe(false);
  });

  it('--tasks keeps only the named tasks; --model-name picks a model in a results root', async () => {
    const out = join(tmp, 'sts.md');
    const r = await runCli([
      'create-model-results',
      '--results-folder',
      join(FIX, 'results'),
      '--model-name',
      'acme/card-model',
      '--tasks',
      'STS12',
      '--output-path',
      out,
    ]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/name: MTEB STS12 \(default\)/);
    expect(text).not.toMatch(/AmazonCounterfactual/);
    expect(
      (
        await runCli([
          'create-model-results',
          '--results-folder',
          join(FIX, 'results'),
          '--model-name',
          'nobody/x',
          '--output-path',
          join(tmp, 'x.md'),
        ])
      ).code,
    ).toBe(2);
  });
});
