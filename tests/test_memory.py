"""arxl.memory: the collector paused for one computation, freed pages given back."""

from __future__ import annotations

import gc

import pytest

from arxl.memory import gc_paused, give_back


@pytest.mark.parametrize("enabled", [True, False])
def test_gc_paused_restores_the_collector(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), gc_paused():
            raise ValueError
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_give_back_runs_anywhere() -> None:
    give_back()  # glibc's malloc_trim on Linux, nothing elsewhere: never an error
