"""`python -m origin_rules.cli`, the same as the `origin-rules` command."""

import sys

from origin_rules.cli import main

sys.exit(main())
