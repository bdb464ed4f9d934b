"""Workshop view: assembly queue, start/finish with serial number, QC checklist.

`WorkshopView(counter)` is what the main window adds as its Workshop tab.
"""

from configurator.ui.workshop.widget import WorkshopWidget

WorkshopView = WorkshopWidget

__all__ = ["WorkshopView", "WorkshopWidget"]
