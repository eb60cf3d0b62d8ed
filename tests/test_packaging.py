"""A wheel (not an editable install) carries everything rung needs and runs `rung demo`.

The wheel is built and pip-installed into a fresh venv with --no-deps; the venv finds the
dependencies (textual, numpy, …) through a .pth line pointing at this environment's
site-packages, which adds the path without running this environment's editable finder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]  # one worker builds it


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    # built from a copy of the sources: setuptools builds in the tree it is given (build/,
    # *.egg-info), where another run's build or a stale build/lib would get in
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    package_dirs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    for folder in {d.split("/")[0] for d in package_dirs["package-dir"].values()}:
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(source)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp.glob("rung-*.whl"))
    venv = tmp / "venv"
    # no pip of its own (seeding one costs ~2 s): this pip installs into it
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(py),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return wheel, venv, venv / "bin" / "rung"


def test_wheel_contents(wheel_env):
    wheel, _, _ = wheel_env
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "rung/core/store.py",
        "rung/tui/app.py",
        "rung/tui/app.tcss",
        "rung/schemas/migrations/0001_initial.sql",
        "rung/schemas/levels.toml",
        "rung/sample_data/applications.csv",
        "rung/sample_data/demo.toml",
    ):
        assert needed in names, needed
    assert not any(n.startswith(("core/", "tui/", "schemas/", "sample_data/")) for n in names)


def test_installed_rung_runs_from_another_directory(wheel_env, tmp_path):
    _, venv, rung = wheel_env
    env = {**os.environ, "RUNG_DB": str(tmp_path / "w.db")}
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import rung.core.store as s; print(s.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(venv) in where
    subprocess.run(
        [str(rung), "add", "application", "Acme", "Engineering Manager"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        [str(rung), "list", "applications", "--json"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(listed)[0]["level"] == "manager"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_installed_rung_demo_paints_the_pipeline(wheel_env, tmp_path):
    _, _, rung = wheel_env
    name = f"wheel-{os.getpid()}"
    tmux = ["tmux", "-L", name]  # a private server: no race with other tmux users
    subprocess.run(
        [
            *tmux,
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "80",
            "-y",
            "24",
            f"cd {tmp_path} && RUNG_CONFIG={tmp_path}/c.toml XDG_CACHE_HOME={tmp_path}/cache "
            f"{rung} demo; sleep 5",
        ],
        check=True,
    )
    try:
        deadline = time.monotonic() + 20
        screen = ""
        while time.monotonic() < deadline:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if "Sable Robotics" in screen:
                break
            time.sleep(0.2)
        assert "Pipeline" in screen and "Sable Robotics" in screen, screen
        subprocess.run([*tmux, "send-keys", "-t", name, "q"])
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
