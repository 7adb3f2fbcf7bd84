"""Plan pages in Thai and English, their machine-readable copies, and plan fields on dataset pages."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from .plan_helpers import create_dataset, world  # noqa: F401 - world is a fixture

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "dgplan scheming_datasets"),
    pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins"),
]


def _auth(user):
    return {"Authorization": user["token"]}


def _soup(response):
    return BeautifulSoup(response.body, "html.parser")


def test_plan_page_in_thai(app, world):
    response = app.get("/plan")
    assert response.status_code == 200
    page = _soup(response)
    assert page.html["lang"] == "th"
    assert page.h1.get_text(strip=True) == "แผนพัฒนารัฐบาลดิจิทัลของประเทศไทย พ.ศ. 2566-2570"
    assert "บริการภาครัฐสะดวก โปร่งใส ทันสมัย ตอบโจทย์ประชาชน" in response.body
    goal = page.find(id="G1")
    assert "การให้บริการที่ตอบสนองประชาชนและลดความเหลื่อมล้ำ" in goal.get_text()
    assert "2 ชุดข้อมูล" in goal.get_text()  # the private dataset is not counted
    assert goal.find("a", href="/plan/goal/G1")
    assert page.find(id="KPI-EGDI-RANK")


def test_plan_page_in_english(app, world):
    page = _soup(app.get("/en/plan"))
    assert page.html["lang"] == "en"
    goal = page.find(id="G1")
    assert "Responsive Government" in goal.get_text()
    assert "2 datasets" in goal.get_text()
    # the vision is shown in English with its language marked
    assert page.find(lang="en", string="Convenient, transparent and modern government services "
                                       "that respond to citizens' needs")


def test_plan_page_counts_private_datasets_for_their_owner(app, world):
    goal = _soup(app.get("/plan", headers=_auth(world["owner"]))).find(id="G1")
    assert "3 ชุดข้อมูล" in goal.get_text()
    goal = _soup(app.get("/plan", headers=_auth(world["other"]))).find(id="G1")
    assert "2 ชุดข้อมูล" in goal.get_text()


def test_machine_readable_links(app):
    page = _soup(app.get("/plan"))
    alternates = {link["type"]: link["href"] for link in page.find_all("link", rel="alternate")}
    assert alternates["application/json"].endswith("/plan.json")
    assert alternates["application/ld+json"].endswith("/plan.jsonld")
    assert alternates["text/turtle"].endswith("/plan.ttl")
    visible = {a["href"] for a in page.find_all("a") if a.get("type")}
    assert {"/plan.json", "/plan.jsonld", "/plan.ttl"} <= visible


def test_plan_json_is_the_action_output(app, world):
    data = app.get("/plan.json").json
    assert data["code"] == "dgdp-2023-2027"
    assert data["dataset_counts"]["goals"]["G1"] == 2
    owner = app.get("/plan.json", headers=_auth(world["owner"])).json
    assert owner["dataset_counts"]["goals"]["G1"] == 3


def test_plan_jsonld(app):
    response = app.get("/plan.jsonld")
    assert response.headers["Content-Type"].startswith("application/ld+json")
    doc = json.loads(response.body)
    nodes = {node["@id"]: node for node in doc["@graph"]}
    scheme = nodes["http://test.ckan.net/plan"]
    assert scheme["@type"] == "skos:ConceptScheme"
    assert "http://test.ckan.net/plan/goal/G1" in scheme["hasTopConcept"]
    assert nodes["http://test.ckan.net/plan/strategy/S1"]["broader"] == ["http://test.ckan.net/plan/goal/G1"]


def test_plan_turtle(app):
    response = app.get("/plan.ttl")
    assert response.headers["Content-Type"].startswith("text/turtle")
    assert "<http://test.ckan.net/plan/goal/G1>\n    a skos:Concept ;" in response.body
    assert '"Agile Government"@en' in response.body


@pytest.mark.parametrize(
    ("who", "visible", "hidden"),
    [
        (None, ["จำนวนผู้สูงอายุ", "งบประมาณรายจ่ายประจำปี"], ["ทะเบียนลับเฉพาะ"]),
        ("other", ["จำนวนผู้สูงอายุ"], ["ทะเบียนลับเฉพาะ"]),
        ("owner", ["จำนวนผู้สูงอายุ", "ทะเบียนลับเฉพาะ"], []),
    ],
)
def test_goal_page_lists_only_visible_datasets(app, world, who, visible, hidden):
    headers = _auth(world[who]) if who else {}
    response = app.get("/plan/goal/G1", headers=headers)
    assert response.status_code == 200
    page = _soup(response)
    assert page.h1.get_text(" ", strip=True).startswith("G1")
    listed = page.find(id="dgplan-datasets").find_parent("section").get_text()
    for title in visible:
        assert title in listed
    for title in hidden:
        assert title not in response.body


def test_strategy_page(app, world):
    page = _soup(app.get("/en/plan/strategy/S3"))
    assert "S3" in page.h1.get_text()
    assert "Promote public participation and open government data" in page.h1.get_text()
    assert page.find("a", href="/en/plan/goal/G3")
    assert "งบประมาณรายจ่ายประจำปี" in page.get_text()


@pytest.mark.parametrize("url", ["/plan/goal/G9", "/plan/strategy/S9", "/en/plan/goal/nope"])
def test_unknown_code_is_404_in_the_page_language(app, url):
    response = app.get(url, status=404)
    code = url.rsplit("/", 1)[1]
    text = _soup(response).get_text()
    assert f'"{code}"' in text
    english = f'No {url.split("/")[-2]} with code "{code}"'
    if url.startswith("/en/"):
        assert english in text and "ไม่พบ" not in text
    else:
        assert "ไม่พบ" in text and english not in text


def test_bad_page_number_is_400(app):
    app.get("/plan/goal/G1", query_string={"page": "two"}, status=400)


def test_goal_page_is_paged(app):
    org = factories.Organization()
    for i in range(21):
        create_dataset(org, name=f"paged-{i:02d}", title=f"ชุดข้อมูลสวัสดิการ {i:02d}", dgplan_goals=["G1"])
    first = _soup(app.get("/plan/goal/G1"))
    second = _soup(app.get("/plan/goal/G1", query_string={"page": 2}))
    assert len(first.select("ul.dataset-list > li")) == 20
    assert len(second.select("ul.dataset-list > li")) == 1
    assert first.find("a", href="/plan/goal/G1?page=2")


def test_dataset_page_links_its_goals(app, world):
    page = _soup(app.get("/dataset/plan-budget"))
    link = page.find("a", href="/plan/goal/G3")
    assert link and "G3" in link.get_text()
    assert page.find("a", href="/plan/strategy/S3")


def test_dataset_search_facets_are_labelled(app, world):
    response = app.get("/dataset/", query_string={"dgplan_goals": "G1"})
    page = _soup(response)
    assert "plan-elderly" in response.body and "plan-budget" in response.body
    assert "plan-export" not in response.body
    assert "เป้าหมายของแผน" in response.body or "Plan goals" in response.body
    labels = [span.get_text(strip=True) for span in page.select("span.item-label")]
    assert "G1 การให้บริการที่ตอบสนองประชาชนและลดความเหลื่อมล้ำ" in labels
    assert "G3 โปร่งใส เปิดเผยข้อมูลประชาชน เชื่อถือและมีส่วนร่วม" in labels
    assert "เป้าหมายของแผน" in response.body  # facet title, translated


def test_dataset_form_has_plan_fields_and_suggestions(app, world):
    page = _soup(app.get("/dataset/new", headers=_auth(world["owner"])))
    select = page.find("select", id="field-dgplan_goals")
    assert select is not None and select.has_attr("multiple")
    assert [o["value"] for o in select.find_all("option")] == ["G1", "G2", "G3", "G4"]
    label = page.find("label", attrs={"for": "field-dgplan_goals"})
    assert label is not None
    panel = page.find(attrs={"data-module": "dgplan-suggest"})
    assert panel is not None
    assert panel.find("button", attrs={"data-dgplan-suggest-run": True})
    assert panel.find(attrs={"aria-live": "polite"})
    assert page.find("select", id="field-dgplan_strategies")
