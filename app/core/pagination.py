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


class KeysetPage:
    """A page of a list in descending id order reached from its neighbour's edge instead of by
    OFFSET: "下一页" asks for ids below the last one shown (?after=), "上一页" for ids above the
    first (?before=), so page 40,000 of two million cases costs what page 1 costs. `page` is the
    page's number as the links carried it (a label); `total` is exact (from a summary, or counted
    when below the cap) or, with total_exact False, a lower bound: the pager says 超过 N 条 and
    "下一页" still leads on. The `keyset_pagination` macro draws it."""

    def __init__(self, items, page, per_page, total, total_exact, has_prev, has_next):
        self.items, self.page, self.per_page = items, page, per_page
        self.total, self.total_exact = total, total_exact
        self.has_prev, self.has_next = has_prev, has_next

    def __iter__(self):
        return iter(self.items)

    @property
    def pages(self) -> int | None:
        return max(1, -(-self.total // self.per_page), self.page) if self.total_exact else None

    @property
    def prev_args(self) -> dict:
        return {"before": self.items[0].id, "page": self.page - 1} if self.has_prev and self.items else {}

    @property
    def next_args(self) -> dict:
        return {"after": self.items[-1].id, "page": self.page + 1} if self.has_next and self.items else {}
