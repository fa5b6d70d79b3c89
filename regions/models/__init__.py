from .indicator import IndicatorKind, RegionIndicator
from .membership import RegionMembership
from .plan import ActionStatus, RegionAction, RegionGoal, VisionGoal
from .reference import Discipline, Organisation
from .region import LegalForm, MainTask, Phase, Region, RegionQuerySet, RegionTask, TaskStatus

__all__ = [
    "ActionStatus",
    "Discipline",
    "IndicatorKind",
    "LegalForm",
    "MainTask",
    "Organisation",
    "Phase",
    "Region",
    "RegionAction",
    "RegionGoal",
    "RegionIndicator",
    "RegionMembership",
    "RegionQuerySet",
    "RegionTask",
    "TaskStatus",
    "VisionGoal",
]
