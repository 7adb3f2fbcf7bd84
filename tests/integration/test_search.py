"""Thai search on CKAN's stock Solr schema, through package_search and the search page (real Solr)."""
from __future__ import annotations

import json

import pytest
from ckan.cli.cli import ckan as ckan_command
from ckan.lib import search
from ckan.tests import factories, helpers

from ckanext.dgplan.logic.action import search as action_search
from ckanext.dgplan.search import dataset as search_module
from tests.integration.plan_helpers import dataset_data

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index", "with_plugins")


@pytest.fixture(autouse=True)
def no_remembered_misses():
    """Each test starts without the words-first misses that earlier tests' searches left."""
    action_search.dgplan_forget_misses()


LONG_TITLE = "สถิติจำนวนผู้โดยสารและเที่ยวบินของท่าอากาศยานสุวรรณภูมิรายเดือนปีงบประมาณ2566"


def create_dataset(org: dict, **extra) -> dict:
    """A valid GD Catalog dataset; only the searchable text differs between tests."""
    # An acting user, because the activity plugin records who created the dataset.
    return helpers.call_action("package_create", context={"user": org["_creator"]},
                               **dataset_data(org, **extra))


# Tags and free-text fields without the words the sub-word tests search for (dataset_data's
# defaults say สถิติ three times).
NEUTRAL = {"tag_string": "ข้อมูลเปิด", "maintainer": "กลุ่มงานข้อมูล", "data_source": "กรมการขนส่งทางบก"}


def names(result: dict) -> list[str]:
    return [pkg["name"] for pkg in result["results"]]


@pytest.fixture
def org():
    user = factories.Sysadmin()
    return dict(factories.Organization(user=user), _creator=user["name"])


def test_word_inside_a_long_thai_title_is_found(org):
    create_dataset(org, name="airport-stats", title=LONG_TITLE, notes="ข้อมูลรายเดือน")
    create_dataset(org, name="other", title="ทะเบียนวัดทั่วประเทศ", notes="รายชื่อวัด")
    assert names(helpers.call_action("package_search", q="ท่าอากาศยาน")) == ["airport-stats"]
    assert names(helpers.call_action("package_search", q="ผู้โดยสาร")) == ["airport-stats"]
    # Two words of the title, typed without a space, as Thai users type them.
    assert names(helpers.call_action("package_search", q="เที่ยวบินสุวรรณภูมิ")) == ["airport-stats"]
    assert names(helpers.call_action("package_search", q="วัด")) == ["other"]


@pytest.mark.ckan_config("ckanext.dgplan.search.enabled", "false")
def test_stock_behaviour_when_switched_off(org):
    """The same search fails without segmentation: the hook, not the data, finds the word."""
    create_dataset(org, name="airport-stats", title=LONG_TITLE, notes="ข้อมูลรายเดือน")
    assert helpers.call_action("package_search", q="ท่าอากาศยาน")["count"] == 0


def test_normalized_variants_meet(org):
    # Decomposed sara am, zero-width space and Thai digits in the query still find the record.
    create_dataset(org, name="water", title="ปริมาณน้ำฝนรายปี 2566", notes="ข้อมูลน้ำฝน")
    assert names(helpers.call_action("package_search", q="นํ้าฝน")) == ["water"]
    assert names(helpers.call_action("package_search", q="น้ำ\u200bฝน")) == ["water"]
    assert names(helpers.call_action("package_search", q="น้ำฝน ๒๕๖๖")) == ["water"]


def test_agency_abbreviation_finds_full_name_and_back(org):
    create_dataset(org, name="bkk", title="จำนวนสวนสาธารณะของกรุงเทพมหานคร", notes="สวนสาธารณะ")
    create_dataset(org, name="obec", title="จำนวนนักเรียนในสังกัด สพฐ.", notes="นักเรียน")
    assert names(helpers.call_action("package_search", q="กทม.")) == ["bkk"]
    assert names(helpers.call_action("package_search", q="สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน")) == ["obec"]


