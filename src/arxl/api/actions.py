"""The macro-enabled workbook's side of `arxl excel run`: the actions a button can ask for and
the escaping of the ASCII files the macro reads. Apart from api/buttons, which does the
actions, so that the command line can offer them without importing pandas (the faces start
reading the workbook before that import)."""

ACTIONS = ("refresh", "reminders", "remind-plan", "remind-send", "report", "drafts", "bank")


def escape(text: str) -> str:
    """Printable ASCII as is; a backslash, a control character or non-ASCII as \\uXXXX (UTF-16
    code units, as VBA's ChrW takes them)."""
    out = []
    for c in text:
        if " " <= c <= "~" and c != "\\":
            out.append(c)
        else:
            units = c.encode("utf-16-le")
            out += [
                f"\\u{int.from_bytes(units[i : i + 2], 'little'):04x}"
                for i in range(0, len(units), 2)
            ]
    return "".join(out)
