"""The example's number formatting against the command line's, without a server.

Each expected string is what SummaryPrinter.usd / .pct / .plain or String.format(Locale.ROOT,
"%,d") (service/src/main/java/io/backstop/service/cli/SummaryPrinter.java) return for the value
on JDK 17. The half-up cases (0.5, 2.5, 2.675e6, 0.04135, 0.01005) are where Python's own
format() rounds differently from Java's String.format.
"""

from __future__ import annotations

import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

from summary_format import count, pct, plain, usd  # noqa: E402

NAN, INF = float("nan"), float("inf")

USD = [
    (0.0, "$0"), (-0.0, "$0"), (1.0, "$1"), (0.5, "$1"), (2.5, "$3"), (999.0, "$999"),
    (999.49, "$999"), (999.5, "$1,000"), (1000.0, "$1,000"), (12345.678, "$12,346"),
    (949038.42, "$949,038"), (999999.49, "$999,999"), (999999.5, "$1,000,000"),
    (1e6, "$1.00M"), (1005000.0, "$1.01M"), (2545163.0, "$2.55M"), (2675000.0, "$2.68M"),
    (5090326.0, "$5.09M"), (22850000.0, "$22.85M"), (999994999.0, "$999.99M"),
    (999995000.0, "$1000.00M"), (1e9, "$1.00B"), (1.2e9, "$1.20B"), (1.2345e12, "$1234.50B"),
    (-5.0, "-$5"), (-0.3, "-$0"), (-949038.42, "-$949,038"), (-2545163.0, "-$2.55M"),
    (-1.2e9, "-$1.20B"), (NAN, "$NaN"), (INF, "$InfinityB"), (-INF, "-$InfinityB"),
]

PCT = [
    (0.0, "0.00%"), (-0.0, "-0.00%"), (0.018981, "1.90%"), (0.0414, "4.14%"),
    (0.04135, "4.14%"), (0.01005, "1.01%"), (0.0025, "0.25%"), (0.00005, "0.01%"),
    (0.95, "95.00%"), (0.99, "99.00%"), (0.995, "99.50%"), (1.0, "100.00%"), (1.5, "150.00%"),
    (-0.1, "-10.00%"), (-0.00001, "-0.00%"), (NAN, "NaN%"),
]

# plain() rounds half to even (BigDecimal HALF_EVEN), unlike usd() and pct().
PLAIN = [
    (0.25, "0.25"), (0.5, "0.5"), (2.5, "2.5"), (24.0, "24"), (51.0, "51"), (100.0, "100"),
    (0.0, "0"), (-0.0, "0"), (0.125, "0.12"), (0.375, "0.38"), (1.005, "1"), (2.675, "2.68"),
    (0.30000000000000004, "0.3"), (1e-7, "0"), (12345.678, "12345.68"), (-0.3, "-0.3"),
]

COUNT = [
    (0, "0"), (999, "999"), (1000, "1,000"), (10000, "10,000"), (1234567, "1,234,567"),
    (-1234567, "-1,234,567"), (9223372036854775807, "9,223,372,036,854,775,807"),
]


class SummaryFormatTest(unittest.TestCase):
    def check(self, function, cases) -> None:
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(function(value), expected)

    def test_usd(self) -> None:
        self.check(usd, USD)

    def test_pct(self) -> None:
        self.check(pct, PCT)

    def test_plain(self) -> None:
        self.check(plain, PLAIN)

    def test_count(self) -> None:
        self.check(count, COUNT)


if __name__ == "__main__":
    unittest.main(verbosity=2)
