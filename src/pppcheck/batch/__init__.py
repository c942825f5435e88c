"""Batch audits: many documents (or tender bundles), in parallel, streamed, resumable.

discover → Job list → runner (local process pool or a Dask cluster) → JobOutcome stream →
writers (JSON Lines, CSV) and the batch summary. Each document is audited in a worker process
with a time and memory limit, so one hostile or broken file cannot stop or sink a run.
"""
