"""JSON Lines in and out, with errors that name the file, the line and the field.

Every stage command (`atmp extract|geocode|resolve|parse`) reads JSON Lines and
writes one output line per input line. A bad input line never stops the batch:
it becomes an output line with an ``"error"`` key and a message on stderr of the
form ``IN.jsonl:7: field 'mention': Field required``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class RecordError:
    """One bad input record: where it is and what is wrong with it."""

    path: str
    line: int
    field: str | None
    message: str
    record_id: str | None = None

    def __str__(self) -> str:
        where = f"field '{self.field}'" if self.field else "record"
        return f"{self.path}:{self.line}: {where}: {self.message}"

    def as_output(self) -> dict[str, Any]:
        """The output line that stands in for this record."""
        return {"id": self.record_id, "error": str(self)}


class InputFileError(Exception):
    """The input as a whole cannot be read (missing file, a directory...)."""


def _loc_to_field(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc) or "<record>"


def validation_errors(
    path: str, line: int, exc: ValidationError, record_id: str | None
) -> list[RecordError]:
    """Turn a pydantic error into one RecordError per failing field."""
    return [
        RecordError(path, line, _loc_to_field(err["loc"]), err["msg"], record_id)
        for err in exc.errors()
    ]


def _open_binary(path: str | Path) -> IO[bytes]:
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    if p.is_dir():
        raise InputFileError(f"{p}: is a directory, expected a JSON Lines file")
    return p.open("rb")


def iter_json_lines(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | RecordError]]:
    """Yield ``(line_number, object_or_error)`` for every non-blank line."""
    name = str(path)
    fh = _open_binary(path)
    try:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, RecordError(name, number, None, f"line is not valid UTF-8 ({exc.reason} at byte {exc.start})")
                continue
            text = text.strip().lstrip("\ufeff")
            if not text:
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, RecordError(name, number, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(obj, dict):
                yield number, RecordError(name, number, None, f"expected a JSON object, got {type(obj).__name__}")
                continue
            yield number, obj
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def read_records(path: str | Path, model: type[M]) -> Iterator[tuple[int, M | list[RecordError]]]:
    """Validate each line against ``model``; errors come back as a list per line."""
    for number, obj in iter_json_lines(path):
        if isinstance(obj, RecordError):
            yield number, [obj]
            continue
        rid = obj.get("id")
        rid = str(rid) if rid is not None else None
        try:
            yield number, model.model_validate(obj)
        except ValidationError as exc:
            yield number, validation_errors(str(path), number, exc, rid)


def dump_line(obj: Any) -> str:
    """One compact JSON line; dates and pydantic models are serialised."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump(mode="json")
    return json.dumps(obj, ensure_ascii=False, default=str)


def write_jsonl(path: str | Path, rows: Iterable[Any]) -> int:
    """Write rows to ``path`` (``-`` for stdout) atomically; return the count."""
    if str(path) == "-":
        count = 0
        for row in rows:
            sys.stdout.write(dump_line(row) + "\n")
            count += 1
        sys.stdout.flush()
        return count
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    count = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(dump_line(row) + "\n")
            count += 1
    tmp.replace(target)
    return count


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file we wrote ourselves; any bad line is an error."""
    out: list[dict[str, Any]] = []
    for _, obj in iter_json_lines(path):
        if isinstance(obj, RecordError):
            raise ValueError(str(obj))
        out.append(obj)
    return out


def run_stage(
    in_path: str | Path,
    out_path: str | Path,
    model: type[M],
    process: Callable[[list[M]], list[dict[str, Any]]],
    *,
    command: str,
) -> int:
    """Run a batch stage over a JSON Lines file: the shared body of the stage commands.

    ``process`` receives the valid records in input order and must return one
    output dict per record, in the same order. Invalid records become error
    lines at their place. Returns the process exit code: 0 when the batch ran
    (even with bad records, which are reported), 2 when the input is unreadable.
    """
    try:
        parsed = list(read_records(in_path, model))
    except InputFileError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return 2
    valid = [rec for _, rec in parsed if not isinstance(rec, list)]
    results = iter(process(valid))
    rows: list[dict[str, Any]] = []
    errors = 0
    for _, rec in parsed:
        if isinstance(rec, list):
            errors += 1
            for err in rec:
                print(f"{command}: {err}", file=sys.stderr)
            rows.append({"id": rec[0].record_id, "error": "; ".join(str(e) for e in rec)})
        else:
            rows.append(next(results))
    write_jsonl(out_path, rows)
    print(
        f"{command}: {len(rows)} records, {len(rows) - errors} processed, {errors} invalid"
        + ("" if str(out_path) == "-" else f" -> {out_path}"),
        file=sys.stderr,
    )
    return 0
