"""Fixtures shared by every test package: small demo bundles and workspaces.

Each test gets fresh files under its own tmp_path; the bundles themselves
are built once per session because signing and generating take a moment.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from review.demo.bundle import build_demo_bundles
from review.workspace.database import Workspace

PASSPHRASE = "correct-horse-battery"
SMALL_CASES = 40


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch, tmp_path_factory) -> Path:
    """Every test has its own data folder, so the keyring that commands learn (and the
    app's settings) are the test's, never the person's running the tests."""
    home = tmp_path_factory.mktemp("data-home")
    monkeypatch.setenv("PANEL_REVIEW_HOME", str(home))
    return home


@pytest.fixture
def cli_passphrase(monkeypatch) -> None:
    """The passphrase in the environment, where the command line reads it."""
    import main
    monkeypatch.setenv(main.PASSPHRASE_ENV, PASSPHRASE)


@pytest.fixture(scope="session")
def small_bundle(tmp_path_factory) -> Path:
    """A signed 40-case demo bundle for one member (never modify it in place)."""
    path = tmp_path_factory.mktemp("bundles") / "small.prb"
    build_demo_bundles(path, cases=SMALL_CASES, seed=7)
    return path


@pytest.fixture
def bundle_copy(small_bundle, tmp_path) -> Path:
    """A private copy of the small bundle that a test may corrupt."""
    target = tmp_path / "copy.prb"
    shutil.copyfile(small_bundle, target)
    return target


@pytest.fixture
def workspace(small_bundle, tmp_path):
    ws = Workspace.create(tmp_path / "member.prw", PASSPHRASE, small_bundle)
    yield ws
    ws.close()
