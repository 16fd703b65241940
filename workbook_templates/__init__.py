"""Reminder templates (Jinja2) shipped with arxl; copy this folder next to your workbook to edit
them."""
