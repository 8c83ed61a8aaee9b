"""Pure rules of the procedures room (the ISO 9001 levels and clauses): no Flask, no database."""
