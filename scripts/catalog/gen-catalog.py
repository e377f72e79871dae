#!/usr/bin/env python3
"""Writes tasks/catalog/mteb/*.ts from the JSON of scripts/catalog/extract-mteb-metadata.py.

Usage: python3 scripts/catalog/gen-catalog.py /tmp/mteb-meta.json
Only tasks that the hand-written catalog (tasks/catalog/*.ts, names passed via /tmp/ours.json) lacks are
written; the benchmarks of BENCHMARKS below are written to tasks/catalog/mteb/benchmarks.ts.
Every generated entry is plain metadata (name, dataset, splits, subsets, main score, class parameters, row
counts of mteb's descriptive stats); a task whose data hooks (load_data / dataset_transform) are not ported
gets `unsupported` naming the mteb file, and the runner refuses it instead of scoring the wrong rows.
"""
import json
import os
import sys

META = json.load(open(sys.argv[1]))
OURS = {t['name'] for t in json.load(open(sys.argv[2] if len(sys.argv) > 2 else '/tmp/ours.json'))}
OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'tasks', 'catalog', 'mteb')
T = META['tasks']

BENCHMARKS = [
    'MTEB(Multilingual, v2)', 'BEIR', 'MTEB(Europe, v1)', 'MTEB(Multilingual, v1)', 'MTEB(Code, v1)',
    'MTEB(Medical, v1)', 'MTEB(Law, v1)', 'LongEmbed', 'BRIGHT(v1.1)', 'NanoBEIR-multilingual', 'FollowIR',
    'MTEB(deu, v1)', 'MTEB(fra, v1)', 'MTEB(Scandinavian, v1)', 'MTEB(cmn, v1)', 'MTEB(jpn, v1)',
]
# Tasks in no benchmark above that #13 asks for by name (the multilingual FollowIR variants).
EXTRA_TASKS = ['mFollowIR', 'mFollowIRCrossLingual']
PENDING_TYPES = {'MultilabelClassification', 'InstructionReranking'}
FILES = {
    'BitextMining': 'bitext-mining', 'Classification': 'classification', 'Clustering': 'clustering',
    'PairClassification': 'pair-classification', 'Reranking': 'reranking', 'Retrieval': 'retrieval', 'STS': 'sts',
    'Summarization': 'summarization',
}
# Ported data hooks: task name -> params that reproduce them in our evaluators (filled in as ports land).
PORTED = json.load(open(os.path.join(os.path.dirname(__file__), 'ported.json')))

bench = {b['name']: b for b in META['benchmarks']}
wanted = []
for bn in BENCHMARKS:
    for part in bench[bn]['selection']:
        for t in part['tasks']:
            if t not in wanted:
                wanted.append(t)
for t in EXTRA_TASKS:
    if t not in wanted:
        wanted.append(t)
aggregates = {n for n in wanted if n not in T}
# superseded_by targets of every task we list, so `list tasks` never points at an unknown task
todo = [n for n in wanted if n in T]
closure = []
while todo:
    n = todo.pop(0)
    if n in closure:
        continue
    closure.append(n)
    s = T[n].get('superseded_by')
    if s and s in T:
        todo.append(s)
for n in list(OURS):
    s = T.get(n, {}).get('superseded_by')
    if s and s in T and s not in closure:
        closure.append(s)
new = [n for n in closure if n not in OURS]


def js(v):
    return json.dumps(v, ensure_ascii=False)


def mono(el):
    return not isinstance(el, dict)


big_maps = {}


def langs_expr(name, el):
    if mono(el):
        return js(el)
    if len(el) <= 12:
        return '{ ' + ', '.join(f'{js(k)}: {js(v)}' for k, v in el.items()) + ' }'
    const = 'L_' + ''.join(c if c.isalnum() else '_' for c in name)
    keys = list(el)
    firsts = []
    for k in keys:
        a = k.split('-')[0]
        if a not in firsts:
            firsts.append(a)
    gen = [f'{a}-{b}' for a in firsts for b in firsts if a != b]
    if len(keys) > 2000 and gen == keys and all(el[k] == [k.split('-')[0].replace('_', '-'), k.split('-')[1].replace('_', '-')] for k in keys):
        big_maps[const] = f'orderedPairs({js(firsts)})'
    else:
        big_maps[const] = '{\n' + ''.join(f'  {js(k)}: {js(v)},\n' for k, v in el.items()) + '}'
    return const


