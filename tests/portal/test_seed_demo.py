import pytest
from django.core.management import CommandError, call_command


def test_seed_demo_refuses_a_scale_below_one(db):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "0")
