"""Find the adapter a client author names: a Python class (path/to/adapter.py:Class or
package.module:Class) or a command line that starts an adapter in any language.
Every mistake is one ValueError line naming the option and what to fix."""

from __future__ import annotations

import importlib
import importlib.util
import shlex
import sys
from pathlib import Path

from losant_contract.clientkit.adapter import Adapter, Harness
from losant_contract.clientkit.process import ProcessAdapter


def adapter(spec: str | None, command: str | None) -> Harness:
    """The adapter from --adapter SPEC or --command CMD (exactly one of them)."""
    if bool(spec) == bool(command):
        raise ValueError("give exactly one of --adapter path/to/adapter.py:Class and --command 'node adapter.js'")
    if command:
        argv = shlex.split(command)
        if not argv:
            raise ValueError("--command is empty: give the command that starts your adapter")
        return ProcessAdapter(argv)
    assert spec is not None
    return python_adapter(spec)


def python_adapter(spec: str) -> Adapter:
    where, _, name = spec.rpartition(":")
    if not where or not name:
        raise ValueError(f"--adapter must be path/to/adapter.py:Class or package.module:Class, not {spec!r}")
    if where.endswith(".py"):
        path = Path(where)
        if not path.is_file():
            raise ValueError(f"--adapter: no file {where}")
        loaded = importlib.util.spec_from_file_location(f"clientkit_adapter_{path.stem}", path)
        if loaded is None or loaded.loader is None:
            raise ValueError(f"--adapter: cannot load {where} as Python")
        module = importlib.util.module_from_spec(loaded)
        sys.modules[loaded.name] = module
        try:
            loaded.loader.exec_module(module)
        except ImportError as error:
            raise ValueError(f"--adapter {where}: {error} (is the client installed in this environment?)") from None
    else:
        try:
            module = importlib.import_module(where)
        except ImportError as error:
            raise ValueError(f"--adapter: cannot import {where}: {error}") from None
    factory = getattr(module, name, None)
    if factory is None:
        raise ValueError(f"--adapter: {where} has no {name}")
    made = factory()
    if not isinstance(made, Adapter):
        raise ValueError(f"--adapter: {name}() is not a losant_contract.clientkit.Adapter")
    return made
