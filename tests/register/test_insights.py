"""Insights across areas: each group's scores by area, by service theme and over time,
and where groups disagree most; the public version covers published agreements only,
the signed-in one adds the person's own areas. Charts are SVG with a table beside."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.test import Client

from agreements import services
from agreements.models import Perspective
from agreements.selectors.insights import InsightData, Point, Where, insight_data_public
from partners.models import Role
from register import insights
from tests.agreements.factories import complete, draft, public_view_counted
from tests.partners.factories import member_of

from .conftest import OnRegister

pytestmark = pytest.mark.django_db


def _when(month: int) -> datetime:
    return datetime(2026, month, 15, tzinfo=UTC)


DATA = InsightData(
    points=[
        Point(1, "local_government", _when(1), {"overall": 5.0, "purposeful": 4.0}),
        Point(1, "advocacy", _when(1), {"overall": 2.0, "purposeful": 3.0}),
        Point(1, "public", _when(5), {"overall": 3.0}),
        Point(1, "public", _when(5), {"overall": 4.0}),
        Point(2, "local_government", _when(5), {"overall": 4.0}),
        Point(2, "health", _when(8), {"overall": 4.0}),
    ],
    agreements={
        1: Where(
            "ESS-1", "Early help", "Essex", ("children-and-families", "health-and-care"), True
        ),
        2: Where("SHE-1", "Discharge", "Sheffield", ("health-and-care",), True),
    },
)


def test_medians_by_area_and_by_theme() -> None:
    by_area = insights.grid(DATA, facet="area")
    assert [row.label for row in by_area.rows] == ["Essex", "Sheffield"]
    groups = [key for key, _ in by_area.groups]
    assert groups == ["local_government", "health", "advocacy", "public"]
    essex = dict(zip(groups, by_area.rows[0].cells, strict=True))
    assert essex["public"].median == 3.5
    assert essex["public"].count == 2
    assert essex["health"].median is None
    by_theme = insights.grid(DATA, facet="theme")
    health = next(row for row in by_theme.rows if row.key == "health-and-care")
    cells = dict(zip(groups, health.cells, strict=True))
    # Both agreements are about health and care: local government scored 5 and 4.
    assert cells["local_government"].median == 4.5
    assert cells["local_government"].count == 2


def test_over_time_by_quarter() -> None:
    line = insights.timeline(DATA)
    assert line.periods == ["2026 Q1", "2026 Q2", "2026 Q3"]
    public = next(s for s in line.series if s.group == "public")
    assert [c.median for c in public.values] == [None, 3.5, None]
    chart = insights.line_chart(line)
    assert len(chart.lines) == len(line.series)
    assert "Members of the public: 2026 Q2 3.5." in insights.describe_timeline(line)


def test_where_groups_disagree_most() -> None:
    # Sheffield's two groups agree (4 and 4), so only Essex is listed.
    (first,) = insights.disagreements(DATA)
    assert first.reference == "ESS-1"
    assert first.test == "overall"
    assert first.gap == 3.0
    assert first.highest == ("Local government", 5.0)
    assert first.lowest == ("Advocacy", 2.0)


def test_the_public_insights_cover_published_agreements_only(on_register: OnRegister) -> None:
    officer = on_register.officer
    public_view_counted(on_register.agreement, officer, score=2)
    reviewer = member_of(on_register.area, Role.REVIEWER)
    unpublished = complete(draft(area=on_register.area, officer=officer, title="Not yet"), officer)
    version = services.version_issue(agreement=unpublished, actor=officer)
    services.perspective_record(
        version=version, actor=reviewer, scores={}, overall_position=1, comment=""
    )
    data = insight_data_public()
    assert {p.agreement_id for p in data.points} == {on_register.agreement.pk}
    assert [p.group for p in data.points] == ["public"]
    page = Client().get("/register/insights/").content.decode()
    assert "Members of the public" in page
    assert "Not yet" not in page
    assert page.count("<svg") >= 4
    purposeful = Client().get("/register/insights/?test=purposeful").content.decode()
    assert "Purposeful, by area" in purposeful
    assert (
        "Overall position, by area"
        in Client().get("/register/insights/?test=nope").content.decode()
    )
    assert 'role="img"' in page
    # Signed in, the person's own area's agreements are counted too.
    client = Client()
    client.force_login(officer)
    mine = client.get("/insights/").content.decode()
    assert "Advocacy" in mine
    assert Perspective.objects.count() == 1


def test_every_figure_downloads_as_csv(on_register: OnRegister) -> None:
    public_view_counted(on_register.agreement, on_register.officer, score=2)
    response = Client().get("/register/insights.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == insights.CSV_COLUMNS
    figures = {row[0] for row in rows[1:]}
    assert {"by_group", "by_area", "by_theme", "over_time"} <= figures
    public = [r for r in rows[1:] if r[0] == "by_area" and r[4] == "overall"]
    assert public == [
        ["by_area", "Leeds", "", "Members of the public", "overall", "2.0", "", "", "1"]
    ]
    client = Client()
    client.force_login(on_register.officer)
    assert client.get("/insights/insights.csv").status_code == 200
    assert Client().get("/insights/").status_code == 302
