"""What a watch mails: the public changes of the watched record, worded and
chosen exactly as its Atom feed is (`following.feeds`: a company's own changes,
its group's agreements and statements; an agreement's and the statements about
it; a person's and their statements), and of those, the ones this watch has
not mailed yet.

"Not mailed yet" is by the change's identity (`Change.guid`), not by its time:
a change first seen by readers late (a party that was a draft company, now
published) is still new, and a change dated before a slow transaction
committed is not lost. Everything comes from `History(record, PUBLIC)` through
the feed, and only for a record readers see now: a draft record, a draft edit,
a draft related record never reach a mail.
"""

from following.changes import Change
from following.feeds import AgreementFeed, CompanyFeed, PersonFeed
from partnerships.models import Agreement, Company, Person
from partnerships.visibility import PUBLIC

FEEDS = {Company: CompanyFeed, Agreement: AgreementFeed, Person: PersonFeed}


def public_changes(record) -> list[Change]:
    """The changes readers see in `record`'s feed, newest first; none while
    readers cannot see the record (its feed is then not found either)."""
    if not PUBLIC.sees(record):
        return []
    return FEEDS[type(record)]().items(record)


def unsent(watch, changes: list[Change]) -> list[Change]:
    seen = set(watch.seen)
    return [change for change in changes if change.guid not in seen]
