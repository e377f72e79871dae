/**
 * `run --co2-tracker`: an energy and CO2 estimate per task, written to `kg_co2_emissions` as mteb writes codecarbon's
 * `final_emissions` there (mteb/evaluate.py). codecarbon is not available to Node, so we measure what we can:
 * - **rapl**: the kernel's RAPL energy counters (/sys/class/powercap/intel-rapl:N/energy_uj, the package domains,
 *   wrap-around by max_energy_range_uj) where the kernel exposes them and they are readable. They count the whole
 *   package, so other work on the machine is included (codecarbon's RAPL mode has the same limit).
 * - **cpu-seconds**: otherwise, this process's CPU time (user + system) times a stated power per busy core.
 * Energy (kWh) × carbon intensity (g/kWh, default 475: codecarbon's world average) / 1000 = kg CO2.
 * The method, energy and figures used are recorded in the result's `runner.co2`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Co2Options {
  /** Watts drawn per fully busy CPU core, for the cpu-seconds method. */
  wattsPerCore: number;
  /** Grid carbon intensity, g CO2 per kWh. */
  intensity: number;
  /** Where the powercap tree is (tests point it at a fake one). */
  powercapRoot?: string;
  /** The process CPU clock (tests). */
  cpuUsage?: () => NodeJS.CpuUsage;
}

export const CO2_DEFAULTS = { wattsPerCore: 10, intensity: 475 } as const;

/** What `runner.co2` of a result records. */
export interface Co2Record {
  method: 'rapl' | 'cpu-seconds';
  energy_kwh: number;
  carbon_intensity_g_per_kwh: number;
  /** cpu-seconds: the CPU time and the stated power. */
  cpu_seconds?: number;
  watts_per_core?: number;
  /** rapl: the package domains read. */
  rapl_domains?: string[];
}

interface Domain {
  name: string;
  file: string;
  max: number;
  start: number;
}

/** The readable package-level RAPL domains (intel-rapl:N, not their intel-rapl:N:M sub-domains); [] when none. */
function raplDomains(root: string): Domain[] {
  let names: string[];
  try {
    names = readdirSync(root)
      .filter((n) => /^intel-rapl:\d+$/.test(n))
      .sort();
  } catch {
    return [];
  }
  const out: Domain[] = [];
  for (const n of names) {
    try {
      const file = join(root, n, 'energy_uj');
      const start = Number(readFileSync(file, 'utf8').trim());
      const max = Number(readFileSync(join(root, n, 'max_energy_range_uj'), 'utf8').trim());
      if (!Number.isFinite(start) || !Number.isFinite(max) || max <= 0) return [];
      const label = (() => {
        try {
          return readFileSync(join(root, n, 'name'), 'utf8').trim();
        } catch {
          return n;
        }
      })();
      out.push({ name: `${n} (${label})`, file, max, start });
    } catch {
      // energy_uj is root-only on most kernels since 2020 (CVE-2020-8694): then estimate from CPU time.
      return [];
    }
  }
  return out;
}

export interface Co2Tracker {
  readonly method: Co2Record['method'];
  /** Energy and emissions since the tracker started. */
  read(): { kgCo2: number; record: Co2Record };
}

export function startCo2Tracker(o: Co2Options): Co2Tracker {
  const domains = raplDomains(o.powercapRoot ?? '/sys/class/powercap');
  const kg = (kwh: number) => (kwh * o.intensity) / 1000;
  if (domains.length) {
    return {
      method: 'rapl',
      read() {
        let uj = 0;
        for (const d of domains) {
          const now = Number(readFileSync(d.file, 'utf8').trim());
          uj += now >= d.start ? now - d.start : now + d.max - d.start;
        }
        const kwh = uj / 1e6 / 3.6e6;
        return {
          kgCo2: kg(kwh),
          record: { method: 'rapl', energy_kwh: kwh, carbon_intensity_g_per_kwh: o.intensity, rapl_domains: domains.map((d) => d.name) },
        };
      },
    };
  }
  const clock = o.cpuUsage ?? (() => process.cpuUsage());
  const t0 = clock();
  return {
    method: 'cpu-seconds',
    read() {
      const t = clock();
      const seconds = (t.user - t0.user + t.system - t0.system) / 1e6;
      const kwh = (seconds * o.wattsPerCore) / 3.6e6;
      return {
        kgCo2: kg(kwh),
        record: {
          method: 'cpu-seconds',
          energy_kwh: kwh,
          carbon_intensity_g_per_kwh: o.intensity,
          cpu_seconds: seconds,
          watts_per_core: o.wattsPerCore,
        },
      };
    },
  };
}
