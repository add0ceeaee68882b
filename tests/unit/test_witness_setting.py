"""SIJILL_WITNESSES: witnesses and a quorum, read or refused naming the variable and the rule."""

from __future__ import annotations

import base64

import pytest

from register.settings import LOCAL_WITNESS, SettingError, Settings, WitnessEntry, WitnessSetting

KEY_A = base64.b64encode(bytes(range(32))).decode()
KEY_B = base64.b64encode(bytes(range(1, 33))).decode()


def test_witnesses_are_urls_with_keys_and_the_quorum_defaults_to_a_majority() -> None:
    listed = f" https://w1.example.ma/ {KEY_A} ; http://10.0.0.7:8480 {KEY_B}"

    two = Settings.from_env({"SIJILL_WITNESSES": listed}).witnesses
    one = Settings.from_env({"SIJILL_WITNESSES": f"quorum=1; {listed}"}).witnesses

    entries = (
        WitnessEntry("https://w1.example.ma", KEY_A),
        WitnessEntry("http://10.0.0.7:8480", KEY_B),
    )
    assert two == WitnessSetting(entries, 2)
    assert one == WitnessSetting(entries, 1)


def test_development_gets_the_local_witness_and_production_or_none_gets_no_witness() -> None:
    development = Settings.from_env({}).witnesses
    production = Settings.from_env({"SIJILL_ENV": "production"}).witnesses
    turned_off = Settings.from_env({"SIJILL_WITNESSES": "none"}).witnesses

    assert development == WitnessSetting((WitnessEntry(LOCAL_WITNESS),), 1)
    assert production == WitnessSetting()
    assert turned_off == WitnessSetting()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            f"https://w1.example {KEY_A}; quorum=3",
            "SIJILL_WITNESSES: quorum=3 is more than the 1 witness(es) listed",
        ),
        (
            f"quorum=0; https://w1.example {KEY_A}",
            "SIJILL_WITNESSES: quorum='0': expected a whole number, 1 or more",
        ),
        (
            "https://w1.example",
            (
                "SIJILL_WITNESSES: entry 1 ('https://w1.example'): expected a URL and a public key,"
                " one space apart"
            ),
        ),
        (
            f"ftp://w1.example {KEY_A}",
            (
                "SIJILL_WITNESSES: entry 1: 'ftp://w1.example' is not an http:// or https:// URL"
                " with a host"
            ),
        ),
        (
            "https://w1.example c2hvcnQ=",
            (
                "SIJILL_WITNESSES: entry 1: the public key is not 32 bytes in base64"
                " (as `sijill witness key` prints it)"
            ),
        ),
        (
            f"https://w1.example {KEY_A}; https://w2.example {KEY_A}",
            "SIJILL_WITNESSES: a witness's public key is listed twice (each witness counts once)",
        ),
        (
            "quorum=1",
            "SIJILL_WITNESSES='quorum=1': expected `[quorum=N;] URL KEY; URL KEY; …` or `none`",
        ),
    ],
)
def test_a_witness_list_that_cannot_be_used_is_refused_naming_the_variable_and_the_rule(
    value: str, message: str
) -> None:
    with pytest.raises(SettingError) as refused:
        Settings.from_env({"SIJILL_WITNESSES": value})

    assert str(refused.value) == message