def src_file(module):
    return module.replace('.', '/') + '.py'


def params_for(n, t):
    a = t['attrs']
    p = {}
    typ = t['type']
    if typ in ('Classification', 'MultilabelClassification'):
        for k, ours in (('samples_per_label',) * 2, ('n_experiments',) * 2, ('train_split',) * 2, ('label_column_name', 'label_column'), ('input_column_name', 'input_column'), ('is_cross_validation',) * 2):
            if k in a:
                p[ours] = a[k]
    if typ == 'Clustering' and not any('clustering_legacy' in b for b in t['bases']):
        for k in ('max_document_to_embed', 'max_fraction_of_documents_to_embed', 'max_depth', 'max_documents_per_cluster', 'n_clusters'):
            if k in a:
                p[k] = a[k]
    if typ in ('STS', 'Summarization'):
        for k in ('min_score', 'max_score'):
            if k in a:
                p[k] = a[k]
    if typ in ('Retrieval', 'Reranking', 'InstructionReranking'):
        for k in ('ignore_identical_ids', 'skip_first_result'):
            if k in a:
                p[k] = a[k]
    if typ == 'BitextMining' and a.get('parallel_subsets'):
        p['parallel_subsets'] = True
    return p


def entry(n):
    t = T[n]
    typ = t['type']
    extra = {}
    if any('clustering_legacy' in b for b in t['bases']):
        extra['evaluator'] = 'ClusteringLegacy'
    p = params_for(n, t)
    ds = t['dataset']
    if ds.get('name'):
        p['hf_config'] = ds['name']  # mteb's load_dataset(name=...)
    if ds.get('split'):
        p['hf_split_slice'] = ds['split']
    port = PORTED.get(n)
    if port:
        p.update(port.get('params', {}))
    if p:
        extra['params'] = p
    if t['attrs'].get('fast_loading'):
        extra['fastLoad'] = True
    if t.get('superseded_by'):
        extra['supersededBy'] = t['superseded_by']
    if t.get('prompt'):
        extra['prompt'] = t['prompt']
    rows = {}
    for split, s in (t.get('stats') or {}).items():
        if split not in t['eval_splits']:
            continue
        r = {}
        if s.get('num_documents') is not None:
            r['documents'] = s['num_documents']
            r['queries'] = s.get('num_queries')
        elif s.get('num_samples') is not None:
            r['samples'] = s['num_samples']
        if r:
            rows[split] = r
    if rows:
        extra['expectedRows'] = rows
    hooks = sorted(t['overrides'])
    if port and port.get('unsupported'):
        extra['unsupported'] = port['unsupported']
    elif hooks and not port:
        owner = sorted(set(t['overrides'].values()))
        extra['unsupported'] = f"{' and '.join(hooks)} of {', '.join(src_file(o.rsplit('.', 1)[0]) for o in owner)} not ported"
    elif typ == 'BitextMining' and p.get('parallel_subsets') and not port:
        extra['unsupported'] = 'parallel_subsets bitext loading not ported'
    if port and port.get('source') and not port.get('unsupported'):
        extra['port'] = port['source']
    if port and port.get('deviation'):
        extra['deviation'] = port['deviation']
    if t.get('reference'):
        extra['reference'] = t['reference']
    desc = ' '.join((t.get('description') or '').split())
    ex = ', '.join(f'{k}: {v if k in ("subsetsConst",) else js(v)}' for k, v in extra.items())
    return (f"  t({js(typ)}, {js(n)}, {js(t['dataset']['path'])}, {js(t['dataset']['revision'])}, {js(t['eval_splits'])}, "
            f"{langs_expr(n, t['eval_langs'])}, {js(t['main_score'])}, {js(t.get('category') or 't2t')}, {js(desc)}"
            + (f', {{ {ex} }}' if ex else '') + '),\n')


