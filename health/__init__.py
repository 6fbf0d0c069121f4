"""Whether the tracker can serve, and what it answers when its database cannot.

`/healthz` says the process answers; `/readyz` that the database is reachable and
fully migrated (`views`). While the database is unreachable, pages answer a 503
page and the API a JSON 503, both with `Retry-After` (`outages`). Nothing here
reads a record, so nothing here can show a reader what they may not see.
"""
