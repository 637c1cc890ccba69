"""The benchmark and soak tools (`make bench`, `make soak`): scripts run from the shell, and the
management commands they call in the portal (`bench_targets`, `bench_micro`). The top layer: it
may read every app, and none reads it."""
