"""The handler of each operation in the service model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import sessions, stages, tagging
from .context import ServiceContext

Handler = Callable[[ServiceContext, dict[str, Any]], dict[str, Any]]

HANDLERS: dict[str, Handler] = {
    "CreateParticipantToken": stages.create_participant_token,
    "CreateStage": stages.create_stage,
    "DeleteStage": stages.delete_stage,
    "DisconnectParticipant": sessions.disconnect_participant,
    "GetParticipant": sessions.get_participant,
    "GetStage": stages.get_stage,
    "GetStageSession": sessions.get_stage_session,
    "ListParticipantEvents": sessions.list_participant_events,
    "ListParticipants": sessions.list_participants,
    "ListStageSessions": sessions.list_stage_sessions,
    "ListStages": stages.list_stages,
    "ListTagsForResource": tagging.list_tags_for_resource,
    "TagResource": tagging.tag_resource,
    "UntagResource": tagging.untag_resource,
    "UpdateStage": stages.update_stage,
}
