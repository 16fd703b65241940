"""The VBA source of the macro-enabled workbook (arxl.bas), shipped as package data."""
