"""`python -m origin_rules.literate` (see origin_rules.literate.command)."""

import sys

from origin_rules.literate.command import main

if __name__ == "__main__":  # not when a tool merely imports the package's modules
    sys.exit(main())
