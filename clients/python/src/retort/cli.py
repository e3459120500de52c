"""The `retort` command.

Exit codes (stable; scripts may rely on them):
  0  success
  1  the calculation did not complete (failed, timed out or cancelled)
  2  usage error: bad arguments, invalid parameters or tool folder, not logged in
  3  the API answered with an error (its problem+json is printed; with --json, as JSON on stderr)
  4  the API could not be reached
  5  `tools publish`: that version already exists with different content (bump the version)
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import jsonschema
from pydantic import BaseModel

from . import __version__
from .calculations import Calculation
from .client import Retort, read_config, write_config
from .errors import ApiError, CalculationError, ConfigurationError, Conflict, ConnectionFailed, RetortError
from .models import TERMINAL_STATUSES

EXIT_OK = 0
EXIT_CALCULATION = 1
EXIT_USAGE = 2
EXIT_API = 3
EXIT_CONNECTION = 4
EXIT_VERSION_EXISTS = 5
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Wrong input on the command line or in a tool folder: exit 2."""


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


# --- output --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, Calculation):
        return value.info.model_dump(mode="json", by_alias=True)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def emit_json(value: Any) -> None:
    json.dump(_plain(value), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def table(rows: Iterable[Sequence[Any]], headers: Sequence[str]) -> None:
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(header)] + [len(row[i]) for row in cells]) for i, header in enumerate(headers)]
    print("  ".join(header.ljust(widths[i]) for i, header in enumerate(headers)).rstrip())
    for row in cells:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


# --- parameters and tool folders -------------------------------------------------------------------


