// The README's library example, runnable: evaluate precomputed vectors on STS12 and SICK-R.
//   npx mteb-ts embed -m lexical -t STS12 SICK-R --hub-mirror ../shared/hub --out my-vectors
//   node examples/library.mjs [hub mirror, default ../shared/hub] [vectors, default ./my-vectors] [output folder]
import { evaluate, getModel, getTasks } from 'mteb-ts';

const [mirror = '../shared/hub', vectors = './my-vectors', outputFolder = 'mteb-results'] = process.argv.slice(2);

const model = await getModel(`precomputed:${vectors}`);
const tasks = getTasks({ tasks: ['STS12', 'SICK-R'] });
const report = await evaluate(model, tasks, { outputFolder, data: { hubMirror: mirror } });
for (const r of report.results) console.log(r.task_name, r.scores.test?.[0]?.main_score);
for (const f of report.failures) console.error(f.task, f.error.message);
process.exitCode = report.failures.length ? 1 : 0;
