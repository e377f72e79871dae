// The results API on a result folder: a leaderboard over every task in it, a diff of the first two models, and an
// HTML report (docs/results-tooling.md).
//   node examples/results.mjs mteb-results [report.html]
import { writeFileSync } from 'node:fs';
import {
  aggregateBenchmark,
  collectResults,
  diffRuns,
  formatDiff,
  formatLeaderboard,
  joinRevisions,
  registryLookup,
  renderHtmlReport,
  specFromResults,
} from 'mteb-ts/results';

const [folder = 'mteb-results', html] = process.argv.slice(2);

const { runs, issues } = collectResults([folder]);
for (const i of issues) console.error(`warning: ${i.file}: ${i.message}`);
const models = joinRevisions(runs);
const leaderboard = aggregateBenchmark(models, specFromResults(models, registryLookup));
console.log(formatLeaderboard(leaderboard, 'markdown'));
if (models.length >= 2) console.log(formatDiff(diffRuns(models[0], models[1]), 'table'));
if (html) writeFileSync(html, renderHtmlReport(leaderboard, { title: `Results in ${folder}` }));
