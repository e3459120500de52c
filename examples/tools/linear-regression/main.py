"""Least-squares line through two columns of a CSV file, with a plot."""
import os

os.environ.setdefault("MPLCONFIGDIR", "/tmp/matplotlib")  # the root filesystem is read-only

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from retort import progress  # noqa: E402


def run(params):
    frame = pd.read_csv("/work/inputs/data")
    for column in (params["xColumn"], params["yColumn"]):
        if column not in frame.columns:
            raise ValueError(f"column {column!r} not in the CSV (columns: {', '.join(map(str, frame.columns))})")
    data = frame[[params["xColumn"], params["yColumn"]]].apply(pd.to_numeric, errors="coerce").dropna()
    if len(data) < 2:
        raise ValueError("at least two numeric rows are needed")
    x = data[params["xColumn"]].to_numpy()
    y = data[params["yColumn"]].to_numpy()
    progress(0.3, "fitting")

    slope, intercept = np.polyfit(x, y, 1)
    predicted = slope * x + intercept
    residual = float(np.sum((y - predicted) ** 2))
    total = float(np.sum((y - y.mean()) ** 2))
    r_squared = 1 - residual / total if total else 1.0
    progress(0.6, "plotting")

    figure, axes = plt.subplots(figsize=(6, 4), dpi=100)
    axes.scatter(x, y, s=12, label="data")
    order = np.argsort(x)
    axes.plot(x[order], predicted[order], color="C1", label=f"y = {slope:.4g} x + {intercept:.4g}")
    axes.set_xlabel(params["xColumn"])
    axes.set_ylabel(params["yColumn"])
    axes.set_title(params["title"])
    axes.legend()
    figure.tight_layout()
    figure.savefig("/work/outputs/plot.png")
    progress(1.0, "done")
    return {"slope": slope, "intercept": intercept, "rSquared": r_squared, "points": int(len(x))}
