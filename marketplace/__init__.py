"""The marketplace, in three apps that import one way (docs/architecture.md):

- `marketplace.members`: window platforms, institutions, enterprises, qualifications and their
  review, notifications, the member centre's frame;
- `marketplace.catalogue`: categories, service products, enterprise products, the image library,
  demands, reports;
- `marketplace.trade`: orders and evaluations.

This package itself is an app only to keep the migrations that created the tables before the
split (decision 0009); it has no models.
"""
