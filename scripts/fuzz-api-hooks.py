"""Schemathesis hooks for scripts/fuzz-api.sh.

Authentication: FUZZ_USER names a development user of keycloak/retort-realm.json (alice, tom, ada),
"anonymous" for none, or "peers" (alice and tom, signed in by the run's Web Fuzzing Commons config).
Access tokens live five minutes, so they come from the retort-cli password grant and are fetched again
every four.

Failure filters: each one drops a single kind of failure that the server is right about but the
OpenAPI document cannot express, with its reason. Nothing here disables a check or an operation.
"""

from __future__ import annotations

import os
import re
import time

import requests
import schemathesis

KEYCLOAK_URL = os.environ["KEYCLOAK_URL"].rstrip("/")
KEYCLOAK_REALM = os.environ["KEYCLOAK_REALM"]
USER = os.environ.get("FUZZ_USER", "anonymous")


if USER not in ("anonymous", "peers"):  # "peers" signs in through [auth.wfc] of its config

    @schemathesis.auth(refresh_interval=240)
    class KeycloakPasswordGrant:
        def get(self, case, ctx):
            # The realm is shared: its brute-force protection may lock the user out for a while after
            # another run's wrong passwords, so retry for up to a minute.
            for attempt in range(20):
                response = requests.post(
                    f"{KEYCLOAK_URL}/realms/{KEYCLOAK_REALM}/protocol/openid-connect/token",
                    data={
                        "grant_type": "password",
                        "client_id": "retort-cli",
                        "username": USER,
                        "password": f"{USER}-dev-password",
                    },
                    timeout=10,
                )
                if response.ok or attempt == 19:
                    break
                time.sleep(3)
            response.raise_for_status()
            return response.json()["access_token"]

        def set(self, case, data, ctx):
            case.headers = case.headers or {}
            case.headers["Authorization"] = f"Bearer {data}"


# --- What the server is right about: schema-valid requests refused (ST202), invalid ones refused with
# 413 (ST201), objects other users may read (ST402)
# Each rule: why the server is right, and which 422 field errors it covers. A failure is dropped only
# when every field error of its answer is covered by a rule; anything else still fails the run.
NUL_MESSAGE = "must not contain the NUL character (U+0000)"
SUBMISSIONS = (
    "POST /api/v1/calculations",
    "POST /api/v1/calculations/{id}/rerun",
    "POST /api/v1/batches",
    "POST /api/v1/batches/{id}/rerun-failed",
)
BATCHES = "POST /api/v1/batches"
PUBLISH = "POST /api/v1/tools/{name}/versions"


def _starts(path, prefix):
    return path == prefix or path.startswith(prefix + ".")


FIELD_RULES = []


def rule(reason):
    """Registers a predicate on (operation, path, message) of one 422 field error, with its reason."""

    def register(covers):
        FIELD_RULES.append((reason, covers))
        return covers

    return register


@rule("PostgreSQL text cannot hold U+0000, so every string refuses it; JSON Schema cannot say so")
def _nul(op, path, message):
    return message == NUL_MESSAGE


@rule("cursors are opaque: only those the API returned are valid, any other string is refused")
def _cursor(op, path, message):
    return path == "cursor" and message == "cursor is not one this API returned"


USAGE_RANGES = ("GET /api/v1/users/me/usage", "GET /api/v1/admin/usage", "GET /api/v1/admin/stats")


@rule("a usage range's from may not follow its to, and it spans at most 3660 days: a bound between two fields")
def _usage_range(op, path, message):
    return op in USAGE_RANGES and (
        (path == "from" and message.startswith("must not be after to"))
        or (path == "to" and message.startswith("the range may span at most"))
    )


@rule("cancelRunning (the kill switch) only goes with usageEnabled: false, a bound between two fields")
def _cancel_running(op, path, message):
    return path == "cancelRunning" and message.startswith("may only be true when suspending")


@rule("an API key's expiresAt must lie in the future, a bound relative to the clock")
def _expires_at(op, path, message):
    return path == "expiresAt" and message == "expiresAt must be in the future"


INPUT_MESSAGES = (
    "no such file, or not readable by you",
    "this file is already an input; give each file once",
    "inputs must name each file at most once",
    "an input file was deleted meanwhile",
    "the file name cannot be used in /work/inputs; give `as`",
)
INPUT_PREFIXES = ("must name one of the tool's inputs", "two inputs are named", "the tool needs the input")


@rule("a submission's inputs must be distinct files the caller can read, matching the tool's declared inputs")
def _inputs(op, path, message):
    known = message in INPUT_MESSAGES or message.startswith(INPUT_PREFIXES) or " is not accepted for " in message
    return op in SUBMISSIONS and _starts(path, "inputs") and known


@rule("a submission's tool and version must exist, be active and not be deprecated")
def _tool_version(op, path, message):
    if op not in SUBMISSIONS:
        return False
    if path == "tool":
        return message.startswith("no tool named") or message.endswith(
            ("is inactive and starts no calculation", "has no usable version")
        )
    if path == "version":
        return " has no version " in message or message.endswith("is deprecated and starts no new calculation")
    return False


WEBHOOK_URL_MESSAGES = (
    "url must be a URL address",
    "must be an absolute http or https URL",
    "must be an http or https URL",
    "must not carry credentials",
)


@rule("a webhook's URL must be one a delivery can reach: a valid http(s) URL whose host resolves to an allowed address")
def _webhook_url(op, path, message):
    return (
        op == "POST /api/v1/webhooks"
        and path == "url"
        and (message in WEBHOOK_URL_MESSAGES or message.startswith("its host "))
    )


