import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCo2Tracker } from '../../runners/co2-tracker.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'co2-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fake /sys/class/powercap: package domains intel-rapl:0 and :1, and a core sub-domain that must be ignored. */
function powercap(values: Record<string, [number, number]>): string {
  const root = join(tmp, `powercap-${Math.random().toString(36).slice(2)}`);
  for (const [d, [energy, max]] of Object.entries(values)) {
    mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, d, 'energy_uj'), `${energy}\n`);
    writeFileSync(join(root, d, 'max_energy_range_uj'), `${max}\n`);
    writeFileSync(join(root, d, 'name'), d.split(':').length === 2 ? `package-${d.split(':')[1]}\n` : 'core\n');
  }
  return root;
}

describe('--co2-tracker estimates (figures worked by hand)', () => {
  it('RAPL: package counters summed, wrap-around handled, sub-domains ignored', () => {
    const root = powercap({ 'intel-rapl:0': [1_000_000, 262_143_328_850], 'intel-rapl:1': [9_000_000, 10_000_000], 'intel-rapl:0:0': [5, 100] });
    const t = startCo2Tracker({ wattsPerCore: 10, intensity: 475, powercapRoot: root });
    expect(t.method).toBe('rapl');
    writeFileSync(join(root, 'intel-rapl:0', 'energy_uj'), '4600000\n'); // +3.6 J
    writeFileSync(join(root, 'intel-rapl:1', 'energy_uj'), '1000000\n'); // wrapped: 10e6 - 9e6 + 1e6 = 2.0 J
    writeFileSync(join(root, 'intel-rapl:0:0', 'energy_uj'), '99\n');
    const { kgCo2, record } = t.read();
    // 5.6 J = 5.6 / 3.6e6 kWh; × 475 g/kWh / 1000 = kg
    expect(record.energy_kwh).toBeCloseTo(5.6 / 3.6e6, 18);
    expect(kgCo2).toBeCloseTo(((5.6 / 3.6e6) * 475) / 1000, 18);
    expect(record).toMatchObject({
      method: 'rapl',
      carbon_intensity_g_per_kwh: 475,
      rapl_domains: ['intel-rapl:0 (package-0)', 'intel-rapl:1 (package-1)'],
    });
  });

  it('no readable RAPL (absent, or energy_uj root-only): CPU-seconds × stated watts per core', () => {
    const root = powercap({ 'intel-rapl:0': [1, 100] });
    rmSync(join(root, 'intel-rapl:0', 'energy_uj'));
    let call = 0;
    const clock = () => (call++ === 0 ? { user: 1_000_000, system: 0 } : { user: 3_000_000, system: 600_000 });
    const t = startCo2Tracker({ wattsPerCore: 10, intensity: 400, powercapRoot: root, cpuUsage: clock });
    expect(t.method).toBe('cpu-seconds');
    const { kgCo2, record } = t.read();
    // 2.6 CPU-seconds × 10 W = 26 J = 26 / 3.6e6 kWh; × 400 g/kWh / 1000
    expect(record).toMatchObject({ method: 'cpu-seconds', cpu_seconds: 2.6, watts_per_core: 10, carbon_intensity_g_per_kwh: 400 });
    expect(kgCo2).toBeCloseTo(((26 / 3.6e6) * 400) / 1000, 18);
    expect(startCo2Tracker({ wattsPerCore: 1, intensity: 1, powercapRoot: join(tmp, 'none') }).method).toBe('cpu-seconds');
  });

  it("run --co2-tracker (and mteb's --co2_tracker) writes kg_co2_emissions with the method in runner.co2; without it, null", async () => {
    const out = join(tmp, 'out');
    const r = await runCli(['run', '-m', 'lexical', '-t', 'DemoSTS', '--co2_tracker', '--co2-watts', '20', '--output-folder', out, '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const find = (dir: string): string => {
      for (const e of readdirSync(dir)) {
        const p = join(dir, e);
        if (statSync(p).isDirectory()) {
          const f = find(p);
          if (f) return f;
        } else if (e === 'DemoSTS.json') return p;
      }
      return '';
    };
    const res = JSON.parse(readFileSync(find(out), 'utf8'));
    expect(res.runner.co2.method).toMatch(/^(rapl|cpu-seconds)$/);
    expect(res.runner.co2.carbon_intensity_g_per_kwh).toBe(475);
    expect(res.kg_co2_emissions).toBeCloseTo((res.runner.co2.energy_kwh * 475) / 1000, 15);
    if (res.runner.co2.method === 'cpu-seconds') expect(res.runner.co2.watts_per_core).toBe(20);
    const plain = join(tmp, 'plain');
    expect((await runCli(['run', '-m', 'lexical', '-t', 'DemoSTS', '--output-folder', plain, '--no-cache'])).code).toBe(0);
    const p = JSON.parse(readFileSync(find(plain), 'utf8'));
    expect(p.kg_co2_emissions).toBeNull();
    expect(p.runner.co2).toBeUndefined();
  });
});
