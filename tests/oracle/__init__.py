"""Independent oracle for `arxl`: builds owner-style workbooks and recomputes results
from the written definitions, without importing anything from the engine."""
