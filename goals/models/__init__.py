"""The plan's data model: Plan > Goal > Objective, with Owners and Evidence, and board reviews."""

from goals.models.api_token import ApiToken
from goals.models.base import TimestampedModel
from goals.models.content import ContentVersion
from goals.models.evidence import Evidence, evidence_upload_to
from goals.models.github import GitHubDelivery, GitHubLink, PlanImport
from goals.models.key_result import CheckIn, KeyResult, KeyResultTarget, check_in_upload_to
from goals.models.notification import DigestSent, NotificationPreference, ReminderSent
from goals.models.objective import Objective, Owner
from goals.models.plan import Goal, Plan
from goals.models.review import Review, ReviewFrozenError, ReviewSnapshot

__all__ = [
    "ApiToken",
    "CheckIn",
    "KeyResult",
    "KeyResultTarget",
    "check_in_upload_to",
    "ContentVersion",
    "DigestSent",
    "Evidence",
    "GitHubDelivery",
    "GitHubLink",
    "Goal",
    "NotificationPreference",
    "Objective",
    "Owner",
    "Plan",
    "PlanImport",
    "ReminderSent",
    "Review",
    "ReviewFrozenError",
    "ReviewSnapshot",
    "TimestampedModel",
    "evidence_upload_to",
]
