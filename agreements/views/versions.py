"""Frozen versions: reading one, and comparing any two section by section."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from partners.access import AuthenticatedRequest, area_view
from partners.models import Area

from .. import lifecycle, selectors, services
from ..diffing import has_changes, word_diff
from ..forms import CommentForm, CompareForm, EmptyCommentField
from ..models import Agreement, Version
from ..permissions import (
    invited_to_agreement,
    user_can_read_drafts,
    user_can_record_perspective,
    user_can_resolve_comments,
)
from ..presentation import assessment_for_display
from .common import get_agreement, trade_off_context, url_for_each
from .documents import document_panel


def render_version(
    request: AuthenticatedRequest,
    area: Area,
    agreement: Agreement,
    version: Version,
    versions: list[Version],
    *,
    failed_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A version with its review threads, section by section, and (while it is open
    for comment) a comment form on each section."""
    content = version.content
    shown = services.version_sections_html(version=version)
    threads = selectors.comment_threads_for_version(version=version)
    links, version_url = _thread_links(area, agreement)
    by_section: dict[str, list[Any]] = {}
    for thread in threads:
        thread.links = {name: url(thread.pk) for name, url in links.items()}  # type: ignore[attr-defined]
        thread.links["made_on"] = version_url(thread.made_on)  # type: ignore[attr-defined]
        # None rather than an exception the template would have to look into.
        thread.shown_suggestion = getattr(thread, "suggestion", None)  # type: ignore[attr-defined]
        by_section.setdefault(thread.section_key, []).append(thread)
    open_for_comment = services.version_is_open_for_comment(version)
    blank = CommentForm().visible_fields() if open_for_comment else []
    sections = []
    for entry in content["sections"]:
        failed = (
            failed_form
            if failed_form is not None and failed_form.data.get("section_key") == entry["key"]
            else None
        )
        if failed is not None:
            # The ids of this section's form, which the error summary links to.
            failed.auto_id = f"id_{entry['key']}_%s"
        sections.append(
            {
                "entry": entry,
                "html": shown[entry["key"]],
                "threads": by_section.get(entry["key"], []),
                "open_count": sum(1 for t in by_section.get(entry["key"], []) if t.is_open),
                "fields": (
                    failed.visible_fields()
                    if failed is not None
                    else [EmptyCommentField(field, entry["key"]) for field in blank]
                ),
                "failed": failed is not None,
            }
        )
    return render(
        request,
        "agreements/version.html",
        {
            "area": area,
            "agreement": agreement,
            "version": version,
            "content": content,
            "sections": sections,
            "versions": versions,
            "is_latest": bool(versions) and versions[0].number == version.number,
            "reads_drafts": user_can_read_drafts(request.user, area),
            "open_for_comment": open_for_comment,
            "can_resolve": user_can_resolve_comments(request.user, area),
            "threads_open": agreement.status in services.THREADS_OPEN_WHILE,
            "failed_form": failed_form,
            "outdated": (
                selectors.outdated_threads(agreement=agreement).exclude(version=version)
                if bool(versions) and versions[0].number == version.number
                else []
            ),
            "assessment": assessment_for_display(content.get("assessment")),
            "trade_off": trade_off_context(agreement, version),
            **document_panel(request, agreement, version),
            "may_weigh": user_can_record_perspective(request.user, agreement)
            and lifecycle.allows("record_perspective", agreement.status)
            and bool(versions)
            and versions[0].number == version.number
            and bool(content.get("assessment")),
        },
        status=status,
    )


def _thread_links(
    area: Area, agreement: Agreement
) -> tuple[dict[str, Callable[[object], str]], Callable[[object], str]]:
    """What each thread on a version links to, by the thread's id, and a version's URL
    by its number: each reversed once for the whole page."""
    place = {"area_slug": area.slug, "reference": agreement.reference}
    per_thread = {
        name: url_for_each(f"agreements:{route}", "comment_id", **place)
        for name, route in (
            ("reply", "comment-reply"),
            ("resolve", "comment-resolve"),
            ("reopen", "comment-reopen"),
            ("accept", "suggestion-accept"),
            ("reject", "suggestion-reject"),
        )
    }
    return per_thread, url_for_each("agreements:version", "number", **place)


@area_view(guest=invited_to_agreement)
def version_detail(
    request: AuthenticatedRequest, area: Area, reference: str, number: int
) -> HttpResponse:
    agreement = get_agreement(request, area, reference, whole=False)
    try:
        version = selectors.version_get(agreement=agreement, number=number)
    except Version.DoesNotExist as exc:
        raise Http404 from exc
    return render_version(
        request, area, agreement, version, list(selectors.version_list(agreement=agreement))
    )


