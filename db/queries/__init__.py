"""Query functions, one module per aggregate; every function takes the session as keyword-only ``session``."""
