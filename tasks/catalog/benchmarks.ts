import type { Benchmark } from '../benchmark.js';

/** Benchmarks with their task lists and split/subset filters (mteb/benchmarks/benchmarks/benchmarks.py). */
export const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'demo',
    description: 'Built-in offline demo: one small project-authored task per implemented task type.',
    tasks: ['DemoSTS', 'DemoPairClassification', 'DemoBitextMining', 'DemoSummarization'],
  },
];
