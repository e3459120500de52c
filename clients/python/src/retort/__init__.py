"""Python client for Retort, the scientific computation platform.

    from retort import Retort
    retort = Retort.from_env()
    calc = retort.calculations.submit(tool="linear-regression", inputs={"data": "data.csv"})
    print(calc.wait(progress=True).result)
    calc.outputs.download("out")
"""

__version__ = "0.1.0"

from .calculations import Calculation, Calculations, Outputs  # noqa: E402
from .client import Retort  # noqa: E402
from .errors import (  # noqa: E402
    ApiError,
    BadRequest,
    CalculationCancelled,
    CalculationError,
    CalculationFailed,
    CalculationTimedOut,
    ConfigurationError,
    Conflict,
    ConnectionFailed,
    Forbidden,
    NotFound,
    RateLimited,
    RetortError,
    ServiceUnavailable,
    Unauthorized,
    WaitTimeout,
)
from .models import (  # noqa: E402
    CalculationInfo,
    CalculationLogs,
    CalculationSummary,
    File,
    OutputFile,
    Problem,
    Tool,
    ToolDetail,
    ToolVersion,
)

__all__ = [
    "ApiError",
    "BadRequest",
    "Calculation",
    "CalculationCancelled",
    "CalculationError",
    "CalculationFailed",
    "CalculationInfo",
    "CalculationLogs",
    "CalculationSummary",
    "CalculationTimedOut",
    "Calculations",
    "ConfigurationError",
    "Conflict",
    "ConnectionFailed",
    "File",
    "Forbidden",
    "NotFound",
    "OutputFile",
    "Outputs",
    "Problem",
    "RateLimited",
    "Retort",
    "RetortError",
    "ServiceUnavailable",
    "Tool",
    "ToolDetail",
    "ToolVersion",
    "Unauthorized",
    "WaitTimeout",
    "__version__",
]