def _assessment_lines(frozen: dict[str, Any] | None) -> list[str]:
    """A version's trade-off assessment as comparable lines (none before schema 3)."""
    if not frozen:
        return []
    lines = [
        f"{q['text']} {q['score'] or 'not scored'}: {q['reason']}" for q in frozen["questions"]
    ]
    lines += [f"Benefit for {b['beneficiary']}: {b['description']}" for b in frozen["benefits"]]
    lines += [
        f"Risk ({r['likelihood']}/{r['severity']}): {r['description']}" for r in frozen["risks"]
    ]
    position = frozen["overall_position"]
    lines += [
        f"Risk of not sharing: {frozen['risk_of_not_sharing']}",
        f"Balance statement: {frozen['balance_statement']}",
        f"Overall position: {position['label'] if position else 'not decided'}",
    ]
    lines += [f"Safe {part}: {text}" for part, text in sorted(frozen["five_safes"].items())]
    return lines


def _items(content: dict[str, Any], key: str) -> list[str]:
    """Parties, gateways, lawful bases and the assessment as comparable lines."""
    if key == "assessment":
        return _assessment_lines(content.get("assessment"))
    if key == "parties":
        return [
            f"{p['organisation']} ({p['role']}), signs: {p['signatory'] or 'not chosen'}"
            for p in content["parties"]
        ]
    if key == "gateways":
        return [g["title"] for g in content["gateways"]]
    lines = []
    for basis in content["lawful_bases"]:
        parts = [b["reference"] for b in (basis["art6"], basis["art9"], basis["common_law"]) if b]
        parts += [b["reference"] for b in basis.get("annex1", [])]
        parts += [b["reference"] for b in basis["schedule1"] + basis["schedule8"]]
        if basis["art10"]:
            parts.append("Art 10")
        if basis.get("official_authority"):
            parts.append("official authority")
        if basis.get("policy_document"):
            parts.append(f"policy document {basis['policy_document']}")
        if basis["part3"]:
            parts.append("DPA 2018 s.35")
        who = ""
        if basis.get("party"):
            who = f" ({basis['party']}" + (
                f" to {basis['recipient']})" if basis.get("recipient") else ")"
            )
        lines.append(f"{basis['data_category']}{who}: {', '.join(parts) or 'none'}")
    return lines


def compare_versions(old: Version, new: Version) -> dict[str, Any]:
    """Section by section at word level, matched by section key, and the lists of
    parties, gateways and lawful bases as lines added and removed."""
    old_sections = {s["key"]: s for s in old.content["sections"]}
    new_sections = {s["key"]: s for s in new.content["sections"]}
    order = [s["key"] for s in new.content["sections"]] + [
        key for key in old_sections if key not in new_sections
    ]
    sections = []
    for key in order:
        before, after = old_sections.get(key), new_sections.get(key)
        heading = (after or before or {}).get("heading", key)
        if before is None:
            state = "added"
        elif after is None:
            state = "removed"
        else:
            state = "same"
        pieces = word_diff(before["text"] if before else "", after["text"] if after else "")
        if before and after and (has_changes(pieces) or before["heading"] != after["heading"]):
            state = "changed"
        sections.append({"key": key, "heading": heading, "state": state, "pieces": pieces})
    lists = []
    for key, label in (
        ("parties", "Parties"),
        ("gateways", "Legal gateways"),
        ("lawful_bases", "Lawful bases"),
        ("assessment", "Trade-off assessment"),
    ):
        a, b = _items(old.content, key), _items(new.content, key)
        lists.append(
            {
                "label": label,
                "added": [x for x in b if x not in a],
                "removed": [x for x in a if x not in b],
            }
        )
    details = []
    for field, label in (
        ("title", "Title"),
        ("lead_organisation", "Lead organisation"),
        ("review_date", "Review date"),
    ):
        a, b = old.content["agreement"][field], new.content["agreement"][field]
        if a != b:
            details.append({"label": label, "from": a, "to": b})
    return {
        "sections": sections,
        "lists": lists,
        "details": details,
        "changed_count": sum(1 for s in sections if s["state"] != "same"),
    }


@area_view(guest=invited_to_agreement)
def version_compare(request: AuthenticatedRequest, area: Area, reference: str) -> HttpResponse:
    agreement = get_agreement(request, area, reference, whole=False)
    versions = list(selectors.version_list(agreement=agreement))
    form = CompareForm(request.GET or None)
    comparison = None
    pair: dict[int, Version] = {}
    if form.is_bound and form.is_valid():
        a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
        pair = selectors.versions_get(agreement=agreement, numbers=(a, b))
        missing = [n for n in (a, b) if n not in pair]
        if missing:
            form.add_error(None, f"There is no version {missing[0]} of this agreement.")
        elif a == b:
            form.add_error(None, "Choose two different versions to compare.")
        else:
            comparison = compare_versions(pair[a], pair[b])
            pair = {0: pair[a], 1: pair[b]}
    elif not form.is_bound and len(versions) >= 2:
        pair_found = selectors.versions_get(
            agreement=agreement, numbers=(versions[1].number, versions[0].number)
        )
        comparison = compare_versions(
            pair_found[versions[1].number], pair_found[versions[0].number]
        )
        pair = {0: pair_found[versions[1].number], 1: pair_found[versions[0].number]}
    return render(
        request,
        "agreements/compare.html",
        {
            "area": area,
            "agreement": agreement,
            "versions": versions,
            "form": form,
            "comparison": comparison,
            "old": pair.get(0),
            "new": pair.get(1),
        },
        status=200 if comparison is not None or not form.errors else 400,
    )
