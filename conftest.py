"""Point the data loaders at the local copies beside the course, as `course.py` does.

Plain `pytest` (without `course.py test`) then finds UD English EWT, CMUdict and the NYC weather
in ../shared/data (see tools/manifest.py), and the notebooks that nbval runs inherit the
variables.
"""

from __future__ import annotations

import os

from tools.manifest import local_data_defaults

os.environ.update(local_data_defaults(os.environ))
