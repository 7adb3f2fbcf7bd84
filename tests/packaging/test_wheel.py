"""A wheel built from the repository carries schemas/ and i18n/th/ inside the package."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = r"""
import importlib.resources, json, sys
import ckanext.dgplan.plugin as plugin
pkg = importlib.resources.files("ckanext.dgplan")
out = {
    "module": plugin.__file__,
    "schema": (pkg / "schemas" / "dgplan_dataset.yaml").is_file(),
    "mo": (pkg / "i18n" / "th" / "LC_MESSAGES" / "ckanext-dgplan.mo").is_file(),
    "declaration": (pkg / "config_declaration.yaml").is_file(),
    "demo": [(pkg / "data" / "demo" / f).is_file() for f in ("corpus.jsonl", "plan-labels.jsonl")],
    "i18n_dir": plugin.DgplanPlugin().i18n_directory(),
}
print(json.dumps(out))
"""


# The installed wheel's own CLI loads demo records into the test database: every data file the demo
# needs (corpus, plan labels) must have been packed, not only the ones a glob happens to match.
LOAD_DEMO = r"""
import sys
# ckan/__init__.py puts its own folder first on sys.path, where ckan/types would shadow the standard
# library's types module; a normal install has imported typing during site start-up, this bare venv
# (its dependencies joined by a .pth line) has not.
import typing  # noqa: F401
from ckan.cli.cli import ckan
sys.argv = ["ckan", "-c", sys.argv[1], "dgplan", "demo", "load", "--limit", "3"]
ckan()
"""


@pytest.mark.slow
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_wheel_installs_into_a_clean_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(dist), str(ROOT)],
        check=True,
    )
    wheel = next(dist.glob("ckanext_dgplan-*.whl"))
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    py = target / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # CKAN and the other dependencies come from the project's venv, appended after the clean venv's own
    # site-packages, so the package itself can only be found in the wheel's copy.
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # ckanext-xloader's wheel installs a ckanext/__init__.py (pkg_resources.declare_namespace), which
    # makes `ckanext` a regular package that only looks in directories holding the same file. In one
    # venv that file sits beside ckanext/dgplan; this venv split in two needs its half to hold it too.
    namespace = Path(sysconfig.get_paths()["purelib"], "ckanext", "__init__.py")
    if namespace.is_file():
        Path(site, "ckanext", "__init__.py").write_text(
            "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n")
    result = subprocess.run([str(py), "-c", CHECK], check=True, capture_output=True, text=True,
                            cwd=tmp_path)
    import json

    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["module"].startswith(str(target))
    assert out["schema"] and out["mo"] and out["declaration"]
    assert out["demo"] == [True, True]
    assert out["i18n_dir"].startswith(str(target))
    assert Path(out["i18n_dir"], "th", "LC_MESSAGES", "ckanext-dgplan.mo").is_file()

    loaded = subprocess.run([str(py), "-c", LOAD_DEMO, str(ROOT / "test.ini")], capture_output=True,
                            text=True, cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert "3 created" in loaded.stdout
    from ckan import model

    assert model.Session.query(model.Package).filter_by(state="active").count() == 3
