"""The environment the suite runs in, set before Django reads its settings.

pyproject.toml loads this module as a pytest plugin (`-p tests.environment`):
pytest-django imports the settings before any conftest.py is read.
"""

import os

# A test machine serves nobody: the development SECRET_KEY will do (see settings).
os.environ.setdefault("DEVELOPMENT", "1")
