"""`make bench`: the performance benchmarks behind BENCHMARKS.md (not part of `make test`)."""
