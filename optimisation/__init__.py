"""The optimisation report: where officers, equipment, training and visits do the most good.

`gaps` (4M analysis per unit), `risk` (area risk score), `allocate` (the MILP models),
`report` (gathers the inputs and solves a-c for a unit), `whatif` (the same with more).
"""
