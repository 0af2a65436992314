"""The Polres Metro Bekasi demo and the synthetic Polda for benchmarks.

`seed` builds the demo (`manage.py seed_demo`) from the sample sheets through the importers
(`sheets`, `official`) plus synthetic field work (`fieldwork`, `live`); `readers` reads the sample
sheets; `scale` generates a Polda of any size (`manage.py generate_scale`).
"""
