"""Reading the benchmarks' reports (bench/): they print figures rounded, and take their
verdicts and ratios on the unrounded ones, so a check allows for the rounding and no more."""

from __future__ import annotations

import math


def is_quotient(
    printed: float, numerator: float, denominator: float, *, rounding: float, printed_rounding: float
) -> bool:
    """Whether `printed` can be numerator / denominator, when those two are printed within
    `rounding` of their true values and `printed` within `printed_rounding` of its own."""
    low = (numerator - rounding) / (denominator + rounding)
    high = (numerator + rounding) / (denominator - rounding) if denominator > rounding else math.inf
    return low - printed_rounding <= printed <= high + printed_rounding


def verdict_agrees(
    printed: float, limit: float, verdict: str, *, met: str = "met", missed: str = "NOT met"
) -> bool:
    """Whether `verdict` is what the figure gives against the limit. Whether the target is
    "below" or "at most", only a figure printed as the limit itself may have been on either side."""
    if verdict not in (met, missed):
        return False
    return printed == limit or verdict == (met if printed < limit else missed)
