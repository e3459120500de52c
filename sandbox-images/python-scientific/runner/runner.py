"""Retort's in-container runner: the contract is described in sandbox-images/README.md.

It loads /work/main.py, calls its run(params) with /work/params.json, and writes the returned value
to /work/result.json. Anything it writes is the calculation's own output: the platform measures
resources from outside the container and never trusts this process for them.

With RETORT_JOB=stdin the job comes on stdin instead, as one line (`{"nonce", "code", "params", "env"}`:
the runner writes main.py and params.json itself and sets `env`, saving the worker a round trip
through the archive API; started ahead of its job, it has its interpreter up when the job comes), and the
runner ends its stdout with one summary line, `\x1eRETORT <nonce> <json>`, so that the worker needs
no archive read for a small result. Both are shortcuts: the files stay the reference, and a worker
that finds no summary line (the code closed stdout, or was killed) reads them as before.
"""
import errno
import importlib.util
import json
import os
import resource
import signal
import sys
import traceback

WORK = "/work"
CODE = os.path.join(WORK, "main.py")
PARAMS = os.path.join(WORK, "params.json")
OUTPUTS = os.path.join(WORK, "outputs")
RESULT = os.path.join(WORK, "result.json")
OUTPUT_RESULT = os.path.join(OUTPUTS, "result.json")
ERROR = os.path.join(WORK, "error.json")
PROGRESS = os.path.join(WORK, "progress.jsonl")
# What the summary line carries inline; a larger result or error is left to the files.
SUMMARY_RESULT_MAX_BYTES = 64 * 1024
SUMMARY_ERROR_MAX_BYTES = 8 * 1024
PROGRESS_TAIL_BYTES = 4096

# Exit codes the worker understands; anything else is the user's own sys.exit() code.
EXIT_USER_ERROR = 1
EXIT_BAD_RESULT = 3
EXIT_RESULT_TOO_LARGE = 4
EXIT_DISK_FULL = 5
EXIT_FILE_TOO_LARGE = 6
EXIT_MEMORY = 8
# The places the code can write (each a sized tmpfs, together the disk limit). One with less than
# this free after the code failed was filled: the disk limit, whoever hit it (a child, swallowed).
WRITABLE = (WORK, "/tmp", "/dev/shm")
FULL_FREE_BYTES = 1024 * 1024
# The worker's cap on /work/result.json (the worker checks it again; this only says so clearly).
def _result_max_bytes():
    return int(os.environ.get("RETORT_RESULT_MAX_BYTES") or 16 * 1024 * 1024)
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
        if isinstance(error, MemoryError):
            return EXIT_MEMORY
        error = error.__cause__ or error.__context__
    return None


def _disk_full():
    """Whether a writable place is (nearly) full: asked only once the code has failed."""
    for path in WRITABLE:
        try:
            stat = os.statvfs(path)
        except OSError:
            continue
        if stat.f_blocks and stat.f_bavail * stat.f_frsize < min(FULL_FREE_BYTES, stat.f_blocks * stat.f_frsize // 16):
            return True
    return False


def _limit_memory():
    """RETORT_MEMORY_LIMIT_MB (set by the worker): the data segment of the code and of every process it
    starts, hard and soft, so that one process cannot go past the memory limit. The container's
    memory cgroup holds the memory and the disk limit together (tmpfs pages are charged to it)."""
    limit_mb = os.environ.get("RETORT_MEMORY_LIMIT_MB")
    if limit_mb:
        limit = int(limit_mb) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


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


def _load_job_from_stdin():
    """Writes the job read from stdin (RETORT_JOB=stdin) into /work; returns its nonce, or None."""
    if os.environ.get("RETORT_JOB") != "stdin":
        return None
    line = sys.stdin.buffer.readline()
    if not line:
        sys.exit(0)  # stdin closed with no job: nothing to run
    job = json.loads(line)
    # The code's stdin is empty, as under `docker exec` without one.
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    for name, value in (job.get("env") or {}).items():
        os.environ[str(name)] = str(value)
    for path, text in ((CODE, job.get("code") or ""), (PARAMS, json.dumps(job.get("params") or {}))):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(path, 0o444)
    return str(job["nonce"])


def _small_json(path, max_bytes):
    """(present, value): the JSON in `path` when it is at most `max_bytes`; value None otherwise."""
    try:
        size = os.path.getsize(path)
    except OSError:
        return False, None
    if size > max_bytes:
        return True, None
    try:
        with open(path, encoding="utf-8") as handle:
            return True, {"value": json.load(handle)}
    except (OSError, ValueError):
        return True, None


def _progress_tail():
    try:
        with open(PROGRESS, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - PROGRESS_TAIL_BYTES))
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
            return lines[-1].strip() if lines else None
    except OSError:
        return None


