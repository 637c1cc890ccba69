"""What members offer and ask for: service categories and service products (reviewed),
enterprise products and their images, demands, and the public's reports on them."""
