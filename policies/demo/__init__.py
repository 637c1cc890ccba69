"""Demo data of the policies app: the taxonomies, then the 政策法规 index under the home page
with the demo's policies, attachments and interpretations (their text: `policies.demo.data`).
Idempotent.
"""

from policies.demo.policies import seed_policies
from policies.demo.taxonomies import seed_taxonomies


def seed(ctx):
    bodies, categories, industries = seed_taxonomies()
    index = seed_policies(ctx, bodies, categories, industries)
    ctx.add_navigation(20, "政策法规", page=index)
