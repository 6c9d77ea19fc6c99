"""python -m losant_contract.clientkit ...: the same as `losant-contract clients ...`."""

from losant_contract.clientkit.cli import main

raise SystemExit(main())
