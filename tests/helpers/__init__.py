"""Test helpers: decorated owner workbooks and zip-part comparison."""
