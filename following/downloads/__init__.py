"""Full downloads: the whole published dataset as one JSON file, a ZIP of CSVs
and a SQLite database, regenerated a few minutes after editors publish and by
`manage.py export_dataset`, listed with their size, date and SHA-256 at
/downloads/.

`tables` says what is in them (one definition for all three formats, and the
JSON Schema), `files` writes them, `schedule` decides when, `views` serves them.
"""