def parse_assignments(values: Sequence[str] | None, what: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{what} {item!r}: expected key=value")
        result[key] = value
    return result


def _property_schema(schema: dict[str, Any] | None, path: Sequence[str]) -> dict[str, Any] | None:
    for name in path:
        if not isinstance(schema, dict):
            return None
        schema = (schema.get("properties") or {}).get(name)
    return schema if isinstance(schema, dict) else None


def parse_parameters(
    values: Sequence[str] | None, file: str | None, schema: dict[str, Any] | None = None
) -> dict[str, Any]:
    """`-p key=value`: a string where the schema says so, else the value as JSON when it parses
    (numbers, true, lists...), else a string. Dotted keys build nested objects (`-p load.value=3`)."""
    parameters: dict[str, Any] = {}
    if file:
        try:
            loaded = json.loads(Path(file).read_text())
        except (OSError, ValueError) as error:
            raise UsageError(f"--params-file {file}: {error}") from error
        if not isinstance(loaded, dict):
            raise UsageError(f"--params-file {file}: expected a JSON object")
        parameters.update(loaded)
    for key, raw in parse_assignments(values, "parameter").items():
        *parents, leaf = key.split(".")
        declared = _property_schema(schema, [*parents, leaf])
        value: Any = raw
        if declared is None or declared.get("type") != "string":
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
        target = parameters
        for parent in parents:
            child = target.setdefault(parent, {})
            if not isinstance(child, dict):
                raise UsageError(f"parameter {key}: {parent} is not an object")
            target = child
        target[leaf] = value
    return parameters


def apply_defaults(schema: dict[str, Any], value: dict[str, Any]) -> dict[str, Any]:
    """Fills in `default`s of an object schema's properties (recursively), as the API does for tools."""
    result = dict(value)
    for name, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        if name not in result and "default" in prop:
            result[name] = prop["default"]
        if isinstance(result.get(name), dict) and prop.get("type") == "object":
            result[name] = apply_defaults(prop, result[name])
    return result


def validate_parameters(schema: dict[str, Any], parameters: dict[str, Any]) -> dict[str, Any]:
    filled = apply_defaults(schema, parameters)
    validator = jsonschema.Draft202012Validator(schema)
    problems = sorted(validator.iter_errors(filled), key=lambda error: list(error.path))
    if problems:
        lines = [f"  {'.'.join(map(str, error.path)) or '(parameters)'}: {error.message}" for error in problems]
        raise UsageError("parameters do not match the tool's schema:\n" + "\n".join(lines))
    return filled


def load_tool_folder(folder: str) -> tuple[dict[str, Any], str]:
    """Reads and checks `tool.json` + `main.py` (like examples/tools/*) before anything is sent."""
    root = Path(folder)
    try:
        manifest = json.loads((root / "tool.json").read_text())
        code = (root / "main.py").read_text()
    except OSError as error:
        raise UsageError(f"{folder}: a tool folder holds tool.json and main.py ({error})") from error
    except ValueError as error:
        raise UsageError(f"{root / 'tool.json'}: not valid JSON ({error})") from error
    problems = []
    if not isinstance(manifest, dict):
        raise UsageError(f"{root / 'tool.json'}: expected a JSON object")
    if not isinstance(manifest.get("name"), str):
        problems.append("name: required (lower-case words joined by hyphens)")
    version = manifest.get("version")
    if not isinstance(version, dict):
        problems.append("version: required, an object (version, image, parametersSchema, limits, ...)")
        version = {}
    for key in ("version", "image"):
        if not isinstance(version.get(key), str):
            problems.append(f"version.{key}: required, a string")
    if not isinstance(version.get("limits"), dict):
        problems.append("version.limits: required (memoryMb, cpus, timeoutS, maxOutputBytes)")
    schema = version.get("parametersSchema")
    if not isinstance(schema, dict):
        problems.append("version.parametersSchema: required, a JSON Schema object")
    else:
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            where = "/".join(map(str, error.path))
            problems.append(f"version.parametersSchema{'/' + where if where else ''}: {error.message}")
        if schema.get("type") != "object":
            problems.append('version.parametersSchema: its root must be {"type": "object", ...}')
    if "def run(" not in code:
        problems.append("main.py: must define run(params)")
    if problems:
        raise UsageError(f"{root / 'tool.json'} is not valid:\n" + "\n".join(f"  {line}" for line in problems))
    return manifest, code


# --- commands --------------------------------------------------------------------------------------


def client_from(args: argparse.Namespace) -> Retort:
    stored = read_config()
    url = args.url or os.environ.get("RETORT_URL") or stored.get("url")
    api_key = args.api_key or os.environ.get("RETORT_API_KEY")
    token = os.environ.get("RETORT_TOKEN") if not api_key else None
    if not api_key and not token:
        api_key = stored.get("api_key")
    if not url or (not api_key and not token):
        raise UsageError("not logged in: run `retort login` (or set RETORT_URL and RETORT_API_KEY)")
    return Retort(url, api_key=api_key, token=token)


def cmd_login(args: argparse.Namespace) -> int:
    url = args.url or os.environ.get("RETORT_URL") or read_config().get("url")
    if not url:
        if not sys.stdin.isatty():
            raise UsageError("login: give --url (or set RETORT_URL)")
        url = input("Retort URL (e.g. http://localhost:3000): ").strip()
    api_key = args.api_key or os.environ.get("RETORT_API_KEY")
    if args.api_key_stdin:
        api_key = sys.stdin.readline().strip()
    if not api_key:
        if not sys.stdin.isatty():
            raise UsageError("login: give --api-key, --api-key-stdin or RETORT_API_KEY (create a key in the web app)")
        api_key = getpass.getpass("API key: ").strip()
    with Retort(url, api_key=api_key) as client:
        me = client.me()  # checks the key before it is stored
    path = write_config({"url": url.rstrip("/"), "api_key": api_key})
    if args.json:
        emit_json({"url": url, "username": me.username, "config": str(path)})
    else:
        print(f"Logged in to {url} as {me.username}; settings in {path} (mode 0600)")
    return EXIT_OK


def cmd_whoami(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        me = client.me()
    if args.json:
        emit_json(me)
    else:
        print(f"{me.username} ({', '.join(me.roles)}) at {client.url}")
    return EXIT_OK


def cmd_files_ls(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        files = []
        for file in client.files.list(scope=args.scope, name=args.name, content_type=args.content_type):
            files.append(file)
            if args.limit and len(files) >= args.limit:
                break
    if args.json:
        emit_json(files)
    else:
        table(
            [(f.id, human_size(f.size_bytes), f.content_type, f.uploaded_at.strftime("%Y-%m-%d %H:%M"), f.filename)
             for f in files],
            ["ID", "SIZE", "TYPE", "UPLOADED", "NAME"],
        )
    return EXIT_OK


def cmd_files_upload(args: argparse.Namespace) -> int:
    uploaded = []
    with client_from(args) as client:
        for path in args.paths:
            if not Path(path).is_file():
                raise UsageError(f"{path}: no such file")
            uploaded.append(
                client.files.upload(
                    path, description=args.description, public=args.public, progress=not args.json and not args.quiet
                )
            )
    if args.json:
        emit_json(uploaded if len(uploaded) > 1 else uploaded[0])
    else:
        for file in uploaded:
            print(f"{file.id}  {file.filename}  {human_size(file.size_bytes)}")
    return EXIT_OK


def cmd_files_download(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        path = client.files.download(args.id, args.output, progress=not args.json and not args.quiet)
    if args.json:
        emit_json({"path": str(path)})
    else:
        print(path)
    return EXIT_OK


def cmd_tools_ls(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        tools = list(client.tools.list(search=args.search, tag=args.tag))
    if args.json:
        emit_json(tools)
    else:
        table([(t.name, ",".join(t.tags), t.display_name) for t in tools], ["NAME", "TAGS", "DISPLAY NAME"])
    return EXIT_OK


def cmd_tools_show(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        tool = client.tools.get(args.name)
        version = client.tools.version(args.name, args.version) if args.version else tool.latest_version
    if args.json:
        emit_json(version if args.version else tool)  # --version: that version (with its code and schema)
        return EXIT_OK
    print(f"{tool.display_name} ({tool.name})")
    if tool.description:
        print(tool.description)
    if tool.tags:
        print(f"tags: {', '.join(tool.tags)}")
    if version is None:
        print("no published version")
        return EXIT_OK
    print(f"\nversion {version.version}  image {version.image}{'  (deprecated)' if version.deprecated else ''}")
    limits = version.limits
    print(f"limits: {limits.memory_mb} MiB, {limits.cpus} CPU, {limits.timeout_s} s")
    properties = version.parameters_schema.get("properties") or {}
    if properties:
        print("parameters:")
        for name, prop in properties.items():
            default = f" (default {json.dumps(prop['default'])})" if isinstance(prop, dict) and "default" in prop else ""
            kind = prop.get("type", "") if isinstance(prop, dict) else ""
            description = prop.get("description", "") if isinstance(prop, dict) else ""
            print(f"  {name}: {kind}{default}  {description}".rstrip())
    for item in version.inputs:
        print(f"input {item.name}{'' if item.required else ' (optional)'}: {item.description or ''}".rstrip())
    for output in version.outputs:
        print(f"output {output.name}: {output.description or ''}".rstrip())
    return EXIT_OK


def _finish(client: Retort, calc: Calculation, args: argparse.Namespace) -> int:
    """--wait and --download for `run` and `tools try`; prints the calculation; its exit code."""
    code = EXIT_OK
    if args.wait or args.download:
        try:
            calc.wait(progress=not args.json and not args.quiet, logs=not args.json)
        except CalculationError as error:
            print(f"error: {error}", file=sys.stderr)
            code = EXIT_CALCULATION
    downloaded: list[Path] = []
    if args.download and code == EXIT_OK:
        downloaded = calc.outputs.download(args.download)
    if args.json:
        emit_json({**_plain(calc), "downloaded": [str(path) for path in downloaded]})
    else:
        print(f"calculation {calc.id}: {calc.status}")
        if calc.status == "completed":
            print(json.dumps(calc.result, indent=2))
        for path in downloaded:
            print(f"downloaded {path}")
    return code


def _submit(client: Retort, args: argparse.Namespace, note: str, **submission: Any) -> int:
    """Submits for `run` and `tools try`, says so on stderr (`note` after the name), then `_finish`."""
    calc = client.calculations.submit(**submission, progress=not args.json and not args.quiet)
    if not args.json and not args.quiet:
        print(f"submitted {calc.id} ({calc.name}{note})", file=sys.stderr)
    return _finish(client, calc, args)


def cmd_run(args: argparse.Namespace) -> int:
    inputs = parse_assignments(args.input, "input")
    with client_from(args) as client:
        schema: dict[str, Any] | None = None
        if args.param:
            # The schema tells "-p title=3" (a string) from "-p count=3" (a number).
            version = client.tools.version(args.tool, args.version) if args.version else client.tools.get(args.tool).latest_version
            schema = version.parameters_schema if version else None
        parameters = parse_parameters(args.param, args.params_file, schema)
        return _submit(
            client,
            args,
            "",
            tool=args.tool,
            version=args.version,
            parameters=parameters,
            inputs=dict(inputs),
            name=args.name,
        )


def cmd_tools_try(args: argparse.Namespace) -> int:
    manifest, code = load_tool_folder(args.folder)
    version = manifest["version"]
    schema = version["parametersSchema"]
    parameters = validate_parameters(schema, parse_parameters(args.param, args.params_file, schema))
    inputs = parse_assignments(args.input, "input")
    declared: set[str] = {str(item.get("name")) for item in version.get("inputs") or [] if isinstance(item, dict)}
    unknown = sorted(set(inputs) - declared)
    if unknown:
        raise UsageError(f"input(s) {', '.join(unknown)} not declared in tool.json (declared: {sorted(declared)})")
    missing = [
        item["name"]
        for item in version.get("inputs") or []
        if isinstance(item, dict) and item.get("required", True) and item.get("name") not in inputs
    ]
    if missing:
        raise UsageError(f"required input(s) missing: {', '.join(missing)} (give -i NAME=PATH)")
    limits = {key: version["limits"][key] for key in ("memoryMb", "cpus", "timeoutS", "diskMb") if key in version["limits"]}
    with client_from(args) as client:
        return _submit(
            client,
            args,
            ", ad-hoc: nothing published",
            code=code,
            image=version["image"],
            parameters=parameters,
            inputs=dict(inputs),
            limits=limits,
            name=args.name or f"try {manifest['name']} {version['version']}",
        )


def cmd_tools_publish(args: argparse.Namespace) -> int:
    manifest, code = load_tool_folder(args.folder)
    name = manifest["name"]
    version = {**manifest["version"], "code": code}
    details = {
        "display_name": manifest.get("displayName"),
        "description": manifest.get("description"),
        "tags": manifest.get("tags"),
    }
    report: dict[str, Any] = {"tool": name, "version": version["version"]}
    with client_from(args) as client:
        try:
            client.tools.create(name, **details)
            report["tool_created"] = True
        except Conflict:
            client.tools.update(name, **details)
            report["tool_created"] = False
        try:
            client.tools.publish(name, version)
            report["status"] = "published"
            exit_code = EXIT_OK
        except Conflict:
            existing = client.tools.version(name, version["version"])
            same = existing.code == code
            report["status"] = "exists" if same else "exists-different"
            exit_code = EXIT_OK if same else EXIT_VERSION_EXISTS
    if args.json:
        emit_json(report)
    elif report["status"] == "published":
        print(f"{name} {version['version']}: published{' (new tool)' if report['tool_created'] else ''}")
    elif report["status"] == "exists":
        print(f"{name} {version['version']}: this version already exists (same code); nothing published")
    else:
        print(
            f"{name} {version['version']}: this version already exists with different code; versions are "
            "immutable: bump version.version in tool.json",
            file=sys.stderr,
        )
    return exit_code


def cmd_logs(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        calc = client.calculations.get(args.id)
        if not args.follow:
            logs = calc.logs()
            if args.json:
                emit_json(logs)
            else:
                sys.stdout.write(logs.stdout)
                sys.stderr.write(logs.stderr)
            return EXIT_OK
        status = calc.status
        for event in calc.events():
            if args.json:
                emit_json(event)
                sys.stdout.flush()
            elif event.type == "log":
                stream = sys.stderr if event.stream == "stderr" else sys.stdout
                stream.write(event.text if event.text.endswith("\n") else event.text + "\n")
                stream.flush()
            elif event.type == "status":
                status = event.status
        if status not in TERMINAL_STATUSES:
            status = calc.refresh().status
        if not args.json:
            print(f"calculation {calc.id}: {status}", file=sys.stderr)
        return EXIT_OK if status == "completed" else EXIT_CALCULATION


def cmd_show(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        calc = client.calculations.get(args.id)
    if args.json:
        emit_json(calc)
    else:
        info = calc.info
        print(f"{info.id}  {info.status}  {info.name}")
        if info.tool:
            print(f"tool {info.tool} {info.tool_version}")
        if info.error_message:
            print(f"error: {info.error_message}")
        if info.result is not None:
            print(json.dumps(info.result, indent=2))
    return EXIT_OK


def cmd_cancel(args: argparse.Namespace) -> int:
    with client_from(args) as client:
        calc = client.calculations.get(args.id).cancel()
    if args.json:
        emit_json(calc)
    else:
        print(f"calculation {calc.id}: {calc.status}")
    return EXIT_OK


# --- parser --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    def global_options(default: Any) -> argparse.ArgumentParser:
        # Accepted before and after the command; after it, unset ones must not hide those before it.
        options = argparse.ArgumentParser(add_help=False)
        keep = {} if default is None else {"default": default}
        options.add_argument("--url", help="API base URL (default: RETORT_URL, then `retort login`'s)", **keep)
        options.add_argument("--api-key", help="API key (default: RETORT_API_KEY, then `retort login`'s)", **keep)
        options.add_argument("--json", action="store_true", help="machine-readable output on stdout", **keep)
        options.add_argument("-q", "--quiet", action="store_true", help="no progress bars", **keep)
        return options

    common = global_options(argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="retort",
        description="Retort from the command line: files, tools, calculations.",
        epilog=__doc__.split("\n", 2)[2] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[global_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"retort-client {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    login = commands.add_parser("login", parents=[common], help="store the URL and an API key (0600)")
    login.add_argument("--api-key-stdin", action="store_true", help="read the API key from stdin")
    login.set_defaults(handler=cmd_login)
    commands.add_parser("whoami", parents=[common], help="who the stored key belongs to").set_defaults(
        handler=cmd_whoami
    )

    files = commands.add_parser("files", help="your files").add_subparsers(dest="files_command", required=True)
    ls = files.add_parser("ls", parents=[common], help="list files, newest first")
    ls.add_argument("--scope", choices=["mine", "public", "all"], default="mine")
    ls.add_argument("--name", help="case-insensitive substring of the name")
    ls.add_argument("--content-type", help="exact type or a type/* family")
    ls.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    ls.set_defaults(handler=cmd_files_ls)
    upload = files.add_parser("upload", parents=[common], help="upload files (streamed; large ones direct to storage)")
    upload.add_argument("paths", nargs="+", metavar="PATH")
    upload.add_argument("--description")
    upload.add_argument("--public", action="store_true")
    upload.set_defaults(handler=cmd_files_upload)
    download = files.add_parser("download", parents=[common], help="download a file")
    download.add_argument("id")
    download.add_argument("-o", "--output", default=".", help="file or directory (default: .)")
    download.set_defaults(handler=cmd_files_download)

    tools = commands.add_parser("tools", help="the tool catalogue; publishing").add_subparsers(
        dest="tools_command", required=True
    )
    tls = tools.add_parser("ls", parents=[common], help="list tools")
    tls.add_argument("--search")
    tls.add_argument("--tag")
    tls.set_defaults(handler=cmd_tools_ls)
    show = tools.add_parser("show", parents=[common], help="a tool, its parameters, inputs and outputs")
    show.add_argument("name")
    show.add_argument("--version", help="default: the latest")
    show.set_defaults(handler=cmd_tools_show)
    publish = tools.add_parser("publish", parents=[common], help="publish a tool folder (tool.json + main.py)")
    publish.add_argument("folder")
    publish.set_defaults(handler=cmd_tools_publish)

    def calculation_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("-p", "--param", action="append", metavar="KEY=VALUE", help="a parameter (value as JSON if it parses)")
        sub.add_argument("--params-file", metavar="JSON", help="parameters from a JSON file (-p overrides)")
        sub.add_argument("-i", "--input", action="append", metavar="NAME=PATH|FILE_ID", help="an input file")
        sub.add_argument("--name", help="the calculation's name")
        sub.add_argument("--wait", action="store_true", help="follow it to the end (progress and logs)")
        sub.add_argument("--download", metavar="DIR", help="wait, then download the outputs into DIR")

    try_ = tools.add_parser("try", parents=[common], help="run a tool folder's code ad hoc; publishes nothing")
    try_.add_argument("folder")
    calculation_options(try_)
    try_.set_defaults(handler=cmd_tools_try)

    run = commands.add_parser("run", parents=[common], help="run a published tool")
    run.add_argument("tool")
    run.add_argument("--version", help="default: the latest non-deprecated")
    calculation_options(run)
    run.set_defaults(handler=cmd_run)

    logs = commands.add_parser("logs", parents=[common], help="a calculation's stdout and stderr")
    logs.add_argument("id")
    logs.add_argument("-f", "--follow", action="store_true", help="stream live until it ends")
    logs.set_defaults(handler=cmd_logs)
    show_calc = commands.add_parser("show", parents=[common], help="a calculation's state and result")
    show_calc.add_argument("id")
    show_calc.set_defaults(handler=cmd_show)
    cancel = commands.add_parser("cancel", parents=[common], help="cancel a calculation")
    cancel.add_argument("id")
    cancel.set_defaults(handler=cmd_cancel)
    return parser


def _fail(message: str, code: int, payload: dict[str, Any] | None = None, as_json: bool = False) -> NoReturn:
    if as_json and payload is not None:
        json.dump(payload, sys.stderr, indent=2)
        sys.stderr.write("\n")
    else:
        print(f"retort: {message}", file=sys.stderr)
    raise _Exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        try:
            code: int = args.handler(args)
            return code
        except UsageError as error:
            _fail(f"error: {error}", EXIT_USAGE, {"error": "usage", "detail": str(error)}, args.json)
        except ConfigurationError as error:
            _fail(f"error: {error}", EXIT_USAGE, {"error": "usage", "detail": str(error)}, args.json)
        except ApiError as error:
            _fail(str(error), EXIT_API, error.problem.model_dump(mode="json", by_alias=True, exclude_none=True), args.json)
        except ConnectionFailed as error:
            _fail(f"cannot reach the API: {error}", EXIT_CONNECTION, {"error": "connection", "detail": str(error)}, args.json)
        except CalculationError as error:
            _fail(str(error), EXIT_CALCULATION, {"error": "calculation", "detail": str(error)}, args.json)
        except RetortError as error:
            _fail(str(error), EXIT_API, {"error": "retort", "detail": str(error)}, args.json)
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            # Output piped into `head` and the like: not an error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
    except _Exit as exit_:
        return exit_.code


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
