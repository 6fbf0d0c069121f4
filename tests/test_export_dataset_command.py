"""`manage.py export_dataset [--output DIR]` writes the full downloads now; a
directory it cannot write to is a clear error naming it; a failed export leaves
the files readers download as they were."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from following.downloads import files
from tests import factories

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_dataset", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_three_files_and_says_where(tmp_path):
    factories.AgreementFactory(slug="deal")

    said = export("--output", str(tmp_path))

    for file in files.FILES:
        assert (tmp_path / file.filename).exists()
        assert str(tmp_path / file.filename) in said
    assert "Exported 1 agreements" in said
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_it_writes_to_downloads_root_by_default(settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path / "downloads"

    export()

    assert files.read_manifest()["counts"]["agreements"] == 0


def test_a_downloads_root_that_is_a_file_is_refused_by_name(settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path / "plain.txt"
    settings.DOWNLOADS_ROOT.write_text("x")

    with pytest.raises(CommandError, match=r"^DOWNLOADS_ROOT: .*plain.txt is not"):
        export()


def test_an_output_that_is_a_file_is_refused_by_name(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x")

    with pytest.raises(
        CommandError, match=r"^--output: .*plain.txt is not a directory\.$"
    ):
        export("--output", str(plain))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_an_output_that_is_not_writable_is_refused_by_name(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)

    with pytest.raises(CommandError, match=r"^--output: .*locked is not writable\.$"):
        export("--output", str(locked))


def test_a_failed_export_leaves_the_last_files_whole(tmp_path, monkeypatch):
    factories.AgreementFactory(slug="deal")
    export("--output", str(tmp_path))
    names = [file.filename for file in files.FILES] + [files.MANIFEST]
    before = {name: (tmp_path / name).read_bytes() for name in names}
    factories.AgreementFactory(slug="another")

    def broken(path):
        path.write_bytes(b"half a zip")
        raise OSError("disk full")

    monkeypatch.setattr(files, "write_csv_zip", broken)
    with pytest.raises(OSError, match="disk full"):
        export("--output", str(tmp_path))

    for name in names:
        assert (tmp_path / name).read_bytes() == before[name], name
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]
