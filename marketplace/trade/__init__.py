"""Trade between members: orders placed on service products and their evaluations."""
