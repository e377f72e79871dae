/**
 * Prints the README's benchmark coverage tables (markdown) from the registry:
 *   npx tsx scripts/catalog/coverage-table.ts
 */
import { getBenchmarkTasks, listBenchmarks } from '../../tasks/registry.js';

const lines: string[] = ['| benchmark | tasks | supported | not yet supported |', '|---|---:|---:|---|'];
const reasons = new Map<string, { type: string; reason: string; benchmarks: string[] }>();
for (const b of listBenchmarks()) {
  if (b.name === 'demo') continue;
  const tasks = getBenchmarkTasks(b);
  const bad = new Set(tasks.filter((t) => t.unsupported).map((t) => t.name));
  // Count as the benchmark does: an aggregate (CQADupstackRetrieval) is one task, runnable when all members are.
  const counted = b.tasks.map((n) => ({ n, ok: !(b.aggregates?.[n] ?? [n]).some((m) => bad.has(m)) }));
  for (const t of tasks.filter((x) => x.unsupported)) {
    const r = reasons.get(t.name) ?? { type: t.type, reason: t.unsupported!, benchmarks: [] };
    r.benchmarks.push(b.name);
    reasons.set(t.name, r);
  }
  lines.push(`| ${b.name} | ${b.tasks.length} | ${counted.filter((c) => c.ok).length} | ${bad.size ? [...bad].join(', ') : '-'} |`);
}
lines.push('', '| task | type | why it cannot be reproduced yet | in |', '|---|---|---|---|');
for (const [name, r] of [...reasons].sort((a, b) => a[0].localeCompare(b[0])))
  lines.push(`| ${name} | ${r.type} | ${r.reason} | ${r.benchmarks.join(', ')} |`);
console.log(lines.join('\n'));
