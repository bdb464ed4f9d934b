"""Workshop view: assembly queue, start/finish with serial number, QC checklist."""
