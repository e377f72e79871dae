"""Import mteb's source without its dependencies: the stub machinery both catalog extractors share.

A meta-path finder (each script writes its own: which modules run as written is the script's choice) answers
every other module with `StubLoader`, whose modules hand out inert placeholder classes for any attribute, except
the names a script records (`TaskMetadata`, `ModelMeta`, `get_tasks`, ...), given as `specials`.
Used by extract-mteb-metadata.py and extract-mteb-models.py; imported before their finder is installed.
"""
import importlib.abc
import sys
import types


class StubMeta(type):
    def __getattr__(cls, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return stub_class(f'{cls.__name__}.{name}')

    def __getitem__(cls, item):
        return cls

    def __or__(cls, other):
        return cls

    def __ror__(cls, other):
        return cls


class Stub(metaclass=StubMeta):
    _stub = True

    def __init__(self, *a, **k):
        self._args = a
        self._kwargs = k

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return Stub()

    def __call__(self, *a, **k):
        return Stub()

    def __iter__(self):
        return iter(())

    def __or__(self, other):
        return self

    def __ror__(self, other):
        return self


_stub_classes = {}


def stub_class(name):
    """One placeholder class per dotted name (so `isinstance`/subclassing against it is stable)."""
    if name not in _stub_classes:
        # __module__ '__main__' as when each script defined these: str(cls) can end up in the output (a dict key)
        _stub_classes[name] = StubMeta(name.split('.')[-1], (Stub,), {'_stub_name': name, '__module__': '__main__'})
    return _stub_classes[name]


def stub_module(name, specials):
    """A package-like module whose attributes are `specials[attr]` or a placeholder class named after it."""
    m = types.ModuleType(name)
    m.__path__ = []

    def __getattr__(attr):
        if attr.startswith('__'):
            raise AttributeError(attr)
        if attr in specials:
            return specials[attr]
        return stub_class(f'{name}.{attr}')

    m.__getattr__ = __getattr__
    return m


class StubLoader(importlib.abc.Loader):
    def __init__(self, specials):
        self.specials = specials

    def create_module(self, spec):
        m = stub_module(spec.name, self.specials)
        if spec.submodule_search_locations:
            m.__path__ = spec.submodule_search_locations
        return m

    def exec_module(self, module):
        pass


def install(finder):
    """Puts the script's finder first; mteb's deep import chains need a higher recursion limit."""
    sys.meta_path.insert(0, finder)
    sys.setrecursionlimit(5000)
