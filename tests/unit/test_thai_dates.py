"""ckanext.dgplan.thai.dates."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from ckanext.dgplan.thai.dates import (
    fiscal_year_be,
    format_english_date,
    format_thai_date,
    parse_date,
    parse_year,
    to_be_year,
    to_ce_year,
)
from ckanext.dgplan.thai.errors import ThaiDateError, ThaiInputError

OCT_1 = date(2023, 10, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2023-10-01",
        "2566-10-01",
        "2023/10/01",
        "1/10/2566",
        "01/10/2023",
        "1.10.2566",
        "1-10-2566",
        "1 ต.ค. 2566",
        "1 ต.ค.2566",
        "1 ตค 2566",
        "1 ต.ค 2566",
        "1 ตุลาคม 2566",
        "1ตุลาคม2566",
        "๑ ต.ค. ๒๕๖๖",
        "๑ ตุลาคม ๒๕๖๖",
        "1 ต.ค. 66",
        "1 ต.ค. พ.ศ. 2566",
        "1 ตุลาคม พ.ศ. 2566",
        "1 ตุลาคม พ.ศ.2566",
        "วันที่ 1 ตุลาคม พ.ศ. 2566",
        "วันอาทิตย์ที่ 1 ตุลาคม 2566",
        "1 เดือนตุลาคม ปี 2566",
        "1 ตุลาคม ค.ศ. 2023",
        "1 ต.ค. ค.ศ. 2023",
        "ค.ศ. 2023-10-01",
        "1 Oct 2023",
        "1 October 2023",
        "1 oct 2023",
        "1st Oct 2023",
        "October 1, 2023",
        "Oct 1 2023",
        "Sunday, 1 October 2023",
        "1 Oct 23",
        "1 October 2023 AD",
        "2023-10-01T13:45:00",
        "2023-10-01T13:45:00.123+07:00",
        "2023-10-01 13:45",
        "2023-10-01T00:00:00Z",
        "  2023-10-01  ",
        "1/10/66 พ.ศ.",
    ],
)
def test_parse_date_accepts(text):
    assert parse_date(text) == OCT_1


def test_parse_date_every_thai_month():
    long_names = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
                  "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
    short_names = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                   "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    for month, (long_name, short_name) in enumerate(zip(long_names, short_names, strict=True), 1):
        assert parse_date(f"15 {long_name} 2566") == date(2023, month, 15)
        assert parse_date(f"15 {short_name} 2566") == date(2023, month, 15)
        assert parse_date(f"15 {short_name.replace('.', '')} 66") == date(2023, month, 15)


def test_parse_date_common_misspelling():
    assert parse_date("5 กรกฏาคม 2566") == date(2023, 7, 5)


def test_parse_date_leap_day():
    assert parse_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert parse_date("2567-02-29") == date(2024, 2, 29)


def test_parse_date_explicit_era_overrides_threshold():
    # พ.ศ. forces B.E. even for a "small" year; ค.ศ. forces C.E.
    assert parse_date("1 ม.ค. พ.ศ. 2300") == date(1757, 1, 1)
    assert parse_date("1 Jan 2023 ค.ศ.") == date(2023, 1, 1)


def test_parse_date_passes_date_objects():
    assert parse_date(OCT_1) is OCT_1
    assert parse_date(datetime(2023, 10, 1, 12, 30)) == OCT_1
    assert type(parse_date(datetime(2023, 10, 1, 12, 30))) is date


def assert_date_error(value, th_part, en_part):
    with pytest.raises(ThaiDateError) as info:
        parse_date(value)
    e = info.value
    assert isinstance(e, ThaiInputError) and isinstance(e, ValueError)
    assert e.th.startswith(f'วันที่ "{value}" ไม่ถูกต้อง: '), e.th
    assert e.en.startswith(f'Invalid date "{value}": '), e.en
    assert th_part in e.th
    assert en_part in e.en
    assert str(e) == f"{e.th} / {e.en}"


def test_impossible_date():
    assert_date_error("2566-02-30", "ไม่มีวันที่ 30 กุมภาพันธ์ 2566 ในปฏิทิน", "30 February 2023 does not exist")
    assert_date_error("31/04/2023", "ไม่มีวันที่ 31 เมษายน 2566", "31 April 2023 does not exist")
    assert_date_error("29 ก.พ. 2566", "ในปฏิทิน", "does not exist")
    assert_date_error("0 ต.ค. 2566", "ในปฏิทิน", "does not exist")


def test_impossible_month():
    assert_date_error("2023-13-01", "ไม่มีเดือนที่ 13", "there is no month 13")
    assert_date_error("1/0/2566", "ไม่มีเดือนที่ 0", "there is no month 0")


def test_empty_date():
    assert_date_error("", "ไม่ได้ระบุวันที่", "no date given")
    assert_date_error("   ", "ไม่ได้ระบุวันที่", "no date given")


@pytest.mark.parametrize(
    "garbage", ["garbage", "2566", "ต.ค. 2566", "1 ต.ค.", "2023-10", "10/2023", "1//2566", "1 2 3 4"])
def test_garbage(garbage):
    assert_date_error(garbage, "ไม่รู้จักรูปแบบวันที่", "unrecognised date format")


def test_unknown_month_name():
    assert_date_error("1 foo 2566", 'ไม่รู้จักชื่อเดือน "foo"', 'unknown month name "foo"')


def test_ambiguous_two_digit_numeric_year():
    assert_date_error("1/10/66", "ปีต้องเป็นตัวเลข 4 หลัก", "4 digits")


def test_conflicting_eras():
    assert_date_error("1 ต.ค. พ.ศ. 2566 ค.ศ. 2023", "ระบุทั้ง พ.ศ. และ ค.ศ.", "both B.E. and C.E.")


def test_implausible_ce_year():
    assert_date_error("1 ต.ค. ค.ศ. 2566", "ค.ศ. 2566 ไม่สมเหตุสมผล", "implausible")


def test_non_string_input():
    assert_date_error(20231001, "ต้องเป็นข้อความหรือวันที่", "expected text or a date")
    assert_date_error(None, "ต้องเป็นข้อความหรือวันที่", "expected text or a date")


def test_format_thai_date():
    assert format_thai_date(OCT_1) == "1 ตุลาคม 2566"
    assert format_thai_date(OCT_1, "long") == "1 ตุลาคม 2566"
    assert format_thai_date(OCT_1, "short") == "1 ต.ค. 2566"
    assert format_thai_date(OCT_1, style="short", thai_digits=True) == "๑ ต.ค. ๒๕๖๖"
    assert format_thai_date(datetime(2024, 2, 29, 8, 0)) == "29 กุมภาพันธ์ 2567"
    assert format_thai_date("2023-10-01") == "1 ตุลาคม 2566"
    with pytest.raises(ValueError):
        format_thai_date(OCT_1, "medium")


def test_format_roundtrip():
    for d in [date(2023, 1, 1), date(2024, 2, 29), date(2023, 12, 31)]:
        assert parse_date(format_thai_date(d)) == d
        assert parse_date(format_thai_date(d, "short")) == d
        assert parse_date(format_thai_date(d, thai_digits=True)) == d
        assert parse_date(format_english_date(d)) == d


def test_format_english_date():
    assert format_english_date(OCT_1) == "1 October 2023"
    assert format_english_date(datetime(2024, 2, 29, 23, 59)) == "29 February 2024"


def test_year_conversion():
    assert to_be_year(2023) == 2566
    assert to_ce_year(2566) == 2023
    assert to_ce_year(to_be_year(1999)) == 1999


@pytest.mark.parametrize(
    "d, expected",
    [
        (date(2023, 10, 1), 2567),
        (date(2023, 9, 30), 2566),
        (date(2023, 1, 1), 2566),
        (date(2022, 10, 1), 2566),
        (date(2023, 12, 31), 2567),
        (datetime(2023, 10, 1, 0, 0), 2567),
        ("1 ต.ค. 2566", 2567),
    ],
)
def test_fiscal_year_be(d, expected):
    assert fiscal_year_be(d) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2566", "๒๕๖๖", "2023", " 2566 ", "ปีงบประมาณ 2566", "ปีงบประมาณ ๒๕๖๖", "ปีงบ 2566",
        "ปีงบฯ 2566", "ปี 2566", "พ.ศ. 2566", "พ.ศ.2566", "ปีงบประมาณ พ.ศ. 2566", "ค.ศ. 2023",
        "2023 AD", "FY2023", "fiscal year 2023", "ปีงบประมาณ 66", "พ.ศ. 66", 2566, 2023, 2566.0,
    ],
)
def test_parse_year(value):
    assert parse_year(value) == 2566


def assert_year_error(value, th_part, en_part):
    with pytest.raises(ThaiDateError) as info:
        parse_year(value)
    e = info.value
    assert e.th.startswith(f'ปี "{value}" ไม่ถูกต้อง: '), e.th
    assert e.en.startswith(f'Invalid year "{value}": '), e.en
    assert th_part in e.th and en_part in e.en


@pytest.mark.parametrize("value", ["abc", "66", "25666", "2566-10-01", "2566/67", "ค.ศ. 66", 66])
def test_parse_year_rejects(value):
    assert_year_error(value, "ใช้ปี 4 หลัก", "use a 4-digit year")


def test_parse_year_other_errors():
    assert_year_error("", "ไม่ได้ระบุปี", "no year given")
    assert_year_error(True, "ต้องเป็นตัวเลขปี", "expected a year")
    assert_year_error(None, "ต้องเป็นตัวเลขปี", "expected a year")
    assert_year_error(2566.5, "ปีต้องเป็นจำนวนเต็ม", "whole number")
    assert_year_error("ค.ศ. 2566", "ไม่สมเหตุสมผล", "implausible")
    assert_year_error("พ.ศ. 2566 ค.ศ. 2023", "ระบุทั้ง พ.ศ. และ ค.ศ.", "both B.E. and C.E.")
