"""Pure rules of the improvement loop (ISO 9001 6.2, 9.2, 9.3, 10.2): no Flask, no database."""
