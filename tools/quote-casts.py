"""Quote the types in the generated bindings' `typing.cast(...)` calls (run by `make imports`).

jsii serializes a struct by reading each of its properties, and every generated getter ends in
`typing.cast(typing.Optional["X"], result)`: building that subscripted type on each read misses
typing's small cache and compiles a ForwardRef, ~15-20 % of a synth's Python CPU. A quoted type is
the same to mypy and costs nothing at run time (`typing.cast` returns its second argument).
"""

from __future__ import annotations

import sys
from pathlib import Path

CAST = "typing.cast("


def first_argument_end(text: str, start: int) -> int:
    """Index of the top-level comma that ends the argument beginning at `start`."""
    depth = 0
    quote = ""
    for i in range(start, len(text)):
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            return i
    raise ValueError(f"unterminated typing.cast at {start}")


def quote_casts(text: str) -> str:
    out, pos = [], 0
    while (at := text.find(CAST, pos)) != -1:
        start = at + len(CAST)
        end = first_argument_end(text, start)
        argument = text[start:end]
        if "[" in argument and "'" not in argument:
            argument = '"' + argument.replace('"', "") + '"'
        out += [text[pos:start], argument]
        pos = end
    return "".join(out) + text[pos:]


def main(paths: list[str]) -> None:
    for path in map(Path, paths):
        path.write_text(quote_casts(path.read_text()))


if __name__ == "__main__":
    main(sys.argv[1:])
