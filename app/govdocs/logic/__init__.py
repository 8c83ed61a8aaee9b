"""Pure rules of the govdocs room (reading text and metadata out of uploaded files): no Flask, no database."""
