"""ckanext.dgplan.thai.errors: bilingual error objects."""
from __future__ import annotations

import pickle

import pytest

from ckanext.dgplan.thai.errors import ThaiDateError, ThaiInputError, ThaiNumberError, ThaiTagError


def test_attributes_and_str():
    e = ThaiInputError("ผิด", "wrong")
    assert e.th == "ผิด"
    assert e.en == "wrong"
    assert str(e) == "ผิด / wrong"
    assert e.args == ("ผิด / wrong",)


@pytest.mark.parametrize("cls", [ThaiDateError, ThaiTagError, ThaiNumberError])
def test_subclasses_are_value_errors(cls):
    e = cls("ก", "a")
    assert isinstance(e, ThaiInputError)
    assert isinstance(e, ValueError)
    with pytest.raises(ValueError, match="ก / a"):
        raise e


def test_message_language():
    e = ThaiTagError("ก", "a")
    assert e.message("th") == "ก"
    assert e.message("th_TH") == "ก"
    assert e.message("en") == "a"


def test_pickle_roundtrip():
    e = pickle.loads(pickle.dumps(ThaiDateError("ก", "a")))
    assert type(e) is ThaiDateError
    assert (e.th, e.en, str(e)) == ("ก", "a", "ก / a")
