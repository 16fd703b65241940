"""The VBA project writer now lives in the package (arxl.writers.vbaproject); re-exported here
for the fixtures that were written against this path."""

from arxl.writers.vbaproject import build_vba_project, ovba_compress, ovba_decompress

__all__ = ["build_vba_project", "ovba_compress", "ovba_decompress"]
