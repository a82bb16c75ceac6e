"""Files the tools write appear whole or not at all, and never replace an existing file unless asked."""

import os

import pytest

from sop_portal.outputs import fileio
from sop_portal.outputs.fileio import WouldOverwrite, write_atomic


def test_writes_new_file(tmp_path):
    target = write_atomic(tmp_path / "sub" / "out.txt", "halo")
    assert target.read_text(encoding="utf-8") == "halo"


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("lama", encoding="utf-8")
    with pytest.raises(WouldOverwrite):
        write_atomic(target, "baru")
    assert target.read_text(encoding="utf-8") == "lama"
    write_atomic(target, "baru", force=True)
    assert target.read_text(encoding="utf-8") == "baru"


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_interrupted_write_leaves_no_half_file(tmp_path, monkeypatch, failure):
    target = tmp_path / "out.zip"

    def interrupted(src, dst):
        raise failure("stopped")

    monkeypatch.setattr(fileio.os, "replace", interrupted)
    with pytest.raises(failure):
        write_atomic(target, b"x" * 1_000_000)
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_interrupted_overwrite_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "kontak.csv"
    target.write_text("lama", encoding="utf-8")
    monkeypatch.setattr(fileio.os, "replace", lambda s, d: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "baru", force=True)
    assert target.read_text(encoding="utf-8") == "lama"
    assert sorted(os.listdir(tmp_path)) == ["kontak.csv"]
