"""Page arithmetic with the attributes the `pagination` macro reads (as Flask-SQLAlchemy's
Pagination has them), for lists that are not a single SQLAlchemy query."""


class PageNumbers:
    """Mixin: the class provides `page`, `per_page` and `total`."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


class CappedPage(PageNumbers):
    """A page of a long list whose total is counted only up to `cap` rows (counting two million
    cases to draw a page bar costs more than the page): beyond it `total_exact` is False and the
    pager says 超过 N 条; pages up to the cap stay reachable, a filter narrows the rest."""

    def __init__(self, items: list, page: int, per_page: int, total: int, total_exact: bool):
        self.items, self.page, self.per_page, self.total, self.total_exact = items, page, per_page, total, total_exact

    def __iter__(self):
        return iter(self.items)
