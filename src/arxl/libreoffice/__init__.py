"""arxl's buttons in LibreOffice Calc. `arxl_buttons.py` is not imported by arxl: `arxl excel
setup --libreoffice` copies it into LibreOffice's user profile, where the workbook's VBA calls
it (LibreOffice runs it in its own Python, which need not have arxl)."""
