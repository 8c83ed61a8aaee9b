"""Pure rules of the documents room (revision lifecycle, article diff, front matter): no Flask, no database."""
