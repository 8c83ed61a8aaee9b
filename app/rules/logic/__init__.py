"""Pure rules of the rules room (what an article and a chapter are): no Flask, no database."""
