"""Helpers for code running in a Retort sandbox: `from retort import progress`."""
import json
import os
import time

PROGRESS = "/work/progress.jsonl"


def progress(fraction, message=None):
    """Reports how far the calculation has got (0.0 to 1.0) with an optional short message."""
    fraction = min(1.0, max(0.0, float(fraction)))
    line = {"fraction": fraction, "t": time.time()}
    if message is not None:
        line["message"] = str(message)[:200]
    with open(PROGRESS, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
