"""An import says how far it has got, at a bounded rate: the command on stderr."""

from io import StringIO

from django.core.management import call_command

from partnerships.imports import ThrottledProgress


class Clock:
    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_progress_is_passed_on_at_most_once_every_interval():
    seen = []
    progress = ThrottledProgress(
        lambda done, total: seen.append(done), every=1.0, clock=Clock(0.25)
    )

    for done in range(11):
        progress(done, 10)

    # The rows read, then every fourth row (a second apart), and the last.
    assert seen == [0, 4, 8, 10]


def test_the_command_shows_rows_done_on_stderr(db, tmp_path):
    data = tmp_path / "companies.csv"
    data.write_text("slug,name\nxai,xAI\nmistral,Mistral\n")
    out, err = StringIO(), StringIO()

    call_command("import_records", "companies", str(data), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == ["rows done: 0 of 2", "rows done: 2 of 2"]
    assert "rows done" not in out.getvalue()


def test_the_command_shows_no_progress_at_verbosity_0(db, tmp_path):
    data = tmp_path / "companies.csv"
    data.write_text("slug,name\nxai,xAI\n")
    err = StringIO()

    call_command(
        "import_records",
        "companies",
        str(data),
        "-v",
        "0",
        stdout=StringIO(),
        stderr=err,
    )

    assert err.getvalue() == ""
