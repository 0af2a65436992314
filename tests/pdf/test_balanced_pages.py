"""Rows split over pages evenly: no page left with one or two rows of a long table."""

import random

from reports.pdf import balanced_pages


def test_rows_that_fit_on_one_page_stay_on_one():
    assert balanced_pages([1] * 10, first=20, later=30) == [list(range(10))]


def test_a_table_one_page_and_two_rows_long_is_split_in_two_even_halves():
    pages = balanced_pages([1] * 32, first=30, later=30)
    assert [len(p) for p in pages] == [16, 16]


def test_the_legend_after_the_last_row_is_kept_on_its_page():
    pages = balanced_pages([1] * 30, first=30, later=30, last_extra=3)
    assert len(pages) == 2
    assert len(pages[-1]) + 3 <= 30


def test_every_row_is_placed_once_in_order_and_no_page_overflows_whatever_the_heights():
    rng = random.Random(14)
    for _ in range(300):
        heights = [rng.choice((1, 1, 1, 2, 3)) for _ in range(rng.randint(1, 120))]
        first, later, extra = rng.randint(10, 30), rng.randint(20, 40), rng.randint(0, 5)
        pages = balanced_pages(heights, first=first, later=later, last_extra=extra)
        assert [i for page in pages for i in page] == list(range(len(heights)))
        for number, page in enumerate(pages):
            room = first if number == 0 else later
            used = sum(heights[i] for i in page) + (extra if number == len(pages) - 1 else 0)
            assert used <= room
        if len(pages) > 1:
            # The last page is at least a third as full as the fullest page.
            fill = [sum(heights[i] for i in page) for page in pages]
            assert fill[-1] + extra >= max(fill) / 3
