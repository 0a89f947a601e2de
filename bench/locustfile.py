"""The load test's simulated people (Locust): the public and the five roles of the
demo areas, on mixed journeys: reading, searching, commenting, saving a section and
issuing a version. Run by bench/load.py (`make bench-load`), against a server seeded
with the demo data (every demo password is demo-sharing-2026)."""

import random
import re
from typing import Any

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

AREAS = ["essex", "leeds", "greater-manchester", "melton", "sheffield", "west-midlands"]
PASSWORD = "demo-sharing-2026"  # noqa: S105 - the published demo password
SEARCHES = ["safeguarding", "115", "health", "housing", "crime", "children", "care+act"]

REFERENCE = r"[A-Z]+-\d{4}-\d+"
AGREEMENT_LINK = re.compile(rf'href="(/areas/[a-z-]+/agreements/{REFERENCE}/)"')
VERSION_LINK = re.compile(rf'href="(/areas/[a-z-]+/agreements/{REFERENCE}/versions/\d+/)"')
SECTION_LINK = re.compile(rf'href="(/areas/[a-z-]+/agreements/{REFERENCE}/sections/[\w-]+/)"')
REVISION = re.compile(
    r'name="base_revision"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="base_revision"'
)
SECTION_KEY = re.compile(
    r'name="section_key"[^>]*value="([\w-]+)"|value="([\w-]+)"[^>]*name="section_key"'
)
GATEWAY_LINK = re.compile(r'href="(/register/gateways/[\w-]+/)"')


class Person(FastHttpUser):
    """Someone who signs in with a demo account of one area."""

    abstract = True
    role = ""
    wait_time = between(0.5, 2.5)

    def csrf_token(self) -> str:
        return next((c.value or "" for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def on_start(self) -> None:
        self.area = random.choice(AREAS)
        self.agreements: list[str] = []
        page = self.client.get("/account/sign-in/", name="sign-in page")
        token = self.csrf_token()
        email = (
            "admin@example.org" if self.role == "admin" else f"{self.role}.{self.area}@example.org"
        )
        with self.client.post(
            "/account/sign-in/",
            {
                "username": email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": page.url or ""},
            name="sign in",
            catch_response=True,
        ) as response:
            # A sign-in that lands back on its own page failed, whatever its status.
            if "/account/sign-in/" in (response.url or ""):
                response.failure("could not sign in")
        self.find_agreements()

    def post(self, url: str, data: dict[str, Any], name: str) -> Any:
        data = {**data, "csrfmiddlewaretoken": self.csrf_token()}
        return self.client.post(url, data, headers={"Referer": url}, name=name)

    def find_agreements(self) -> None:
        page = self.client.get(f"/areas/{self.area}/agreements/", name="agreements list")
        self.agreements = sorted(set(AGREEMENT_LINK.findall(page.text)))

    def an_agreement(self) -> str | None:
        return random.choice(self.agreements) if self.agreements else None

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/", name="dashboard")

    @task(3)
    def agreements_list(self) -> None:
        self.find_agreements()

    @task(4)
    def read_agreement(self) -> None:
        if url := self.an_agreement():
            self.client.get(url, name="agreement page")

    @task(1)
    def search_gateways(self) -> None:
        self.client.get(f"/gateways/?q={random.choice(SEARCHES)}", name="gateway search")


class Officer(Person):
    role = "officer"
    weight = 10

    @task(3)
    def save_a_section(self) -> None:
        url = self.an_agreement()
        if not url:
            return
        page = self.client.get(url, name="agreement page")
        sections = SECTION_LINK.findall(page.text)
        if not sections:
            return
        edit = random.choice(sections)
        form = self.client.get(edit, name="section editor")
        found = REVISION.search(form.text)
        if not found:
            return
        revision = found.group(1) or found.group(2)
        data = {
            "body": f"Shared only to arrange care on the day of discharge "
            f"(note {random.randint(1, 10**6)}).",
            "base_revision": revision,
            "csrfmiddlewaretoken": self.csrf_token(),
        }
        with self.client.post(
            edit, data, headers={"Referer": edit}, name="save section", catch_response=True
        ) as response:
            # Two officers of an area saving one section at once: the second is shown
            # both texts (409), as designed; nothing is lost.
            if response.status_code == 409:
                response.success()

    @task(1)
    def issue_a_version(self) -> None:
        if url := self.an_agreement():
            self.post(f"{url}versions/issue/", {"note": "Wording tightened"}, name="issue version")

    @task(1)
    def compare(self) -> None:
        if url := self.an_agreement():
            self.client.get(f"{url}versions/compare/", name="compare versions")


class Reviewer(Person):
    role = "reviewer"
    weight = 8

    @task(4)
    def read_a_version(self) -> None:
        url = self.an_agreement()
        if not url:
            return
        page = self.client.get(url, name="agreement page")
        versions = VERSION_LINK.findall(page.text)
        if versions:
            self.client.get(random.choice(versions), name="version page")

    @task(2)
    def comment(self) -> None:
        url = self.an_agreement()
        if not url:
            return
        page = self.client.get(url, name="agreement page")
        versions = sorted(set(VERSION_LINK.findall(page.text)))
        if not versions:
            return
        latest = max(versions, key=lambda v: int(v.rstrip("/").rsplit("/", 1)[1]))
        version = self.client.get(latest, name="version page")
        found = SECTION_KEY.search(version.text)
        if not found or "comments/" not in version.text:
            return
        self.post(
            f"{latest}comments/",
            {
                "section_key": found.group(1) or found.group(2),
                "body": "Who decides when this is shared, and how are people told?",
            },
            name="comment",
        )


class Signatory(Person):
    role = "signatory"
    weight = 4


class AreaAdmin(Person):
    role = "area-admin"
    weight = 4

    @task(2)
    def members(self) -> None:
        self.client.get(f"/areas/{self.area}/members/", name="members")

    @task(2)
    def audit(self) -> None:
        self.client.get(f"/areas/{self.area}/audit/", name="area audit ledger")

    @task(1)
    def undelivered(self) -> None:
        self.client.get(f"/areas/{self.area}/undelivered/", name="undelivered e-mails")


class PlatformAdmin(Person):
    """The platform admin: every area, and the Django admin."""

    role = "admin"
    weight = 1

    @task(2)
    def outbox(self) -> None:
        self.client.get("/admin/notifications/job/", name="admin: outbox")


class Public(FastHttpUser):
    """Someone reading the public register, no sign-in."""

    weight = 23
    wait_time = between(0.5, 2.5)

    @task(3)
    def register(self) -> None:
        self.client.get("/register/", name="register")

    @task(3)
    def gateways(self) -> None:
        page = self.client.get(
            f"/register/gateways/?q={random.choice(SEARCHES)}", name="register search"
        )
        links = GATEWAY_LINK.findall(page.text)
        if links:
            self.client.get(random.choice(links), name="register gateway page")

    @task(1)
    def open_data(self) -> None:
        self.client.get(
            random.choice(["/register/gateways.json", "/register/gateways.csv"]),
            name="open data",
        )
