"""Run in its own process with the server's environment: the SQL queries each
URL runs (Django's test client with CaptureQueriesContext), and the facts the
bench needs to name its URLs. Prints JSON.

    python -m bench.queries discover
    python -m bench.queries count URL...
"""

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partnerships.models import Company, PublicationStatus

    command, urls = sys.argv[1], sys.argv[2:]
    if command == "discover":
        popular = (
            Company.objects.filter(publication_status=PublicationStatus.PUBLISHED)
            .annotate(deals=Count("agreement_parties"))
            .order_by("-deals")
            .values_list("slug", "deals")
            .first()
        )
        print(json.dumps({"popular_company": popular}))
        return
    client = Client()
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                for _ in response.streaming_content:
                    pass
        counts[url] = {"queries": len(queries), "status": response.status_code}
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
