"""Members and their review: window platforms, institutions, enterprises, qualifications, the
review workflow, notifications and the member centre's frame (/center/)."""