def test_mixed_and_latin_queries_behave_as_in_stock_ckan(org):
    create_dataset(org, name="covid", title="ผู้ป่วยCOVID-19รายวัน", notes="daily quokka cases")
    create_dataset(org, name="plain", title="Budget report", notes="quokka wombat")
    assert names(helpers.call_action("package_search", q="COVID-19 ผู้ป่วย")) == ["covid"]
    # Latin words written against Thai in a title are indexed as words of their own.
    assert names(helpers.call_action("package_search", q="covid")) == ["covid"]
    assert names(helpers.call_action("package_search", q="title:covid")) == ["covid"]
    assert sorted(names(helpers.call_action("package_search", q="quokka"))) == ["covid", "plain"]
    assert names(helpers.call_action("package_search", q="quokka wombat")) == ["plain"]
    assert names(helpers.call_action("package_search", q="name:plain")) == ["plain"]
    # fq is passed through untouched.
    result = helpers.call_action("package_search", q="quokka", fq="name:covid")
    assert names(result) == ["covid"]


def test_thai_tags_and_fielded_terms(org):
    create_dataset(org, name="tagged", title="รายงานประจำปี", notes="รายงาน", tag_string="พลังงานทดแทน")
    assert names(helpers.call_action("package_search", q="พลังงาน")) == ["tagged"]
    assert names(helpers.call_action("package_search", q="tags:พลังงานทดแทน")) == ["tagged"]
    # A Thai value of a text field is matched as the phrase of its words, in that field only.
    create_dataset(org, name="in-notes", title="สถิติ", notes="รายงานประจำปีของกรม")
    assert names(helpers.call_action("package_search", q="title:รายงานประจำปี")) == ["tagged"]
    assert names(helpers.call_action("package_search", q="notes:รายงานประจำปี")) == ["in-notes"]
    assert names(helpers.call_action("package_search", q="title:ปีรายงาน")) == []


def test_fielded_thai_phrases(org):
    """``field:"phrase"`` keeps its quotes, spaces, sign and slop, and matches the phrase's words."""
    create_dataset(org, name="in-order", title="ทะเบียนวัดจังหวัดลำพูน", notes="รายชื่อวัด", **NEUTRAL)
    create_dataset(org, name="reordered", title="จังหวัดลำพูน ทะเบียนวัด", notes="รายชื่อ", **NEUTRAL)
    create_dataset(org, name="in-notes", title="รายชื่อ", notes="ทะเบียนวัดจังหวัดลำพูน", **NEUTRAL)

    def found(q: str) -> list[str]:
        return sorted(names(helpers.call_action("package_search", q=q)))

    assert found('title:"ทะเบียนวัด"') == ["in-order", "reordered"]
    assert found('title:"ทะเบียนวัด จังหวัดลำพูน"') == ["in-order"]
    assert found('notes:"ทะเบียนวัด จังหวัดลำพูน"') == ["in-notes"]
    assert found('title:"ลำพูน ทะเบียน"') == ["reordered"]
    assert found('title:"ลำพูน ทะเบียน"~4') == ["in-order", "reordered"]
    assert found('title:"จังหวัดลำพูน" -title:"ทะเบียนวัด จังหวัด"') == ["reordered"]


def test_quoted_thai_phrase(org):
    create_dataset(org, name="phrase", title="ราคาข้าวเปลือกรายเดือน", notes="ราคา")
    create_dataset(org, name="apart", title="ข้าวหอมมะลิ", notes="ราคาส่งออกเปลือกหอย")
    assert names(helpers.call_action("package_search", q='"ข้าวเปลือก"')) == ["phrase"]