def _summary(nonce):
    """The last line of stdout: what the worker would otherwise read through the archive API."""
    try:
        result_present, result = _small_json(RESULT, SUMMARY_RESULT_MAX_BYTES)
        error_present, error = _small_json(ERROR, SUMMARY_ERROR_MAX_BYTES)
        try:
            with os.scandir(OUTPUTS) as entries:
                outputs = any(True for _ in entries)
        except OSError:
            outputs = True  # unknown: the worker looks
        summary = {
            # Inline ({"value": ...}) when small; present but not inline means: read the file.
            "result": result if result_present else None,
            "resultInFile": result_present and result is None,
            "error": error if error_present else None,
            "errorInFile": error_present and error is None,
            "progress": _progress_tail(),
            "outputs": outputs,
        }
        line = "\x1eRETORT " + nonce + " " + json.dumps(summary, separators=(",", ":")) + "\n"
        sys.stdout.flush()
        sys.stderr.flush()
        data = line.encode("utf-8")
        while data:
            data = data[os.write(1, data) :]
    except Exception:  # noqa: BLE001 - the files remain; the worker reads them when there is no summary
        pass


def _stop_the_rest():
    """SIGSTOP to every other process of the sandbox user (not PID 1, not this one), in one go: the
    code has ended, so nothing it started may write, spin or forge between now and the worker's
    freeze. Stopped, not killed: they still count against the process limit when the worker looks.
    A process the engine started for the worker (`docker exec`: parent 0 here, which no process of
    the code can have) is let go on."""
    try:
        os.kill(-1, signal.SIGSTOP)
    except OSError:
        return  # nothing else was running
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (1, os.getpid()):
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            if parent == 0:
                os.kill(int(entry), signal.SIGCONT)
        except (OSError, ValueError, IndexError):
            pass


def main():
    nonce = _load_job_from_stdin()
    _limit_memory()
    try:
        _main()
    finally:
        if nonce is not None:
            _summary(nonce)
        _stop_the_rest()


def _main():
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
        # What the code's frames hold (the blocks that ran it out of memory) is let go before the
        # runner writes anything.
        traceback.clear_frames(error.__traceback__)
        code = _limit_exit(error) or (EXIT_DISK_FULL if _disk_full() else EXIT_USER_ERROR)
        _fail(type(error).__name__, str(error) or type(error).__name__, code)

    if result is None and os.path.exists(OUTPUT_RESULT):
        with open(OUTPUT_RESULT, encoding="utf-8") as handle:
            result = json.load(handle)
    try:
        _write_json(RESULT, result, _result_max_bytes())
    except ResultTooLarge as error:
        print(f"retort: {error}", file=sys.stderr)
        _fail("ResultTooLarge", str(error), EXIT_RESULT_TOO_LARGE)
    except OSError as error:
        print(f"retort: the result could not be written: {error}", file=sys.stderr)
        _fail(type(error).__name__, str(error), _limit_exit(error) or EXIT_BAD_RESULT)
    except MemoryError:
        print("retort: the result could not be written: out of memory", file=sys.stderr)
        _fail("MemoryError", "the result could not be written: out of memory", EXIT_MEMORY)
    except (TypeError, ValueError) as error:
        if isinstance(error, ValueError) and "Out of range float" in str(error):
            error = ValueError("result contains NaN or infinity, which JSON cannot represent")
        print(f"retort: {error}", file=sys.stderr)
        _fail("ResultError", str(error), EXIT_BAD_RESULT)


if __name__ == "__main__":
    main()
