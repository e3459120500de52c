"""Retort's in-container runner: the contract is described in sandbox-images/README.md.

It loads /work/main.py, calls its run(params) with /work/params.json, and writes the returned value
to /work/result.json. Anything it writes is the calculation's own output: the platform measures
resources from outside the container and never trusts this process for them.
"""
import errno
import importlib.util
import json
import os
import sys
import traceback

WORK = "/work"
CODE = os.path.join(WORK, "main.py")
PARAMS = os.path.join(WORK, "params.json")
OUTPUTS = os.path.join(WORK, "outputs")
RESULT = os.path.join(WORK, "result.json")
OUTPUT_RESULT = os.path.join(OUTPUTS, "result.json")
ERROR = os.path.join(WORK, "error.json")

# Exit codes the worker understands; anything else is the user's own sys.exit() code.
EXIT_USER_ERROR = 1
EXIT_BAD_RESULT = 3
EXIT_RESULT_TOO_LARGE = 4
EXIT_DISK_FULL = 5
EXIT_FILE_TOO_LARGE = 6
# The worker's cap on /work/result.json (the worker checks it again; this only says so clearly).
RESULT_MAX_BYTES = int(os.environ.get("RETORT_RESULT_MAX_BYTES") or 16 * 1024 * 1024)
# Errors that mean a limit of the sandbox was hit, wherever in the code they were raised.
LIMIT_ERRORS = {
    errno.ENOSPC: EXIT_DISK_FULL,
    errno.EDQUOT: EXIT_DISK_FULL,
    errno.EFBIG: EXIT_FILE_TOO_LARGE,
}


def _limit_exit(error):
    """The exit code of a limit behind an exception (or what caused it), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OSError) and error.errno in LIMIT_ERRORS:
            return LIMIT_ERRORS[error.errno]
        error = error.__cause__ or error.__context__
    return None


def _to_json(value):
    """Turns numpy/pandas values into plain JSON types; refuses NaN and infinities."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, (set, tuple)):
        return list(value)
    raise TypeError(f"result value of type {type(value).__name__} is not JSON serialisable")


def _write_json(path, value, max_bytes=None):
    text = json.dumps(value, default=_to_json, allow_nan=False)
    size = len(text.encode("utf-8"))
    if max_bytes is not None and size > max_bytes:
        raise ResultTooLarge(f"the result is {size} bytes as JSON; at most {max_bytes} are kept")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


class ResultTooLarge(Exception):
    pass


def _fail(kind, message, code):
    try:
        _write_json(ERROR, {"type": kind, "message": message[:2000]})
    except OSError:
        pass
    sys.exit(code)


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the `retort` helper module
    sys.path.insert(1, WORK)  # helper modules shipped next to main.py
    params = {}
    if os.path.exists(PARAMS):
        with open(PARAMS, encoding="utf-8") as handle:
            params = json.load(handle)
    os.makedirs(OUTPUTS, exist_ok=True)

    spec = importlib.util.spec_from_file_location("main", CODE)
    if spec is None or spec.loader is None:
        _fail("RunnerError", f"no code at {CODE}", EXIT_USER_ERROR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["main"] = module
    try:
        spec.loader.exec_module(module)
        run = getattr(module, "run", None)
        result = run(params) if callable(run) else None
    except SystemExit:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure of user code is reported the same way
        traceback.print_exc()
        _fail(type(error).__name__, str(error) or type(error).__name__, _limit_exit(error) or EXIT_USER_ERROR)

    if result is None and os.path.exists(OUTPUT_RESULT):
        with open(OUTPUT_RESULT, encoding="utf-8") as handle:
            result = json.load(handle)
    try:
        _write_json(RESULT, result, RESULT_MAX_BYTES)
    except ResultTooLarge as error:
        print(f"retort: {error}", file=sys.stderr)
        _fail("ResultTooLarge", str(error), EXIT_RESULT_TOO_LARGE)
    except OSError as error:
        print(f"retort: the result could not be written: {error}", file=sys.stderr)
        _fail(type(error).__name__, str(error), _limit_exit(error) or EXIT_BAD_RESULT)
    except (TypeError, ValueError) as error:
        if isinstance(error, ValueError) and "Out of range float" in str(error):
            error = ValueError("result contains NaN or infinity, which JSON cannot represent")
        print(f"retort: {error}", file=sys.stderr)
        _fail("ResultError", str(error), EXIT_BAD_RESULT)


if __name__ == "__main__":
    main()
