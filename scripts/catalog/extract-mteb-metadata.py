#!/usr/bin/env python3
"""Extract task metadata and benchmark definitions from an mteb source tree, without mteb's dependencies.

Usage: python3 scripts/catalog/extract-mteb-metadata.py <mteb-checkout-root> > /tmp/mteb-meta.json

How: every `mteb.*` module outside `mteb.tasks` and `mteb.benchmarks.benchmarks` is replaced by a stub whose
attributes are inert placeholder classes; `TaskMetadata(...)` records its keyword arguments; the task modules
themselves are executed as written (their class bodies build the metadata). `get_tasks`/`get_task`/`Benchmark`
record their arguments, so a benchmark comes out as its declared selection (task names, languages, scripts,
eval_splits, exclusive_language_filter), which mteb-ts's registry then applies with its own filter code.
Per class it also records the task's base classes, simple class attributes (samples_per_label, ...) and which
data hooks (load_data, dataset_transform, ...) the class or a task-module parent overrides. Descriptive stats
(mteb/descriptive_stats/<Type>/<Task>.json) give row counts per split.
Nothing of mteb is copied into the project: the output is plain data reviewed by hand before the catalog uses it.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # also when run through runpy
from import_stubs import Stub, StubLoader, install, stub_class  # noqa: E402

ROOT = os.path.abspath(sys.argv[1])
PKG = os.path.join(ROOT, 'mteb')
REAL_PREFIXES = ('mteb.tasks', 'mteb.benchmarks.benchmarks')
HOOKS = ('load_data', 'dataset_transform', '_load_data', 'load_dataset', '_evaluate_subset', 'evaluate', '_calculate_descriptive_statistics_from_split')


class Recorded(dict):
    """TaskMetadata(...) result: the keyword arguments, attribute access for code that reads them."""

    def __getattr__(self, name):
        if name in self:
            return self[name]
        if name == 'hf_subsets':
            el = self.get('eval_langs')
            return list(el.keys()) if isinstance(el, dict) else ['default']
        if name == 'revision':
            return self['dataset']['revision']
        return Stub()

    def model_copy(self, update=None, **k):
        r = Recorded(self)
        r.update(update or {})
        return r


def TaskMetadata(**kw):
    return Recorded(kw)


class Selection:
    """What get_tasks/get_task was asked for."""

    def __init__(self, parts):
        self.parts = parts

    def __add__(self, other):
        if isinstance(other, (list, tuple)):
            return Selection(self.parts + [q for o in other if isinstance(o, Selection) for q in o.parts])
        return Selection(self.parts + other.parts)

    def __radd__(self, other):
        if isinstance(other, (list, tuple)):
            return Selection([p for o in other for p in (o.parts if isinstance(o, Selection) else [])] + self.parts)
        return self

    def __iter__(self):
        return iter([Selection([p]) for p in self.parts])

    def filter_languages(self, *a, **k):
        for p in self.parts:
            p.setdefault('post', []).append({'filter_languages': [list(a[0]) if a and a[0] else None], **k})
        return self

    def filter_eval_splits(self, eval_splits):
        for p in self.parts:
            p.setdefault('post', []).append({'filter_eval_splits': list(eval_splits) if eval_splits else None})
        return self


def _get_tasks(tasks=None, **kw):
    kw = {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in kw.items()}
    return Selection([{'tasks': list(tasks) if tasks else None, **kw}])


def _get_task(task_name, **kw):
    return _get_tasks(tasks=[task_name], **kw)


def _mteb_tasks(x=()):
    if isinstance(x, Selection):
        return x
    out = Selection([])
    for e in x:
        out = out + e if isinstance(e, Selection) else out
    return out


BENCHMARKS = []


class Benchmark:
    def __init__(self, **kw):
        self.kw = kw
        BENCHMARKS.append(self)


SPECIALS = {
    'TaskMetadata': TaskMetadata,
    'get_tasks': _get_tasks,
    'get_task': _get_task,
    'MTEBTasks': _mteb_tasks,
    **{b: Benchmark for b in ('Benchmark', 'HUMEBenchmark', 'MIEBBenchmark', 'VidoreBenchmark', 'RtebBenchmark')},
}


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname == 'mteb':
            spec = importlib.machinery.ModuleSpec('mteb', None, is_package=True)
            spec.submodule_search_locations = [PKG]
            return spec
        real = fullname.startswith(REAL_PREFIXES) or fullname == 'mteb.benchmarks'
        if fullname.startswith('mteb.') and not real:
            return importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS))
        if fullname == 'mteb.benchmarks':
            spec = importlib.machinery.ModuleSpec('mteb.benchmarks', StubLoader(SPECIALS), is_package=True)
            spec.submodule_search_locations = [os.path.join(PKG, 'benchmarks')]
            return spec
        if not fullname.startswith('mteb'):
            top = fullname.split('.')[0]
            if top in sys.builtin_module_names or top in sys.stdlib_module_names:
                return None
            if importlib.machinery.PathFinder.find_spec(top) is not None and top in ('numpy',):
                return None
            return importlib.machinery.ModuleSpec(fullname, StubLoader(SPECIALS), is_package=True)
        return None


install(Finder())

import mteb  # noqa: E402,F401

# Walk every task module (importing the package __init__ would skip nothing, but walking also finds classes
# that an __init__ forgets to export).
task_classes = {}
errors = []
for dirpath, _, files in os.walk(os.path.join(PKG, 'tasks')):
    for f in sorted(files):
        if not f.endswith('.py'):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), ROOT)[:-3].replace(os.sep, '.')
        if rel.endswith('.__init__'):
            rel = rel[: -len('.__init__')]
        try:
            mod = importlib.import_module(rel)
        except Exception as e:  # noqa: BLE001
            errors.append({'module': rel, 'error': repr(e)})
            continue
        for obj in list(vars(mod).values()):
            if isinstance(obj, type) and isinstance(obj.__dict__.get('metadata'), Recorded) and obj.__module__ == rel:
                task_classes[obj.__dict__['metadata']['name']] = obj


def jsonable(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [jsonable(x) for x in v]
    if isinstance(v, type) and issubclass(v, Stub):
        return f'<stub {v._stub_name}>'
    if isinstance(v, type) and isinstance(v.__dict__.get('metadata'), Recorded):
        return f'<task {v.__dict__["metadata"]["name"]}>'
    return f'<{type(v).__name__}>'


KEEP_META = ('name', 'type', 'category', 'dataset', 'eval_splits', 'eval_langs', 'main_score', 'superseded_by',
             'prompt', 'domains', 'modalities', 'is_public', 'is_beta', 'reference', 'description', 'adapted_from')
tasks_out = {}
for name, cls in sorted(task_classes.items()):
    md = cls.__dict__['metadata']
    entry = {k: jsonable(md.get(k)) for k in KEEP_META if k in md}
    chain = [c for c in cls.__mro__ if c is not object]
    entry['bases'] = [c.__dict__.get('_stub_name') or f'{c.__module__}.{c.__name__}' for c in chain[1:] if c is not Stub]
    entry['module'] = cls.__module__
    overrides = {}
    attrs = {}
    for c in chain:
        if '_stub_name' in c.__dict__ or c is Stub:
            continue
        for k, v in c.__dict__.items():
            if k in HOOKS and callable(v):
                overrides.setdefault(k, f'{c.__module__}.{c.__name__}')
            elif not k.startswith('__') and k != 'metadata' and not callable(v) and not isinstance(v, (classmethod, staticmethod, property)):
                attrs.setdefault(k, jsonable(v))
    entry['overrides'] = overrides
    entry['attrs'] = attrs
    if md.get('type') and name:
        p = os.path.join(PKG, 'descriptive_stats', md['type'], f'{name}.json')
        if os.path.exists(p):
            try:
                stats = json.load(open(p))
                entry['stats'] = {split: {k: v for k, v in s.items() if k in ('num_samples', 'number_of_characters', 'num_documents', 'num_queries', 'number_of_queries', 'number_of_documents')} | ({'corpus': s['documents_text_statistics'].get('num_texts')} if isinstance(s.get('documents_text_statistics'), dict) else {}) | ({'queries': s['queries_text_statistics'].get('num_texts')} if isinstance(s.get('queries_text_statistics'), dict) else {}) for split, s in stats.items() if isinstance(s, dict)}
            except Exception as e:  # noqa: BLE001
                entry['stats_error'] = repr(e)
    tasks_out[name] = entry

importlib.import_module('mteb.benchmarks.benchmarks.benchmarks')
bench_out = []
for b in BENCHMARKS:
    kw = b.kw
    sel = kw.get('tasks')
    bench_out.append({
        'name': kw.get('name'),
        'aliases': jsonable(kw.get('aliases')),
        'description': kw.get('description'),
        'reference': kw.get('reference'),
        'superseded_by': jsonable(kw.get('superseded_by')),
        'selection': jsonable(sel.parts) if isinstance(sel, Selection) else jsonable(sel),
    })

json.dump({'tasks': tasks_out, 'benchmarks': bench_out, 'errors': errors}, sys.stdout, indent=1, sort_keys=False)
