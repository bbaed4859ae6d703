"""``flask backup FILE`` writes a copy of the database that can be read back."""

import shutil
import sqlite3
import subprocess

import pytest


def test_backup_contains_the_data(runner, db, make, tmp_path):
    make.organisation("Stadt Gera", state="TH")
    target = tmp_path / "backup.bin"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    if db.engine.dialect.name == "sqlite":
        with sqlite3.connect(target) as copy:
            names = [r[0] for r in copy.execute("SELECT name FROM organisations")]
        assert names == ["Stadt Gera"]
    else:
        if shutil.which("pg_restore") is None:
            pytest.skip("pg_restore not installed")
        listing = subprocess.run(
            ["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True
        ).stdout
        assert "TABLE DATA public organisations" in listing
