"""Speed budgets live here as benchmarks (pytest-benchmark), never as timed asserts.

Run `.venv/bin/pytest tests/test_benchmarks.py --benchmark-only` to compare runs
(`--benchmark-autosave`, then `--benchmark-compare`). The functional assertions
below still check the results, so a benchmark cannot pass on a broken loader.
"""
from abduction_issue import data


def test_benchmark_load_all_datasets(benchmark):
    frames = benchmark(lambda: [data.load(name) for name in data.RESOURCES])
    assert [len(f) > 0 for f in frames] == [True] * len(data.RESOURCES)


def test_benchmark_load_opinion_polls(benchmark):
    polls = benchmark(data.load_opinion_polls)
    assert polls["method"].notna().all()
