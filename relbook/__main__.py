"""``python -m relbook``: the same as the ``relbook`` command."""

import sys

from relbook.cli import main

sys.exit(main())
