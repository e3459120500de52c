"""Monte Carlo estimate of pi: the fraction of random points of the unit square inside the quarter disc."""
import math

import numpy as np

from retort import progress

BATCH = 1_000_000


def run(params):
    samples = params["samples"]
    rng = np.random.default_rng(params["seed"])
    inside = 0
    done = 0
    while done < samples:
        size = min(BATCH, samples - done)
        x = rng.random(size)
        y = rng.random(size)
        inside += int(np.count_nonzero(x * x + y * y <= 1.0))
        done += size
        progress(done / samples, f"{done:,} of {samples:,} samples")
    fraction = inside / samples
    estimate = 4 * fraction
    return {
        "estimate": estimate,
        "standardError": 4 * math.sqrt(fraction * (1 - fraction) / samples),
        "absoluteError": abs(estimate - math.pi),
        "samples": samples,
        "seed": params["seed"],
    }
