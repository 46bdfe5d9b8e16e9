"""The English half of the site through the checks of test_pages_checked.py: the same
tests, over the pages below en/, in a module of their own so that pytest-xdist (each
module whole on one worker) walks the two halves on the two workers at once. Together the
two modules check every page; each asserts that its half is what it should be."""

from __future__ import annotations

import pytest
from test_pages_checked import *  # noqa: F403  (the tests and fixtures, collected here too)


@pytest.fixture(scope="module")
def half() -> str:
    return "en"
