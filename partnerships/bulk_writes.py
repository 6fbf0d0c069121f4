"""A signal for the writes Django sends none for: bulk creates and deletes of
rows a reader may see (change feed entries, the search index, generated
records). Each bulk path sends `written_in_bulk` with the model it wrote, so
that what depends on every write hearing of it (the reader cache) does."""

from django.dispatch import Signal

written_in_bulk = Signal()  # sender: the model whose rows were written


def announce(model, using: str = "default") -> None:
    written_in_bulk.send(sender=model, using=using)
