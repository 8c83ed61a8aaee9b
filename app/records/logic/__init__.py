"""Pure rules of the records room (case clock, vocabularies, import checks, SVG charts): no Flask, no database."""