@rule("a calculation's callbackUrl must be one a delivery can reach, like a webhook's URL")
def _callback_url(op, path, message):
    return (
        op in SUBMISSIONS
        and path == "callbackUrl"
        and (message in WEBHOOK_URL_MESSAGES or message.startswith("its host "))
    )


@rule("a submission's limits may not exceed the caller's own ceilings, which an admin may have set")
def _own_limits(op, path, message):
    return op in SUBMISSIONS and _starts(path, "limits") and message.endswith("(your own limit, set by an administrator)")


@rule("a submission's limits may not exceed those of the tool version it runs")
def _tool_limits(op, path, message):
    return op in SUBMISSIONS and _starts(path, "limits") and message.endswith("(the tool version\u2019s limit)")


@rule("images come from the TOOLS_ALLOWED_IMAGES allow-list, which is configuration")
def _image(op, path, message):
    return path == "image" and message.startswith("must be one of the allowed images")


@rule("code is capped in UTF-8 bytes (TOOLS_MAX_CODE_BYTES); JSON Schema's maxLength counts characters")
def _code_bytes(op, path, message):
    return path == "code" and re.fullmatch(r"is \d+ bytes; at most \d+ are allowed", message) is not None


@rule("a version's parametersSchema must itself be a valid JSON Schema 2020-12 with an object root")
def _parameters_schema(op, path, message):
    return op == PUBLISH and _starts(path, "parametersSchema")


@rule("input and output names of a version must be unique; uniqueItems cannot compare one property")
def _unique_names(op, path, message):
    return op == PUBLISH and path in ("inputs", "outputs") and message.startswith("names must be unique")


@rule("network access is granted per tool by configuration (TOOLS_NETWORK_ALLOWED), or to admins")
def _network(op, path, message):
    return op == PUBLISH and path == "network" and message.startswith("network access is not allowed")


@rule("a sweep's size (a grid's product) is capped by BATCHES_MAX_SIZE, and zip lists must be equally long")
def _sweep_shape(op, path, message):
    if op != BATCHES or not _starts(path, "sweep"):
        return False
    capped = re.fullmatch(r"generates \d+ parameter sets; at most \d+ are allowed per batch", message) is not None
    return capped or message.startswith("zip lists must have equal lengths")


def _problem(response):
    try:
        body = response.json()
    except Exception:
        return None
    return body if isinstance(body, dict) else None


def _legitimate_rejection(case, response):
    problem = _problem(response)
    if problem is None:
        return None
    operation = case.operation.label
    if response.status_code == 413 and str(problem.get("type", "")).endswith(":storage-quota-exceeded"):
        return "the storage quota counts what the user already stores, which the request cannot show"
    if response.status_code != 422:
        return None
    if str(problem.get("type", "")).endswith(":idempotency-key-reused"):
        return "an Idempotency-Key names one request for 24 h; generated keys repeat across different requests"
    if operation in SUBMISSIONS and str(problem.get("detail", "")).startswith("The parameters do not match the tool"):
        return "parameters are validated against the tool version's own JSON Schema, not the API's"
    if operation == BATCHES and re.match(r"\d+ of \d+ parameter combinations do not match", str(problem.get("detail", ""))):
        return "each combination of a sweep is validated against the tool version's own JSON Schema, not the API's"
    errors = problem.get("errors")
    if not isinstance(errors, list) or not errors:
        return None
    reasons = set()
    for error in errors:
        path, message = str(error.get("path", "")), str(error.get("message", ""))
        reason = next((why for why, covers in FIELD_RULES if covers(operation, path, message)), None)
        if reason is None:
            return None
        reasons.add(reason)
    return "; ".join(sorted(reasons))


STRING_AS_OTHER_TYPE = re.compile(
    r"Invalid component: in body - violates `type` at /properties/\w+ \(was string, became (boolean|integer|number)\)"
)


def _accepted_invalid(case, failure, response):
    """Why a schema-violating request was rightly accepted or refused with another code (ST201), or None."""
    media_type = (case.media_type or "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data" and STRING_AS_OTHER_TYPE.search(failure.message):
        # Form fields are text: the "boolean" true of a string field arrives as the string "true".
        return "a multipart text field cannot carry another JSON type: true or 12 arrive as valid strings"
    problem = _problem(response)
    if response.status_code == 413 and problem and str(problem.get("type", "")).endswith(":file-too-large"):
        # negative_data_rejection expects 400/422-like codes; a size over FILES_MAX_SIZE_BYTES is
        # refused with 413 file-too-large, as the README promises, whether declared or streamed.
        return "a size over FILES_MAX_SIZE_BYTES is refused with 413 file-too-large, not 422"
    return None


def _shared_by_design(case, response):
    """Why another user may read this object (ST402, object-level authorization), or None."""
    problem = _problem(response)
    if case.operation.label == "GET /api/v1/files/{id}" and problem and problem.get("isPublic") is True:
        return "a public file is readable by every signed-in user (GET /files?scope=public lists them)"
    return None


FILTERED_LOG = os.environ.get("FUZZ_FILTERED_LOG")


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    if failure.code == "ST202":
        reason = _legitimate_rejection(case, response)
    elif failure.code == "ST201":
        reason = _accepted_invalid(case, failure, response)
    elif failure.code == "ST402":
        reason = _shared_by_design(case, response)
    else:
        reason = None
    if reason is None:
        return True
    if FILTERED_LOG:
        # What was let through, and why: scripts/fuzz-api.sh sums it up after each run.
        with open(FILTERED_LOG, "a", encoding="utf-8") as log:
            log.write(f"{case.operation.label}\t{response.status_code}\t{reason}\n")
    return False
