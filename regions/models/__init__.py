from .indicator import IndicatorKind, RegionIndicator
from .membership import RegionMembership
from .plan import ActionStatus, RegionAction, RegionGoal, VisionGoal
from .reference import Discipline, Organisation
from .region import LegalForm, MainTask, Phase, Region, RegionQuerySet, RegionTask, TaskStatus
from .roadmap import PHASE_ORDER, Roadmap, RoadmapYear

__all__ = [
    "PHASE_ORDER",
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
    "Roadmap",
    "RoadmapYear",
    "TaskStatus",
    "VisionGoal",
]