def test_spelling_variants_and_differently_cut_words_are_found(org):
    """Sub-word terms find what word segmentation alone misses, ranked below exact words."""
    create_dataset(org, name="internet", title="ผลการสำรวจพฤติกรรมผู้ใช้อินเทอร์เน็ตในประเทศไทย",
                   notes="รายงานประจำปี", **NEUTRAL)
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="procure", title="สรุปผลการจัดซื้อจัดจ้างรายเดือน", notes="แบบ สขร.1", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    # A loanword spelled the other common way (เต / เท).
    assert names(helpers.call_action("package_search", q="อินเตอร์เน็ต")) == ["internet"]
    # The publisher's typo is still found, after the record that has the word as typed.
    assert names(helpers.call_action("package_search", q="สถิติจราจร")) == ["exact", "typo"]
    # ผลการ|จัดซื้อจัดจ้าง in the record, การ|จัดซื้อจัดจ้าง in the query.
    assert names(helpers.call_action("package_search", q="การจัดซื้อจัดจ้าง")) == ["procure"]


def test_loanwords_are_found_in_either_script(org):
    """A loanword written in Latin script, or in another Thai spelling, is found by the Thai form."""
    create_dataset(org, name="daily-report", title="รายงาน COVID-19 ประจำวัน", notes="ผู้ป่วยยืนยัน", **NEUTRAL)
    create_dataset(org, name="school-pcs", title="จำนวนคอมพิวเตอร์ในโรงเรียน", notes="สำรวจรายปี", **NEUTRAL)
    create_dataset(org, name="gas", title="ราคาแก๊สหุงต้ม", notes="ราคารายเดือน", **NEUTRAL)
    assert names(helpers.call_action("package_search", q="โควิด-19")) == ["daily-report"]
    assert names(helpers.call_action("package_search", q="computer")) == ["school-pcs"]
    assert names(helpers.call_action("package_search", q="ก๊าซหุงต้ม")) == ["gas"]
    # Only the index gains words: what users see is what the publisher wrote.
    shown = helpers.call_action("package_search", q="computer")["results"][0]
    assert shown["title"] == "จำนวนคอมพิวเตอร์ในโรงเรียน" and "computer" not in shown["notes"]


@pytest.mark.ckan_config("ckanext.dgplan.search.loanwords", "false")
def test_loanword_forms_are_not_indexed_when_switched_off(org):
    create_dataset(org, name="daily-report", title="รายงาน COVID-19 ประจำวัน", notes="ผู้ป่วยยืนยัน", **NEUTRAL)
    create_dataset(org, name="school-pcs", title="จำนวนคอมพิวเตอร์ในโรงเรียน", notes="สำรวจรายปี", **NEUTRAL)
    assert helpers.call_action("package_search", q="โควิด")["count"] == 0
    assert helpers.call_action("package_search", q="computer")["count"] == 0
    assert names(helpers.call_action("package_search", q="COVID")) == ["daily-report"]


