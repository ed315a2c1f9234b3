"""Numbers written as the command line writes them (service/.../cli/SummaryPrinter.java), so
that the example's output and ``./backstop quote FILE`` show the same figures the same way::

    usd(949038.42) '$949,038'    usd(2545163) '$2.55M'    usd(1.2e9) '$1.20B'    usd(-5) '-$5'
    pct(0.018981)  '1.90%'       count(10000) '10,000'    plain(0.25) '0.25'

Java's ``String.format("%.Nf")`` rounds half up on the shortest decimal that reads back as the
double (1.005 -> '1.01', 0.125 -> '0.13'), where Python's ``format`` rounds the exact binary
value half to even (1.005 -> '1.00', 0.125 -> '0.12'); :func:`fixed` does as Java does.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

# Enough digits for any double written in full (the largest has 309 before the point).
_CONTEXT = Context(prec=400)


def usd(v: float) -> str:
    """SummaryPrinter.usd: whole dollars with thousands separators below $1M, then $X.XXM, $X.XXB."""
    a = abs(v)
    sign = "-" if v < 0 else ""
    if a >= 1e9:
        return f"{sign}${fixed(a / 1e9, 2)}B"
    if a >= 1e6:
        return f"{sign}${fixed(a / 1e6, 2)}M"
    return f"{sign}${fixed(a, 0, grouping=True)}"


def pct(fraction: float) -> str:
    """SummaryPrinter.pct: a fraction as a percentage with two decimals (0.018981 -> '1.90%')."""
    return f"{fixed(fraction * 100, 2)}%"


def count(n: int) -> str:
    """Java's %,d: an integer with thousands separators."""
    return f"{n:,}"


def plain(v: float) -> str:
    """SummaryPrinter.plain: at most two decimals, half to even, no trailing zeros (0.25, 2.5, 51)."""
    d = Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN, context=_CONTEXT)
    if d == 0:
        return "0"  # BigDecimal has no negative zero
    return format(d.normalize(_CONTEXT), "f")


def fixed(v: float, digits: int, grouping: bool = False) -> str:
    """Java's String.format(Locale.ROOT, "%.{digits}f", v) (with `grouping`, "%,.{digits}f"):
    half up on the shortest decimal of v (its repr), a minus sign for any negative value
    including -0.0, and NaN, Infinity, -Infinity as Java writes them."""
    if math.isnan(v):
        return "NaN"
    sign = "-" if math.copysign(1.0, v) < 0 else ""
    if math.isinf(v):
        return f"{sign}Infinity"
    d = Decimal(repr(abs(v))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP,
                                       context=_CONTEXT)
    return sign + format(d, ",f" if grouping else "f")
