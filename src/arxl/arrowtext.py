"""Text built column-wise by Arrow compute kernels: the sheet writer's rows and the aging CSV.

Everything is `large_string` (kernels do not mix it with `string`). Numbers are spelled as
Python's `repr` spells them, `.0` on integral floats included, below ARROW_EXPONENT; from
there Arrow writes an exponent where Python does not (both are the same value).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

STR = pa.large_string()
ARROW_EXPONENT = 1e10  # Arrow's double-to-text cast writes an exponent from here


def lit(part: object) -> object:
    """A Python string as a large_string scalar; anything else as it is."""
    return pa.scalar(part, STR) if isinstance(part, str) else part


def join(*parts: object, sep: str = "") -> pa.Array:
    """The parts (arrays or strings) joined element-wise."""
    return pc.binary_join_element_wise(*map(lit, parts), lit(sep))


def choose(cond: pa.Array, yes: object, no: object) -> pa.Array:
    return pc.if_else(cond, lit(yes), lit(no))


def float_texts(values: np.ndarray, blank: np.ndarray | None = None) -> pa.Array:
    """Floats as text (null where `blank`): Python's spelling below ARROW_EXPONENT, integral
    values with ".0"; from there Arrow's (an exponent: the text itself says if it needs ".0")."""
    text = pa.array(values, mask=blank).cast(STR)
    whole = np.isfinite(values) & (values == np.trunc(values))
    if (np.abs(values[whole]) >= ARROW_EXPONENT).any():
        marks = pc.invert(pc.match_substring_regex(text, "[.en]"))
    else:
        marks = pa.array(whole)
    return choose(marks, join(text, ".0"), text)


def concatenated(texts: pa.Array) -> memoryview:
    """The texts back to back, as UTF-8 bytes (no copy)."""
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], np.int64)[texts.offset : texts.offset + len(texts) + 1]
    return memoryview(buffers[2])[int(offsets[0]) : int(offsets[-1])]