@pytest.mark.ckan_config("ckanext.dgplan.search.subwords", "false")
def test_word_only_search_when_sub_words_are_off(org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    assert names(helpers.call_action("package_search", q="สถิติจราจร")) == ["exact"]
    assert names(helpers.call_action("package_search", q="จราจร")) == ["exact", "typo"]


def test_sub_word_terms_do_not_turn_short_words_into_substrings(org):
    # จังหวัด contains the bigram วัด; only a record with the word วัด is a match for it.
    create_dataset(org, name="province", title="ประชากรรายจังหวัด", notes="สถิติประชากร", **NEUTRAL)
    create_dataset(org, name="temple", title="ทะเบียนวัด", notes="รายชื่อวัด", **NEUTRAL)
    assert names(helpers.call_action("package_search", q="วัด")) == ["temple"]
    # The marker never leaks into what users see.
    shown = helpers.call_action("package_search", q="ทะเบียนวัด")["results"][0]
    assert shown["title"] == "ทะเบียนวัด" and "\u0e03" not in json.dumps(shown, ensure_ascii=False)


def test_search_parameters_chosen_by_the_caller_are_kept(org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    assert names(helpers.call_action("package_search", q="สถิติจราจร")) == ["typo"]
    # A caller (or another extension) that sets its own minimum-match gets exactly that:
    # every word required, so the misspelt record no longer matches; segmentation still applies.
    assert helpers.call_action("package_search", q="สถิติจราจร", mm="100%")["count"] == 0
    assert names(helpers.call_action("package_search", q="จราจร", defType="dismax")) == ["typo"]


def test_exact_words_first_variants_when_the_words_fill_no_page(org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    # The exact words fill a page of one: that page, and the count, are exact matches only.
    one = helpers.call_action("package_search", q="สถิติจราจร", rows=1)
    assert (names(one), one["count"]) == (["exact"], 1)
    # They do not fill a page of ten: words and bigrams, exact match first.
    ten = helpers.call_action("package_search", q="สถิติจราจร", rows=10)
    assert (names(ten), ten["count"]) == (["exact", "typo"], 2)
    # The caller can choose either way.
    assert names(helpers.call_action("package_search", q="สถิติจราจร", ext_dgplan_match="words")) == ["exact"]
    everything = helpers.call_action("package_search", q="สถิติจราจร", rows=1, ext_dgplan_match="all")
    assert (names(everything), everything["count"]) == (["exact"], 2)
    # Facets describe the answer that is returned.
    facets = helpers.call_action("package_search", q="สถิติจราจร", rows=1,
                                 **{"facet.field": '["name"]'})["facets"]
    assert facets["name"] == {"exact": 1}


def test_search_page_searches_words_first_and_honours_the_match_mode(app, org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    # One exact match does not fill the page of 20: both records are listed.
    page = app.get("/dataset/", query_string={"q": "สถิติจราจร"}).body
    assert 'href="/dataset/exact"' in page and 'href="/dataset/typo"' in page
    page = app.get("/dataset/", query_string={"q": "สถิติจราจร", "ext_dgplan_match": "words"}).body
    assert 'href="/dataset/exact"' in page and 'href="/dataset/typo"' not in page


def test_a_recent_miss_goes_straight_to_words_and_bigrams(org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    assert helpers.call_action("package_search", q="สถิติจราจร", rows=1)["count"] == 1  # the variant
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    # The words would fill the page now, but the search remembers that they did not: words and
    # bigrams, exact match first, as every search was answered before words first.
    remembered = helpers.call_action("package_search", q="สถิติจราจร", rows=1)
    assert (names(remembered), remembered["count"]) == (["exact"], 2)
    # Another page size or filter is another search.
    assert helpers.call_action("package_search", q="สถิติจราจร", rows=1, fq="+state:active")["count"] == 1
    action_search.dgplan_forget_misses()
    assert helpers.call_action("package_search", q="สถิติจราจร", rows=1)["count"] == 1


def test_unknown_match_mode_is_a_clear_error(app, org):
    api = app.get("/api/3/action/package_search", query_string={"q": "สถิติ", "ext_dgplan_match": "fuzzy"},
                  status=400)
    message = json.loads(api.body)["error"]["message"]
    assert "ext_dgplan_match ต้องเป็น" in message and 'must be "words" or "all"' in message
    # A page speaks its own language only: Thai at /dataset/, English at /en/dataset/.
    page = app.get("/dataset/", query_string={"q": "สถิติ", "ext_dgplan_match": "fuzzy"}, status=400)
    assert "ext_dgplan_match ต้องเป็น" in page.body and "must be" not in page.body
    page = app.get("/en/dataset/", query_string={"q": "สถิติ", "ext_dgplan_match": "fuzzy"}, status=400)
    assert 'must be "words" or "all"' in page.body.replace("&#34;", '"').replace("&quot;", '"')


@pytest.mark.ckan_config("ckanext.dgplan.search.words_first", "false")
def test_words_and_bigrams_together_when_words_first_is_off(org):
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", **NEUTRAL)
    assert helpers.call_action("package_search", q="สถิติจราจร", rows=1)["count"] == 2


def test_words_first_counts_only_what_the_user_may_see(org):
    """The exact words match a private record only: an anonymous search falls back to bigrams."""
    create_dataset(org, name="typo", title="สิถิติจราจรปี 2556", notes="ปริมาณรถรายวัน", **NEUTRAL)
    create_dataset(org, name="exact", title="สถิติจราจรรายปี", notes="ปริมาณรถรายปี", private=True, **NEUTRAL)
    anonymous = helpers.call_action("package_search", context={"user": ""}, q="สถิติจราจร", rows=1)
    assert (names(anonymous), anonymous["count"]) == (["typo"], 1)
    member = helpers.call_action("package_search", context={"user": org["_creator"]}, q="สถิติจราจร",
                                 rows=1, include_private=True)
    assert (names(member), member["count"]) == (["exact"], 1)


def test_thai_query_rewrite():
    q = search_module.dgplan_thai_query("โควิด-19 รถไฟฟ้า")
    assert q.startswith("โควิด OR 19 OR รถไฟฟ้า OR ")
    assert f"text:{search_module.SUBWORD_MARK}ไฟ^0.1" in q.split(" OR ")
    # Latin-only queries and queries with syntax are left to CKAN's own parser.
    assert search_module.dgplan_thai_query("covid 19") is None
    for syntax in ('title:ท่าอากาศยาน', '"ท่าอากาศยาน"', "(ท่าอากาศยาน)", "ท่าอากาศยาน AND ข้อมูล",
                   "-ท่าอากาศยาน", "ท่า*"):
        assert search_module.dgplan_thai_query(syntax) is None, syntax
    # Operator characters inside a word are escaped, repeated pieces sent once, long text capped.
    assert "2562\\/2563" in search_module.dgplan_thai_query("งบประมาณ 2562/2563")
    clauses = search_module.dgplan_thai_query("ท่า" * 3400).split(" OR ")
    assert len(clauses) == len(set(clauses)) <= 256
    long_text = " ".join(f"คำ{i}" for i in range(500))
    assert len(search_module.dgplan_thai_query(long_text).split(" OR ")) == 256


def test_rebuild_keeps_segmentation(org, cli):
    create_dataset(org, name="airport-stats", title=LONG_TITLE, notes="ข้อมูลรายเดือน")
    search.clear_all()
    assert helpers.call_action("package_search", q="ท่าอากาศยาน")["count"] == 0
    result = cli.invoke(ckan_command, ["dgplan", "search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert names(helpers.call_action("package_search", q="ท่าอากาศยาน")) == ["airport-stats"]
    search.clear_all()
    search.rebuild()  # what `ckan search-index rebuild` runs
    assert names(helpers.call_action("package_search", q="ท่าอากาศยาน")) == ["airport-stats"]


BAD_QUERIES = [
    "",
    "   ",
    "!!! ??? ...",
    "\u200b\u200b\u200b",
    '"ท่าอากาศยาน',
    'title:"ท่าอากาศยาน',
    'title:"ท่า อากาศยาน"~ "',
    "(ท่าอากาศยาน",
    "ท่าอากาศยาน)",
    "ท่าอากาศยาน AND",
    "ท่า" * 3400,  # over 10,000 characters
    " ".join(f"คำ{i}" for i in range(2000)),  # thousands of distinct words
    "งบประมาณ 2562/2563",
    "!ท่าอากาศยาน & ก.พ.ร. | สพฐ.",
    "ข้อมูล -ลับ",
]


@pytest.mark.parametrize("q", BAD_QUERIES)
def test_bad_queries_never_fail_with_a_server_error(app, org, q):
    create_dataset(org, name="airport-stats", title=LONG_TITLE, notes="ข้อมูลรายเดือน")
    api = app.get("/api/3/action/package_search", query_string={"q": q}, status=None)
    assert api.status_code in (200, 400, 409), api.status_code
    body = json.loads(api.body)
    if api.status_code == 200:
        assert body["success"] is True
    else:
        assert body["success"] is False and body["error"]
    page = app.get("/dataset/", query_string={"q": q}, status=None)
    assert page.status_code == 200


def _stored_document(name: str) -> dict:
    """The dataset's index document as Solr stores it."""
    from ckan.lib.search.common import make_connection

    [doc] = make_connection().search(q=f"name:{name}", fl="validated_data_dict,data_dict").docs
    return doc


def test_index_stores_thai_json_without_escapes(org):
    created = create_dataset(org, name="airport-stats", title=LONG_TITLE, notes="ข้อมูลรายเดือน")
    doc = _stored_document("airport-stats")
    # Thai is stored as the characters themselves, three bytes each, not as six-byte \u escapes.
    assert LONG_TITLE in doc["validated_data_dict"]
    assert "\\u0e" not in doc["validated_data_dict"] and "\\u0e" not in doc["data_dict"]
    stored = json.loads(doc["validated_data_dict"])
    assert stored["title"] == LONG_TITLE and stored["id"] == created["id"]
    indexed = json.loads(doc["data_dict"])
    # CKAN 2.11 nests validated_data_dict in data_dict again; 2.12 dumps data_dict before adding it.
    assert json.loads(indexed.get("validated_data_dict", doc["validated_data_dict"])) == stored
    # What search results are read from decodes to what package_show returns.
    [found] = helpers.call_action("package_search", q="ท่าอากาศยาน")["results"]
    shown = helpers.call_action("package_show", id="airport-stats")
    for key in ("title", "notes", "tags", "extras", "organization", "resources"):
        assert found.get(key) == shown.get(key), key


def test_stored_json_keeps_escapes_a_stored_string_cannot_carry():
    # A lone surrogate (or U+FFFF) would not survive Solr's string field unescaped.
    for odd in ("ก\ud800", "ก\uffff"):
        escaped = json.dumps({"title": odd})
        doc = search_module.dgplan_compact_stored_json(
            {"validated_data_dict": escaped, "data_dict": json.dumps({"validated_data_dict": escaped})})
        assert doc["validated_data_dict"] == escaped
        assert json.loads(json.loads(doc["data_dict"])["validated_data_dict"]) == {"title": odd}
    broken = {"validated_data_dict": "{not json", "data_dict": None}
    assert search_module.dgplan_compact_stored_json(dict(broken)) == broken


def test_searches_without_facet_fields_skip_facet_counting(org):
    create_dataset(org, name="wat-lamphun", title="ทะเบียนวัดจังหวัดลำพูน", notes="รายชื่อวัด", **NEUTRAL)
    create_dataset(org, name="wat-phuket", title="ทะเบียนวัดจังหวัดภูเก็ต", notes="รายชื่อวัด", **NEUTRAL)
    assert search_module.dgplan_skip_unasked_facets({"q": "วัด"})["facet"] == "false"
    assert "facet" not in search_module.dgplan_skip_unasked_facets({"q": "วัด", "facet.field": ["tags"]})
    assert search_module.dgplan_skip_unasked_facets({"q": "วัด", "facet": "true"})["facet"] == "true"
    # The answer is the one a search that counts facets over no fields gives.
    plain = helpers.call_action("package_search", q="ทะเบียนวัด")
    counted = helpers.call_action("package_search", q="ทะเบียนวัด", facet="true")
    assert plain["count"] == counted["count"] == 2
    assert names(plain) == names(counted)
    assert plain["search_facets"] == counted["search_facets"] == {} and plain["facets"] == {}
    # Searches that ask for facets still get them.
    faceted = helpers.call_action("package_search", q="ทะเบียนวัด", **{"facet.field": '["tags"]'})
    assert faceted["search_facets"]["tags"]["items"] == [
        {"name": "ข้อมูลเปิด", "display_name": "ข้อมูลเปิด", "count": 2}]
