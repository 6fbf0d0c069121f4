"""A reader's day on the tracker: the mix `make loadtest` sends.

Weights follow what readers do most: open the home page and the lists, read an
agreement, search, and, less often, use the API or download a CSV.
"""

import random

from locust import HttpUser, between, task

AGREEMENTS = [
    "openai-aws-cloud-compute",
    "openai-nvidia-10gw-partnership",
    "openai-microsoft-azure-stateless-api",
    "aws-anthropic-cloud-training",
]
COMPANIES = ["openai", "amazon", "microsoft", "nvidia"]
SEARCHES = ["AWS", "Azure", "亚马逊", "GPU", "2030"]


class Reader(HttpUser):
    wait_time = between(0, 0.2)

    @task(4)
    def home(self) -> None:
        self.client.get("/")

    @task(3)
    def agreements(self) -> None:
        self.client.get("/agreements/")

    @task(4)
    def agreement(self) -> None:
        slug = random.choice(AGREEMENTS)
        self.client.get(f"/agreements/{slug}/", name="/agreements/<slug>/")

    @task(2)
    def company(self) -> None:
        slug = random.choice(COMPANIES)
        self.client.get(f"/companies/{slug}/", name="/companies/<slug>/")

    @task(2)
    def search(self) -> None:
        self.client.get(
            "/search/", params={"q": random.choice(SEARCHES)}, name="/search/"
        )

    @task(2)
    def api_list(self) -> None:
        self.client.get("/api/v1/agreements/", params={"party": "openai"})

    @task(2)
    def api_detail(self) -> None:
        slug = random.choice(AGREEMENTS)
        self.client.get(
            f"/api/v1/agreements/{slug}/", name="/api/v1/agreements/<slug>/"
        )

    @task(1)
    def csv(self) -> None:
        self.client.get(
            "/agreements/", params={"format": "csv"}, name="/agreements/ csv"
        )
