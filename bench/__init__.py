"""`python -m bench`: the engine measured side by side with its baselines, in one run.

Every case runs the engine and its baseline on the same servers, one after the other, and the
figures go to a table on the terminal and to BENCHMARKS.md. Nothing here is imported by the
engine: the benchmark reaches the engine only through its public modules.
"""
