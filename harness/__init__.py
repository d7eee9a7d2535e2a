"""Tools shared by tests, scripts and benchmarks: a real running stack and the vignette runner."""
