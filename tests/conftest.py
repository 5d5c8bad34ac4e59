"""Shared fixtures: the demo dataset (read once) and the real-data setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from geo.io.ingest import load_demo
from geo.model.dataset import Dataset


@pytest.fixture(scope="session")
def demo() -> Dataset:
    """The committed demo city, read and joined once for the whole run."""
    return load_demo()


@pytest.fixture(scope="session")
def real_data() -> Path:
    """``../shared/data/real`` via ``ATLAS_REAL_DATA``; tests skip with a reason without it.

    The real files are never copied into the repository (the publisher's licence forbids it).
    """
    setting = os.environ.get("ATLAS_REAL_DATA")
    if not setting:
        pytest.skip("ATLAS_REAL_DATA is not set (real Medellín files live outside the repo)")
    path = Path(setting)
    if not path.is_dir():
        pytest.fail(f"ATLAS_REAL_DATA={setting} is not a folder")
    return path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """pytest-xdist sends each test file to a worker whole, and every browser test to one
    worker: there they run in the order and with the one app server they have when the suite
    runs serially, while the other worker runs the tests without a browser. Two servers and
    two browsers at once on two cores lost clicks and mixed sessions' state."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "tests/browser/" if path.startswith("tests/browser/") else path

    return BrowserTestsTogether(config, log)
