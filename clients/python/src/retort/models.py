"""Typed views of the API's JSON, written against its OpenAPI document (``/docs-json``).

Field names are snake_case in Python and camelCase on the wire; unknown fields are kept (``extra``)
so that a newer server does not break an older client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

CalculationStatus = Literal["pending", "queued", "running", "completed", "failed", "cancelled", "timed_out"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "cancelled", "timed_out"})
LimitExceeded = Literal["memory", "disk", "pids", "wall-clock", "result-size", "output-size", "output-files"]


class ApiModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="allow", frozen=True)


class FieldError(ApiModel):
    path: str
    message: str


class Problem(ApiModel):
    """RFC 9457 problem details; Retort-specific types add extension members (kept as extras)."""

    type: str = "about:blank"
    title: str = ""
    status: int = 0
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] = Field(default_factory=list)


class Me(ApiModel):
    id: str
    username: str
    email: str | None
    first_name: str | None
    last_name: str | None
    display_name: str | None
    is_active: bool
    last_login: datetime | None
    created_at: datetime
    updated_at: datetime
    roles: list[str]
    authenticated_with: Literal["token", "api-key"]


class ApiKey(ApiModel):
    id: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class CreatedApiKey(ApiKey):
    key: str


class File(ApiModel):
    id: str
    owner_id: str
    filename: str
    original_filename: str
    size_bytes: int
    content_type: str
    sha256: str
    is_public: bool
    description: str | None
    uploaded_at: datetime
    updated_at: datetime


class OutputFile(File):
    name: str
    """Path under /work/outputs"""


class PresignedPart(ApiModel):
    part_number: int
    url: str
    size_bytes: int


class DirectUpload(ApiModel):
    id: str
    expires_at: datetime
    mode: Literal["single", "multipart"]
    url: str | None = None
    headers: dict[str, str] | None = None
    parts: list[PresignedPart] | None = None


class Tool(ApiModel):
    id: str
    name: str
    display_name: str
    description: str
    tags: list[str]
    author_id: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class VersionLimits(ApiModel):
    memory_mb: int
    cpus: float
    timeout_s: int
    max_output_bytes: int
    disk_mb: int


class ToolInput(ApiModel):
    name: str
    description: str | None = None
    content_types: list[str] | None = None
    required: bool = True


class ToolOutput(ApiModel):
    name: str
    description: str | None = None
    content_type: str | None = None


class ToolVersionSummary(ApiModel):
    id: str
    version: str
    image: str
    deprecated: bool
    network: bool
    limits: VersionLimits
    changelog: str | None
    created_at: datetime


class ToolVersion(ToolVersionSummary):
    tool: str
    code: str
    parameters_schema: dict[str, Any]
    inputs: list[ToolInput]
    outputs: list[ToolOutput]
    published_by: str | None


class ToolDetail(Tool):
    latest_version: ToolVersion | None


class CalculationInputFile(ApiModel):
    file_id: str
    name: str


class LimitsApplied(ApiModel):
    memory_mb: int
    cpus: float
    timeout_s: int
    max_output_bytes: int
    disk_mb: int
    network: bool


class CalculationSummary(ApiModel):
    id: str
    owner_id: str
    name: str
    status: CalculationStatus
    tool: str | None
    tool_version: str | None
    progress: float | None
    created_at: datetime
    completed_at: datetime | None
    execution_time_s: float | None


class CalculationInfo(CalculationSummary):
    description: str | None
    image: str
    code: str
    parameters: dict[str, Any]
    inputs: list[CalculationInputFile]
    limits: LimitsApplied
    progress_message: str | None
    queued_at: datetime | None
    started_at: datetime | None
    queue_wait_s: float | None
    result: Any = None
    error_message: str | None
    exit_code: int | None
    limit_exceeded: LimitExceeded | None
    cpu_time_s: float | None
    peak_memory_bytes: int | None
    outputs_truncated: bool
    rerun_of: str | None
    # The id (sha256:…) of the image its sandbox ran, and an exact rerun's pinned image id.
    image_digest: str | None = None
    pinned_image: str | None = None
    reused_from: str | None = None


class CalculationLogs(ApiModel):
    stdout: str
    stderr: str
    stdout_bytes: int
    stderr_bytes: int
    stdout_truncated: bool
    stderr_truncated: bool


class StatusEvent(ApiModel):
    type: Literal["status"]
    status: CalculationStatus
    error_message: str | None = None


class ProgressEvent(ApiModel):
    type: Literal["progress"]
    fraction: float
    message: str | None = None


class LogEvent(ApiModel):
    type: Literal["log"]
    stream: Literal["stdout", "stderr"]
    text: str


CalculationEvent = StatusEvent | ProgressEvent | LogEvent
