"""Planning views: demand with forecast band, stock projection, top configurations.

`PlanningView(counter)` is what the main window adds as its Planning tab.
"""

from configurator.ui.planning.widget import PlanningWidget

PlanningView = PlanningWidget

__all__ = ["PlanningView", "PlanningWidget"]
