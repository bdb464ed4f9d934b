"""The garbage-collection policy of the long-running counter application.

CPython's cyclic collector now and then walks every object the process keeps (a *full*
collection). A counter application keeps the catalog and its compiled rule engine for as
long as it runs: tens of thousands of objects that such a walk never frees. On the
1,000-option benchmark catalog that was one pause of 30-40 ms every 50 or so clicks, landing
inside whichever click triggered it. Long-running Python services settle this the same way
(`gc.freeze`, the approach CPython documents for it): once start-up is done, what is alive is
moved out of the collector's reach; reference counting still frees it, only cycles among it
wait for the next `settle_after_startup`. Qt-free, so the GUI, the benchmarks and the tests
use the same policy.
"""

from __future__ import annotations

import gc


def settle_after_startup() -> None:
    """Exempt every object alive now from full collections (after the catalog and engine
    are loaded). Call it again when they are replaced (another sign-in, another catalog):
    the earlier start-up objects are handed back to the collector first, so a replaced
    engine's cycles are freed, not kept for good."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
