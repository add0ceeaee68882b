"""Numeric settings from the environment: defaults when unset, a refusal naming the variable."""

from __future__ import annotations

import pytest

from register.settings import SettingError, Settings


def test_unset_numbers_take_their_defaults_and_set_ones_are_read() -> None:
    settings = Settings.from_env({"SIJILL_CHECKPOINT_EVERY": "0", "SIJILL_TOKEN_BURST": " 7 "})

    assert (settings.checkpoint_every_s, settings.token_burst, settings.public_rate) == (
        0.0,
        7,
        5.0,
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "SIJILL_CHECKPOINT_EVERY",
            "abc",
            "SIJILL_CHECKPOINT_EVERY='abc': expected a number, 0 or more",
        ),
        ("SIJILL_PUBLIC_RATE", "-1", "SIJILL_PUBLIC_RATE='-1': expected a number, 0 or more"),
        ("SIJILL_CITIZEN_RATE", "nan", "SIJILL_CITIZEN_RATE='nan': expected a number, 0 or more"),
        (
            "SIJILL_TOKEN_BURST",
            "1.5",
            "SIJILL_TOKEN_BURST='1.5': expected a whole number, 0 or more",
        ),
    ],
)
def test_a_number_setting_that_is_not_a_number_is_refused_naming_it(
    name: str, value: str, message: str
) -> None:
    with pytest.raises(SettingError) as refused:
        Settings.from_env({name: value})

    assert str(refused.value) == message
