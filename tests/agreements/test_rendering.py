import pytest

from agreements.diffing import has_changes, word_diff
from agreements.rendering import fill_placeholders, render_markdown, unfilled_prompts


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ("<style>body{display:none}</style>", "<style"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<a href="#" onclick="alert(1)">x</a>', "onclick"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
        ('<svg onload="alert(1)"></svg>', "onload"),
        ("<form action='https://evil.example'><input></form>", "<form"),
    ],
)
def test_nothing_executable_survives(markdown: str, forbidden: str) -> None:
    html = render_markdown(markdown)
    assert forbidden.lower() not in html.lower()


def test_ordinary_markdown_is_kept() -> None:
    html = render_markdown(
        "Some **bold** text and a [link](https://www.legislation.gov.uk/).\n\n"
        "- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<strong>bold</strong>" in html
    assert 'href="https://www.legislation.gov.uk/"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html
    assert "<td>1</td>" in html


def test_placeholders_are_filled_and_prompts_found() -> None:
    text = "Between {{parties}} in {{area}}. [[Say why]] and {{unknown}}."
    filled = fill_placeholders(text, {"parties": "A and B", "area": "Leeds"})
    assert filled == "Between A and B in Leeds. [[Say why]] and {{unknown}}."
    assert unfilled_prompts(filled) == ["Say why"]
    assert '<mark class="dsa-prompt">[[Say why]]</mark>' in render_markdown(filled)


def test_a_word_diff_marks_additions_and_removals() -> None:
    pieces = word_diff("Keep data for two years.", "Keep data for 18 months only.")
    kinds = [(p.kind, p.text) for p in pieces]
    assert ("removed", "two years.") in kinds
    assert ("added", "18 months only.") in kinds
    assert "".join(p.text for p in pieces if p.kind != "removed") == "Keep data for 18 months only."
    assert "".join(p.text for p in pieces if p.kind != "added") == "Keep data for two years."
    assert not has_changes(word_diff("same text", "same text"))


def test_a_word_diff_always_rebuilds_both_texts() -> None:
    import random

    rng = random.Random(5)
    words = ["data", "share", "the", "council", "police", "  ", "\n", "NHS", ".", "-"]
    for _ in range(500):
        before = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        after = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        pieces = word_diff(before, after)
        assert "".join(p.text for p in pieces if p.kind != "added") == before
        assert "".join(p.text for p in pieces if p.kind != "removed") == after


def test_prompts_are_marked_in_text_but_never_inside_a_tag() -> None:
    html = str(
        render_markdown('See [the guide](https://example.org "read [[which guide]] > first").')
    )
    assert 'title="read [[which guide]] &gt; first"' in html
    assert html.count("<mark") == 0
    html = str(render_markdown("A [[prompt]] and a [link](https://example.org) then [[another]]."))
    assert html.count('<mark class="dsa-prompt">') == 2
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">link</a>' in html


def test_a_prompt_with_emphasis_inside_is_still_marked() -> None:
    html = str(render_markdown("Signed by [[who **must** sign]]."))
    assert '<mark class="dsa-prompt">[[who <strong>must</strong> sign]]</mark>' in html
    crossing = str(render_markdown("**[[starts bold** ends plain]]"))
    assert "<mark" not in crossing  # marking it would cross the bold's end
