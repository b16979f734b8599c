"""Prints what SQLAlchemy generated for each mapped class of an application (its __init__: the code
object, constant for constant, its signature, its linecache source), one class a line, after
importing it the way the exporter does (python/ormscope_models.py share_generated_code(), off with
ORMSCOPE_MODELS_STOCK=1). The models tests run it both ways and compare the output: the shared
compile must give every class the code SQLAlchemy's own compile gives it.

    python generated_code.py EXPORTER_DIR MODULE
"""
import hashlib
import importlib
import inspect
import linecache
import sys
import types


def describe(code):
    consts = tuple(describe(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts)
    return (code.co_name, code.co_qualname, code.co_filename, code.co_firstlineno, code.co_flags, code.co_argcount,
            code.co_posonlyargcount, code.co_kwonlyargcount, code.co_varnames, code.co_names, code.co_freevars,
            code.co_cellvars, code.co_code, code.co_linetable, code.co_exceptiontable, consts)


def main(exporter_dir, module):
    sys.path.insert(0, exporter_dir)
    sys.path.insert(0, ".")
    import ormscope_models
    ormscope_models.share_generated_code()
    importlib.import_module(module)
    from sqlalchemy.orm import mapperlib
    classes = sorted((m.class_ for r in mapperlib._all_registries() for m in r.mappers),
                     key=lambda c: (c.__module__, c.__qualname__))
    for cls in classes:
        init = cls.__dict__.get("__init__")
        if init is None or not isinstance(init, types.FunctionType):
            print(cls.__qualname__, "no generated __init__")
            continue
        code = init.__code__
        source = linecache.getlines(code.co_filename)
        print(cls.__qualname__, repr(describe(code)), inspect.signature(cls), init.__defaults__, init.__kwdefaults__,
              init.__doc__, hashlib.sha1("".join(source).encode()).hexdigest())
    print(len(classes), "classes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
