"""In real headless Chromium: a reviewer selects words in version 1 and comments; an
officer replies and resolves; suggested wording is accepted into the draft; after
version 2 is published, open comments are re-anchored or marked outdated."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from agreements import services
from agreements.models import Section
from partners.models import OrganisationKind, Role
from tests.agreements.factories import draft
from tests.partners.factories import PASSWORD, AreaFactory, OrganisationFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PURPOSE = "People leaving hospital have care in place on the day they go home, and nobody waits."


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/account/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your dashboard")).to_be_visible()


def select_words(page: Page, words: str) -> None:
    """Select ``words`` in the purpose section, as a reader does with the mouse."""
    page.evaluate(
        """(words) => {
            const paragraph = document.querySelector('.dsa-commentable[data-section=purpose] p');
            const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
            const nodes = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
            const whole = nodes.map((node) => node.textContent).join("");
            const at = (offset) => {
                for (const node of nodes) {
                    if (offset <= node.textContent.length) return [node, offset];
                    offset -= node.textContent.length;
                }
            };
            const start = whole.indexOf(words);
            const range = document.createRange();
            range.setStart(...at(start));
            range.setEnd(...at(start + words.length));
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            paragraph.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        words,
    )


def comment_on(page: Page, words: str, text: str, suggestion: str = "") -> None:
    select_words(page, words)
    page.get_by_role("button", name=f"Comment on \u201c{words}\u201d").click()
    form = page.locator("details[data-section=purpose]")
    expect(form.get_by_label("The words you mean (optional)")).to_have_value(words)
    expect(form.get_by_label("Your comment")).to_be_focused()
    form.get_by_label("Your comment").fill(text)
    if suggestion:
        form.get_by_label("Suggest new wording for those words (optional)").fill(suggestion)
    form.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Your comment is added.")).to_be_visible()


def test_review_from_comment_to_version_two(live_server: Any, page: Page) -> None:
    base = live_server.url
    area = AreaFactory(name="Sheffield", slug="sheffield")
    OrganisationFactory(
        area=area, name="Sheffield City Council", kind=OrganisationKind.LOCAL_AUTHORITY
    )
    OrganisationFactory(area=area, name="Healthwatch Sheffield", kind=OrganisationKind.VOLUNTARY)
    officer = member_of(area, Role.OFFICER, email="ben@example.org", full_name="Ben Hartley")
    member_of(area, Role.REVIEWER, email="nadia@example.org", full_name="Nadia Hussain")
    agreement = draft(area=area, officer=officer, title="Safe discharge")
    purpose = Section.objects.get(agreement=agreement, key="purpose")
    services.section_save(
        section=purpose, body=PURPOSE, base_revision=purpose.revision, actor=officer
    )
    services.version_issue(agreement=agreement, actor=officer)
    version_one = f"{base}{agreement.get_absolute_url()}versions/1/"

    # The reviewer comments on words she selects.
    sign_in(page, base, "nadia@example.org")
    page.goto(version_one)
    comment_on(page, "care in place", "Which care? Home care, equipment, or both?")
    comment_on(
        page, "nobody waits", "Say how long is too long.", suggestion="nobody waits more than a day"
    )
    comment_on(page, "on the day they go home", "Does this include weekends?")
    comment_on(page, "waits.", "Who checks this?")
    expect(page.locator("mark.dsa-anchored").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The officer replies to the first thread and resolves it, and accepts the suggestion.
    sign_in(page, base, "ben@example.org")
    page.goto(version_one)
    first = page.locator("article.dsa-thread").filter(has_text="Which care?")
    first.get_by_label("Reply to Nadia Hussain").fill("Both: we will list them.")
    first.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply is added.")).to_be_visible()
    first = page.locator("article.dsa-thread").filter(has_text="Which care?")
    expect(first.get_by_text("Both: we will list them.")).to_be_visible()
    first.get_by_role("link", name="Resolve the thread by Nadia Hussain").click()
    page.get_by_label("Accepted", exact=True).check()
    page.get_by_label("Note to the reviewer (needed if not accepted)").fill(
        "Listed in the next version."
    )
    page.get_by_role("button", name="Resolve thread").click()
    expect(page.get_by_text("The thread is resolved")).to_be_visible()

    suggestion = page.locator("article.dsa-thread").filter(has_text="Say how long is too long.")
    suggestion.get_by_role("button", name="Accept into the draft").click()
    expect(page.get_by_text("Nadia Hussain's wording is in the draft.")).to_be_visible()
    expect(page.locator("#section-purpose")).to_contain_text("nobody waits more than a day")

    page.get_by_role("button", name="Issue version 2 for review").click()
    expect(
        page.locator(".govuk-notification-banner").get_by_text("Issued version 2 for review")
    ).to_be_visible()

    # On version 2: the comment whose words remain moved with them; the one whose words
    # changed is marked outdated, still reachable on version 1.
    page.goto(f"{base}{agreement.get_absolute_url()}versions/2/")
    weekends = page.locator("article.dsa-thread").filter(has_text="Does this include weekends?")
    expect(weekends).to_be_visible()
    expect(page.locator("mark.dsa-anchored")).to_have_text("on the day they go home")
    expect(page.locator("article.dsa-thread").filter(has_text="Who checks this?")).to_have_count(0)
    outdated = page.locator("#outdated + p + ul")
    expect(outdated).to_contain_text("Nadia Hussain on \u201cPurpose and benefits\u201d, version 1")
    outdated.get_by_role("link").click()
    expect(page.locator("article.dsa-thread").filter(has_text="Who checks this?")).to_contain_text(
        "Words since changed"
    )
