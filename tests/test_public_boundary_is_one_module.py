"""One module decides what a reader may see: partnerships/visibility.py.

Every channel that shows records to readers (pages, templates, API, feeds,
calendars, sitemap, charts, history) asks a `Reader`; none of them looks at a record's
publication status itself, and none treats staff as editors. A new channel
that does is caught here before a reader sees a draft through it.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
READER_CHANNELS = sorted(
    [
        *(ROOT / "partnerships").rglob("*.py"),
        *(ROOT / "health").rglob("*.py"),
        *(ROOT / "following").rglob("*.py"),
        *(ROOT / "alerts").rglob("*.py"),
        *(ROOT / "webhooks").rglob("*.py"),
        *(ROOT / "corrections").rglob("*.py"),
        *(ROOT / "merges").rglob("*.py"),
        *(ROOT / "templates").rglob("*.html"),
    ]
)
# Editors' side and the domain itself: they write, or define, the status.
NOT_READER_CHANNELS = {
    "visibility.py",
    "publication.py",
    "admin.py",
    "imports.py",
    "services.py",
    "synthetic.py",
    "apps.py",
}
NOT_READER_FOLDERS = {"models", "migrations", "management", "imports", "admin"}
DECIDING = re.compile(
    r"publication_status\w*\s*(=|==|!=)|\.is_published|PUBLISHED\b|is_staff|"
    r"\.published\(\)"
)


@pytest.mark.parametrize(
    "path",
    [
        path
        for path in READER_CHANNELS
        if path.name not in NOT_READER_CHANNELS
        and not NOT_READER_FOLDERS & set(path.relative_to(ROOT).parts[:-1])
    ],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_reader_channel_leaves_visibility_to_the_boundary(path):
    found = [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DECIDING.search(line)
    ]
    assert not found, (
        f"{path.name} decides what readers see by itself; ask a Reader from "
        f"partnerships.visibility instead: {found}"
    )


def test_the_boundary_module_states_the_rule():
    text = " ".join((ROOT / "partnerships" / "visibility.py").read_text().split())
    for words in (
        "only while it is published",
        "only while both ends are",
        "sequence of its published states",
        "for editors only",
        "exactly as for something that does not exist",
        "partnerships.view_drafts",
    ):
        assert words in text
