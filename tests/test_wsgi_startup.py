"""A worker starts ready: the WSGI module imports what requests will use (the
URLconf and the views it names) and sets what it built aside from the garbage
collector, whose passes would otherwise walk it again and again."""

import os
import subprocess
import sys

STARTED = """
import gc, sys
import tracker.wsgi
print(gc.get_freeze_count(), "tracker.urls" in sys.modules,
      "partnerships.api.views" in sys.modules)
"""


def test_the_wsgi_module_imports_the_views_and_sets_its_objects_aside():
    started = subprocess.run(
        [sys.executable, "-c", STARTED],
        env={**os.environ, "DEVELOPMENT": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, urls, views = started.stdout.split()

    assert (urls, views) == ("True", "True")
    # Django, DRF and the tracker's modules: well over 50,000 objects.
    assert int(frozen) > 50_000
