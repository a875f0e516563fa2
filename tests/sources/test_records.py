"""Row shaping: types, clean names, keyed objects."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pendulum

from sources.toolyt.records import RecordShaper, clean_name, list_hash


def test_naive_ist_timestamp_becomes_aware_without_shifting():
    row = RecordShaper({}).shape({"created_date": "2016-10-12 23:59:59"})
    value = row["created_date"]
    assert value.utcoffset().total_seconds() == 5.5 * 3600
    assert value.in_timezone("UTC") == pendulum.datetime(2016, 10, 12, 18, 29, 59)


def test_zero_dates_and_empty_strings_become_null():
    row = RecordShaper({}).shape(
        {"date": "0000-00-00", "next_action_date": "0000-00-00", "email": "", "remarks": None}
    )
    assert row == {"date": None, "next_action_date": None, "email": None, "remarks": None}


def test_visit_schedule_formats_are_parsed():
    row = RecordShaper({}).shape({"schedule_date": "07 Feb 2018", "schedule_time": "10:55 AM"})
    assert row == {"schedule_date": date(2018, 2, 7), "schedule_time": time(10, 55)}


def test_money_is_exact_from_numbers_and_strings():
    row = RecordShaper({}).shape({"amount": 4000, "total_amount": "4010.10", "tax": 0.1})
    assert row == {
        "amount": Decimal("4000"), "total_amount": Decimal("4010.10"), "tax": Decimal("0.1"),
    }


def test_phone_numbers_stay_text_with_leading_zeros():
    row = RecordShaper({}).shape({"land_line": "09588888885", "mobile": 1234567890})
    assert row == {"land_line": "09588888885", "mobile": "1234567890"}


def test_keyed_photo_object_becomes_rows_and_empty_entries_drop():
    row = RecordShaper({}).shape({"photos": {"0": "a.png", "1": "b.png"}, "documents": {"0": ""}})
    assert row["photos"] == [
        {"position": 0, "file_name": "a.png"},
        {"position": 1, "file_name": "b.png"},
    ]
    assert "documents" not in row


def test_products_keyed_by_id_become_their_values():
    row = RecordShaper({}).shape(
        {"products": {"62492": {"product_id": "62492", "quantity": 1, "price": "75000"}}}
    )
    assert row["products"] == [{"product_id": "62492", "quantity": 1, "price": Decimal("75000")}]


def test_odd_custom_keys_get_clean_names():
    assert clean_name("no._of_beds") == "no_of_beds"
    assert clean_name("volume_(ml)") == "volume_ml"


def test_colliding_keys_keep_both_values_in_stable_columns():
    claims: dict[str, str] = {}
    first = RecordShaper(claims).shape({"no._of_beds": "4", "no_of_beds": "7"})
    assert first == {"no_of_beds": "4", "no_of_beds_2": "7"}

    # A later run, with the register restored from state, names them the same way,
    # even when the keys arrive in the other order or alone.
    again = RecordShaper(dict(claims))
    assert again.shape({"no_of_beds": "9", "no._of_beds": "5"}) == {
        "no_of_beds_2": "9", "no_of_beds": "5",
    }
    assert again.shape({"no_of_beds": "3"}) == {"no_of_beds_2": "3"}


def test_list_hash_ignores_key_order_and_sees_value_changes():
    assert list_hash({"a": 1, "b": 2}) == list_hash({"b": 2, "a": 1})
    assert list_hash({"a": 1}) != list_hash({"a": 2})
