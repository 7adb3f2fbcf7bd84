"""ckanext.dgplan.thai.numbers."""
from __future__ import annotations

import math

import pytest

from ckanext.dgplan.thai.errors import ThaiInputError, ThaiNumberError
from ckanext.dgplan.thai.numbers import parse_number, parse_percent


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1,234,567", 1234567.0),
        ("๑,๒๓๔.๕", 1234.5),
        ("๔๕", 45.0),
        ("  42  ", 42.0),
        ("1 234", 1234.0),
        ("1 234 567.25", 1234567.25),
        ("฿1,000", 1000.0),
        ("฿ 1,000", 1000.0),
        ("1,000฿", 1000.0),
        ("1,000 บาท", 1000.0),
        ("1,000บาท", 1000.0),
        ("1,000 บ.", 1000.0),
        ("THB 250", 250.0),
        ("+5", 5.0),
        ("-5", -5.0),
        ("- 5", -5.0),
        ("\u22125", -5.0),
        ("-฿1,000", -1000.0),
        ("(1,234)", -1234.0),
        ("45%", 45.0),
        ("45 %", 45.0),
        ("12.5%", 12.5),
        ("ร้อยละ 45", 45.0),
        ("ร้อยละ ๔๕.๕", 45.5),
        ("45 เปอร์เซ็นต์", 45.0),
        ("1.5 ล้านบาท", 1_500_000.0),
        ("2 ล้าน", 2_000_000.0),
        ("3 แสน", 300_000.0),
        ("4 หมื่น", 40_000.0),
        ("5 พัน", 5_000.0),
        ("1.2 พันล้านบาท", 1_200_000_000.0),
        ("1e3", 1000.0),
        ("2.5E-2", 0.025),
        (".5", 0.5),
        ("5.", 5.0),
        ("0", 0.0),
        (42, 42.0),
        (2.5, 2.5),
        (-3, -3.0),
    ],
)
def test_parse_number(value, expected):
    result = parse_number(value)
    assert isinstance(result, float)
    assert math.isclose(result, expected)


def number_error(value) -> ThaiNumberError:
    with pytest.raises(ThaiNumberError) as info:
        parse_number(value)
    e = info.value
    assert isinstance(e, ThaiInputError) and isinstance(e, ValueError)
    assert e.th.startswith(f'ตัวเลข "{value}" ไม่ถูกต้อง: '), e.th
    assert e.en.startswith(f'Invalid number "{value}": '), e.en
    assert str(e) == f"{e.th} / {e.en}"
    return e


@pytest.mark.parametrize(
    "value",
    ["abc", "12,34", "1,5", "1.234,5", "1..2", "--5", "+-5", "5-", "nan", "inf", "-inf", "1e", "฿", "บาท",
     "%", "ล้าน", "หนึ่งร้อย", "12abc", "0x10", "1/2", "-(5)"],
)
def test_parse_number_garbage(value):
    e = number_error(value)
    assert "ใช้รูปแบบเช่น" in e.th
    assert "use a form such as" in e.en


def test_parse_number_empty():
    for value in ["", "   ", "\u200b"]:
        e = number_error(value)
        assert "ไม่ได้ระบุตัวเลข" in e.th and "no number given" in e.en


def test_parse_number_space_inside_digits():
    e = number_error("1 2")
    assert "ช่องว่าง" in e.th and "space inside the number" in e.en


def test_parse_number_double_sign():
    e = number_error("(-5)")
    assert "the sign is given twice" in e.en


def test_parse_number_non_finite_and_bad_types():
    assert "finite" in number_error(float("nan")).en
    assert "finite" in number_error(float("inf")).en
    assert "too large" in number_error("1e400").en
    assert "boolean" in number_error(True).en
    assert "expected text or a number" in number_error(None).en
    assert "expected text or a number" in number_error([1]).en


@pytest.mark.parametrize("value, expected", [("45%", 45.0), ("0", 0.0), ("100", 100.0), ("๑๐๐%", 100.0),
                                             ("ร้อยละ 12.5", 12.5), (99.9, 99.9), (0, 0.0)])
def test_parse_percent(value, expected):
    assert parse_percent(value) == expected


@pytest.mark.parametrize("value", ["101", "-1", "100.01", "150%", -0.5, 1000])
def test_parse_percent_out_of_range(value):
    with pytest.raises(ThaiNumberError) as info:
        parse_percent(value)
    e = info.value
    assert e.th == f'ร้อยละ "{value}" ต้องอยู่ระหว่าง 0 ถึง 100'
    assert e.en == f'Percentage "{value}" must be between 0 and 100'


def test_parse_percent_garbage():
    with pytest.raises(ThaiNumberError) as info:
        parse_percent("มาก")
    assert 'Invalid number "มาก"' in info.value.en
