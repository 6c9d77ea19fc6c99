"""`python -m losant_contract ...` is `losant-contract ...`."""

import sys

from losant_contract.cli import main

sys.exit(main())