HEADER = '''// Generated by scripts/catalog/gen-catalog.py from mteb 2.20.0's task metadata (mteb/tasks/**); edit the
// generator or scripts/catalog/ported.json, not this file. Each entry cites nothing but metadata; a task whose
// load_data/dataset_transform is not ported carries `unsupported` and is refused by the runner.
'''
os.makedirs(OUT, exist_ok=True)
by_file = {}
for n in sorted(new, key=lambda x: (T[x]['type'], x)):
    typ = T[n]['type']
    f = 'pending-types' if typ in PENDING_TYPES else FILES[typ]
    by_file.setdefault(f, []).append(entry(n))

uses_langs = set()
for f, lines in by_file.items():
    body = ''.join(lines)
    consts = sorted(c for c in big_maps if c in body)
    imp = "import type { TaskMetadata } from '../../metadata.js';\nimport { t } from './entry.js';\n"
    if f == 'pending-types':
        imp = "import { pending as t, type PendingTask } from './entry.js';\n"
    if consts:
        imp += 'import { ' + ', '.join(consts) + " } from './langs.js';\n"
    typ_decl = 'PendingTask[]' if f == 'pending-types' else 'TaskMetadata[]'
    with open(os.path.join(OUT, f + '.ts'), 'w') as fh:
        fh.write(HEADER + imp + f'\nexport const tasks: {typ_decl} = [\n' + body + '];\n')

with open(os.path.join(OUT, 'langs.ts'), 'w') as fh:
    fh.write(HEADER + "/** hf_subset -> languages maps too long to sit in an entry line (mteb's eval_langs, in mteb's order). */\n")
    fh.write("import { orderedPairs } from './entry.js';\n\n")
    for c, v in sorted(big_maps.items()):
        fh.write(f'export const {c}: Record<string, string[]> = {v};\n\n')

# benchmarks
def bline(bn):
    b = bench[bn]
    parts = []
    for part in b['selection']:
        opts = {}
        for k, tk in (('languages', 'languages'), ('script', 'script'), ('eval_splits', 'evalSplits'), ('hf_subsets', 'subsets'), ('exclusive_language_filter', 'exclusiveLanguageFilter')):
            if part.get(k) not in (None, False, []):
                opts[tk] = part[k]
        extra = {k: v for k, v in part.items() if k not in ('tasks', 'languages', 'script', 'eval_splits', 'hf_subsets', 'exclusive_language_filter')}
        if extra:
            raise SystemExit(f'{bn}: unhandled selection options {extra}')
        parts.append('    select(' + js(part['tasks']) + (', ' + js(opts) if opts else '') + '),\n')
    desc = ' '.join((b.get('description') or '').split())
    out = '  benchmark({\n'
    out += f'    name: {js(bn)},\n'
    if b.get('aliases'):
        out += f"    aliases: {js(b['aliases'])},\n"
    out += f'    description: {js(desc)},\n'
    if b.get('reference'):
        out += f"    reference: {js(b['reference'])},\n"
    aggs = [n for part in b['selection'] for n in part['tasks'] if n in aggregates]
    if aggs:
        out += '    aggregates: { ' + ', '.join(f'{js(a)}: AGGREGATE_TASKS[{js(a)}]!' for a in aggs) + ' },\n'
    if b.get('superseded_by'):
        sb = b['superseded_by']
        out += f"    supersededBy: {js(sb[0] if isinstance(sb, list) else sb)},\n"
    out += '  }, [\n' + ''.join(parts) + '  ]),\n'
    return out


with open(os.path.join(OUT, 'benchmarks.ts'), 'w') as fh:
    fh.write(HEADER.replace("mteb/tasks/**", "mteb/benchmarks/benchmarks/benchmarks.py"))
    fh.write("import type { Benchmark } from '../../benchmark.js';\nimport { AGGREGATE_TASKS } from '../aggregates.js';\nimport { benchmark, select } from './entry.js';\n\n")
    fh.write("/** Each select() is one get_tasks()/get_task() call of mteb's definition, with its filter arguments. */\n")
    fh.write('export const BENCHMARKS: Benchmark[] = [\n' + ''.join(bline(bn) for bn in BENCHMARKS) + '];\n')

print(f'{len(new)} tasks written; aggregates {sorted(aggregates)}; big maps {len(big_maps)}', file=sys.stderr)
for f, lines in sorted(by_file.items()):
    print(f'  {f}: {len(lines)} ({sum(1 for l in lines if "unsupported" in l)} unsupported)', file=sys.stderr)
