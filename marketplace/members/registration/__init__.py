"""免费注册 (R1.1, R1.2, R2.1): an account and its enterprise or institution in one step."""
