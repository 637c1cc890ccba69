"""Chinese-aware Wagtail search backends (see `search.backends.database`)."""
