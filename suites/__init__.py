"""The contract suite. A package so that the wheel carries it (as losant_contract.suite)
and `losant-contract run` runs it from an installed copy."""
