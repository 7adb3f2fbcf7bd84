"""Issue 16, search errors: malformed queries are repaired or refused in plain words, never with
Solr's own text or the permission filter, and the words-first miss cache is kept per visibility."""
from __future__ import annotations

import json
import re

import polib
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories, helpers

from ckanext.dgplan.logic.action import search as action_search
from ckanext.dgplan.search import dataset as search_module
from tests.integration.plan_helpers import bilingual, dataset_data

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")

THAI = re.compile("[\u0e01-\u0e5b]")
API = "/api/3/action/package_search"
# What a leaked Solr error carries: its exception names, the query CKAN sent, the permission filter.
SOLR_INSIDES = ("SyntaxError", "solr", "permission_labels", "capacity", "site_id", "defType",
                "There was an error while searching")
NEUTRAL = {"tag_string": "ข้อมูลเปิด", "maintainer": "กลุ่มงานข้อมูล", "data_source": "กรมการขนส่งทางบก"}


@pytest.fixture(autouse=True)
def no_remembered_misses():
    action_search.dgplan_forget_misses()


@pytest.fixture
def org():
    user = factories.Sysadmin()
    return dict(factories.Organization(user=user), _creator=user["name"])


def create_dataset(org: dict, **extra) -> dict:
    return helpers.call_action("package_create", context={"user": org["_creator"]},
                               **dataset_data(org, **extra))


@pytest.fixture
def temples(clean_db, clean_index, with_plugins, org):
    # Named, so that the plugin is loaded before the datasets are made (usefixtures on a test runs
    # before the module's marks).
    create_dataset(org, name="temples", title="ทะเบียนวัดทั่วประเทศ", notes="รายชื่อวัด abc water",
                   **NEUTRAL)
    create_dataset(org, name="bkk-parks", title="จำนวนสวนสาธารณะของ กทม.", notes="สวนสาธารณะ", **NEUTRAL)


def names(result: dict) -> list[str]:
    return [pkg["name"] for pkg in result["results"]]


def assert_no_insides(text: str) -> None:
    for inside in SOLR_INSIDES:
        assert inside.lower() not in text.lower(), inside


def notice_text(body: str) -> str:
    notice = BeautifulSoup(body, "html.parser").find(id="dgplan-search-notice")
    assert notice is not None, "no search notice on the page"
    return notice.get_text(" ", strip=True)


# (query as typed, what is searched instead, a dataset it finds)
REPAIRED = [
    ('title:"วัด', 'title:"วัด"', "temples"),
    ("วัด AND", "วัด", "temples"),
    ("AND วัด", "วัด", "temples"),
    ("วัด OR OR", "วัด", "temples"),
    ("กทม:", "กทม", "bkk-parks"),
    ("(วัด", "(วัด)", "temples"),
    ("วัด)", "วัด", "temples"),
    ("title:", "title", None),
    ("abc^", "abc", "temples"),
    ("abc\\", "abc", "temples"),
    ('abc "', "abc", "temples"),
    ("abc OR OR water", "abc OR water", "temples"),
]


@pytest.mark.usefixtures("temples")
@pytest.mark.parametrize(("q", "repaired", "found"), REPAIRED)
def test_malformed_query_is_repaired_in_the_api(app, q, repaired, found):
    response = app.get(API, query_string={"q": q}, status=200)
    body = json.loads(response.body)["result"]
    notice = body["dgplan_search_notice"]
    assert notice["q"] == repaired
    assert bilingual(notice["message"]), notice["message"]
    if found:
        assert found in names(body)
    assert_no_insides(response.body)


@pytest.mark.usefixtures("temples")
def test_search_page_shows_the_repair_and_its_results_in_the_page_language(app):
    page = app.get("/dataset/", query_string={"q": "วัด AND"}, status=200)
    assert 'href="/dataset/temples"' in page.body
    text = notice_text(page.body)
    assert text.startswith("ค้นหา") and "วัด" in text and "AND" in text, text
    assert not re.search("[A-Za-z]{5}", text), text  # Thai page: no English sentence
    assert_no_insides(page.body)
    page = app.get("/en/dataset/", query_string={"q": 'title:"abc'}, status=200)
    text = notice_text(page.body)
    assert text.startswith("Searched for") and not THAI.search(text), text
    assert_no_insides(page.body)


def test_agency_page_says_what_its_search_repaired_or_refused(app, temples, org):
    """The agency page's dataset search goes through the same package_search; CKAN's own template
    shows nothing at all when it is refused."""
    page = app.get(f"/organization/{org['name']}", query_string={"q": "วัด AND"}, status=200)
    assert 'href="/dataset/temples"' in page.body
    assert notice_text(page.body).startswith("ค้นหา")
    page = app.get(f"/en/organization/{org['name']}", query_string={"q": "AND"}, status=200)
    text = notice_text(page.body)
    assert text and not THAI.search(text), text
    assert 'class="alert alert-danger"' in page.body
    assert_no_insides(page.body)


# (query, why it cannot be repaired: a word the message must contain in each language)
REFUSED = [
    ("AND", "AND"),
    ("OR OR", "AND"),
    ("(", "AND"),
    (")", "AND"),
    ("\\", "AND"),
    ("[1 TO", "TO"),
    ("*:*:*", ":"),
    # Not caught before Solr (an unterminated regular expression): Solr's error is put in plain words.
    ("title:/abc", "\""),
]


