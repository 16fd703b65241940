"""Reminders that go out: messages built from templates, letters, SMTP sending."""
