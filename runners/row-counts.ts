/**
 * The row-count check of #13: catalog entries carry mteb's descriptive-statistics row counts per split
 * (`expectedRows`, summed over all subsets, from mteb/descriptive_stats/<Type>/<Task>.json); when a run has loaded
 * every subset of a split, the rows it loaded (in the same terms, see TaskTypeModule.rowCounts) are compared and a
 * difference is reported as a warning: the mirror or hub holds other data than mteb described, or a transform
 * differs. Never an error, since mteb's statistics can lag behind a dataset.
 */
import { ALL_TASKS } from '../tasks/catalog/index.js';
import type { TaskMetadata } from '../tasks/metadata.js';
import type { RowCounts } from '../tasks/types/module.js';

type Counted = { subsets: Set<string>; samples: number; documents: number; queries: number; hasRetrieval: boolean };

export class RowCountCheck {
  private readonly bySplit = new Map<string, Counted>();
  constructor(private readonly task: TaskMetadata) {}

  add(split: string, subset: string, counts: RowCounts | undefined): void {
    if (!counts || !this.task.expectedRows?.[split]) return;
    let c = this.bySplit.get(split);
    if (!c) this.bySplit.set(split, (c = { subsets: new Set(), samples: 0, documents: 0, queries: 0, hasRetrieval: false }));
    c.subsets.add(subset);
    c.samples += counts.samples;
    if (counts.documents !== undefined && counts.queries !== undefined) {
      c.hasRetrieval = true;
      c.documents += counts.documents;
      c.queries += counts.queries;
    }
  }

  /** One message per split whose loaded rows differ from mteb's statistics (only splits with every subset loaded). */
  warnings(): string[] {
    const full = ALL_TASKS.find((t) => t.name === this.task.name && t.dataset.path === this.task.dataset.path) ?? this.task;
    const allSubsets = Object.keys(full.subsets);
    const out: string[] = [];
    for (const [split, c] of this.bySplit) {
      if (!allSubsets.every((s) => c.subsets.has(s))) continue;
      const want = this.task.expectedRows![split]!;
      const diffs: string[] = [];
      if (want.documents != null && want.queries != null && c.hasRetrieval) {
        if (want.documents !== c.documents) diffs.push(`${c.documents} documents (mteb: ${want.documents})`);
        if (want.queries !== c.queries) diffs.push(`${c.queries} queries (mteb: ${want.queries})`);
      } else if (want.samples != null && want.samples !== c.samples) {
        diffs.push(`${c.samples} rows (mteb: ${want.samples})`);
      }
      if (diffs.length) {
        out.push(
          `${this.task.name} ${split}: loaded ${diffs.join(', ')} per mteb's descriptive statistics; the data may differ from the pinned revision ${this.task.dataset.revision}`,
        );
      }
    }
    return out;
  }
}