@pytest.mark.usefixtures("temples")
@pytest.mark.parametrize(("q", "hint"), REFUSED)
def test_unrepairable_query_is_refused_in_plain_words(app, q, hint):
    response = app.get(API, query_string={"q": q}, status=409)
    error = json.loads(response.body)["error"]
    [message] = error["q"]
    assert bilingual(message) and hint in message.split(" / ")[0] and hint in message.split(" / ")[1], message
    assert_no_insides(response.body)
    page = app.get("/dataset/", query_string={"q": q}, status=200)
    text = notice_text(page.body)
    assert THAI.search(text) and hint in text, text
    assert_no_insides(page.body)
    page = app.get("/en/dataset/", query_string={"q": q}, status=200)
    assert not THAI.search(notice_text(page.body))
    assert_no_insides(page.body)


@pytest.mark.usefixtures("temples")
def test_bad_filter_and_sort_are_refused_in_plain_words(app):
    response = app.get(API, query_string={"q": "วัด", "fq": 'title:"x'}, status=409)
    [message] = json.loads(response.body)["error"]["fq"]
    assert bilingual(message) and "fq" in message, message
    assert_no_insides(response.body)
    response = app.get(API, query_string={"q": "วัด", "fq": "title:/abc"}, status=409)
    [message] = json.loads(response.body)["error"]["fq"]
    assert bilingual(message) and "fq" in message, message
    assert_no_insides(response.body)
    for sort in ("nonsense", "title_string upwards"):
        response = app.get(API, query_string={"q": "วัด", "sort": sort}, status=409)
        [message] = json.loads(response.body)["error"]["sort"]
        assert bilingual(message) and sort.strip() in message and "asc" in message, message
        assert_no_insides(response.body)
    # Any field can be sorted on (the stock schema's catch-all string field): not an error.
    app.get(API, query_string={"q": "วัด", "sort": "nonsense desc"}, status=200)
    page = app.get("/dataset/", query_string={"q": "วัด", "sort": "nonsense"}, status=200)
    assert "เรียงลำดับ" in notice_text(page.body)
    assert_no_insides(page.body)


WELL_FORMED = [
    "สถิติจราจร", "covid 19", "title:ท่าอากาศยาน", 'title:"ท่า อากาศยาน"~2', '"ท่าอากาศยาน"',
    "(ท่าอากาศยาน)", "ท่าอากาศยาน AND ข้อมูล", "-ท่าอากาศยาน", "ท่า*", "ข้อมูล -ลับ", "NOT ลับ",
    "a AND NOT b", "metadata_modified:[NOW-1YEAR TO *]", "num:{1 TO 10]", "tags:สถิติ^2", "water~",
    "title:\\:x", 'url:"http://example.com"', "*:*", "(a OR (b AND c))", "+วัด +ทะเบียน",
]


@pytest.mark.parametrize("q", WELL_FORMED)
def test_well_formed_queries_are_not_touched(q):
    assert search_module.dgplan_repair_query(q) == search_module.QueryRepair(q)


def test_page_messages_have_thai_translations():
    """Every message the search page can show is in the Thai catalogue, with the same Thai as the API."""
    import os

    import ckanext.dgplan

    po = polib.pofile(os.path.join(os.path.dirname(ckanext.dgplan.__file__), "i18n", "th",
                                   "LC_MESSAGES", "ckanext-dgplan.po"))
    translations = {entry.msgid: entry.msgstr for entry in po}
    for th, en in search_module.dgplan_search_messages():
        assert translations.get(en) == th, en


def _member_of(org: dict) -> dict:
    user = factories.User()
    helpers.call_action("organization_member_create", id=org["id"], username=user["name"], role="member")
    return user


def test_one_users_miss_never_changes_another_users_answer():
    """Misses are remembered per visibility: what a private dataset does for one user stays theirs."""
    admin = factories.Sysadmin()
    org_a = dict(factories.Organization(user=admin), _creator=admin["name"])
    org_b = dict(factories.Organization(user=admin), _creator=admin["name"])
    create_dataset(org_a, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org_b, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", private=True,
                   **NEUTRAL)
    member_a, member_b = _member_of(org_a), _member_of(org_b)

    def search_as(user: dict | None) -> tuple[list[str], int]:
        # As the search page asks: private datasets included wherever the user may see them.
        result = helpers.call_action("package_search", context={"user": user["name"] if user else "",
                                                                   "ignore_auth": False},
                                     q="สถิติจราจร", rows=1, include_private=True)
        return names(result), result["count"]

    # The exact words match only the private record: anonymous and A's member miss, words and bigrams.
    assert search_as(None) == (["typo"], 1)
    assert search_as(member_a) == (["typo"], 1)
    # B's member sees it: the exact words fill the page, whatever the others' searches remembered.
    assert search_as(member_b) == (["exact"], 1)
    # And the other way round: B's answer is not what the others get.
    action_search.dgplan_forget_misses()
    assert search_as(member_b) == (["exact"], 1)
    assert search_as(None) == (["typo"], 1)
    assert search_as(member_b) == (["exact"], 1)
