"""Machine-readable zones per ICAO Doc 9303: the specimens, check digits, names, round trips."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.documents import mrz, mrz_reading
from domain.documents.mrz import MrzData, MrzFormat
from domain.errors import MrzInvalid

REFERENCE = date(2026, 6, 1)
TD3_SPECIMEN = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1_SPECIMEN = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)


def refused(lines: tuple[str, ...] | list[str]) -> MrzInvalid:
    with pytest.raises(MrzInvalid) as error:
        mrz_reading.decode(lines, reference=REFERENCE)
    assert error.value.field == "mrz"
    return error.value


def with_char(line: str, position: int, ch: str) -> str:
    return line[:position] + ch + line[position + 1 :]


# -- check digits ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "digit"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("D23145890", "7"),
        ("520727", "3"),
        ("<<<<<<", "0"),
    ],
)
def test_a_check_digit_weighs_characters_7_3_1_modulo_10(field: str, digit: str) -> None:
    assert mrz.check_digit(field) == digit


# -- the ICAO specimens ---------------------------------------------------------------------------


def test_the_icao_td3_specimen_passport_validates_and_reads_back_its_fields() -> None:
    read = mrz_reading.decode(TD3_SPECIMEN, reference=REFERENCE)

    assert read == MrzData(
        format=MrzFormat.TD3,
        document_code="P",
        issuing_state="UTO",
        document_number="L898902C3",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
        optional_data="ZE184226B",
    )
    assert mrz.encode(read) == TD3_SPECIMEN


def test_the_icao_td1_specimen_card_validates_and_reads_back_its_fields() -> None:
    read = mrz_reading.decode(TD1_SPECIMEN, reference=REFERENCE)

    assert read == MrzData(
        format=MrzFormat.TD1,
        document_code="I",
        issuing_state="UTO",
        document_number="D23145890",
        surname="ERIKSSON",
        given_names="ANNA MARIA",
        nationality="UTO",
        birth_date=date(1974, 8, 12),
        sex="F",
        expiry_date=date(2012, 4, 15),
    )
    assert mrz.encode(read) == TD1_SPECIMEN


# -- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "position", "what"),
    [
        (1, 9, "document number"),
        (1, 19, "birth date"),
        (1, 27, "expiry date"),
        (1, 42, "personal number"),
        (1, 43, "composite"),
    ],
)
def test_a_td3_zone_with_a_wrong_check_digit_is_refused(
    line: int, position: int, what: str
) -> None:
    lines = list(TD3_SPECIMEN)
    wrong = str((int(lines[line][position]) + 1) % 10)
    lines[line] = with_char(lines[line], position, wrong)

    error = refused(lines)

    assert error.code == "MRZ_CHECK_DIGIT"
    assert what in error.message


@pytest.mark.parametrize(("line", "position"), [(0, 14), (1, 6), (1, 14), (1, 29)])
def test_a_td1_zone_with_a_wrong_check_digit_is_refused(line: int, position: int) -> None:
    lines = list(TD1_SPECIMEN)
    lines[line] = with_char(lines[line], position, str((int(lines[line][position]) + 1) % 10))

    assert refused(lines).code == "MRZ_CHECK_DIGIT"


def test_a_changed_data_character_breaks_the_composite_check_digit() -> None:
    # The personal number's own check digit is changed too, so only the composite catches it.
    line2 = TD3_SPECIMEN[1][:28] + "ZE184226C<<<<<" + mrz.check_digit("ZE184226C<<<<<") + "0"

    error = refused([TD3_SPECIMEN[0], line2])

    assert (error.code, "composite" in error.message) == ("MRZ_CHECK_DIGIT", True)


@pytest.mark.parametrize(
    "lines",
    [
        [TD3_SPECIMEN[0]],
        [TD3_SPECIMEN[0], TD3_SPECIMEN[1][:-1]],
        [TD1_SPECIMEN[0], TD1_SPECIMEN[1]],
        [*TD3_SPECIMEN, TD1_SPECIMEN[2]],
    ],
    ids=["one line", "short line", "two TD1 lines", "mixed widths"],
)
def test_a_zone_of_the_wrong_shape_is_refused(lines: list[str]) -> None:
    assert refused(lines).code == "MRZ_FORMAT"


def test_lower_case_and_punctuation_are_not_mrz_characters() -> None:
    assert refused([TD3_SPECIMEN[0].lower(), TD3_SPECIMEN[1]]).code == "MRZ_CHARACTER"
    assert refused([TD3_SPECIMEN[0].replace("<<ANNA", "-,ANNA"), TD3_SPECIMEN[1]]).code == (
        "MRZ_CHARACTER"
    )


def test_an_unknown_country_code_is_refused() -> None:
    line1 = TD3_SPECIMEN[0].replace("UTO", "QQQ")

    assert refused([line1, TD3_SPECIMEN[1]]).code == "MRZ_COUNTRY"


def test_an_impossible_date_is_refused_even_with_its_check_digit() -> None:
    line2 = TD3_SPECIMEN[1][:13] + "741312" + mrz.check_digit("741312") + TD3_SPECIMEN[1][20:]
    line2 = line2[:43] + mrz.check_digit(line2[0:10] + line2[13:20] + line2[21:43])

    assert refused([TD3_SPECIMEN[0], line2]).code == "MRZ_DATE"


# -- names ----------------------------------------------------------------------------------------


def test_accents_are_removed_and_hyphens_become_fillers() -> None:
    assert mrz.transliterate("Émilie") == "EMILIE"
    assert mrz.transliterate("Aït-Brahim") == "AIT<BRAHIM"
    assert mrz.name_field("Aït-Brahim", "Émilie", 39) == "AIT<BRAHIM<<EMILIE".ljust(39, "<")


def test_letters_doc_9303_spells_out_and_apostrophes_left_out() -> None:
    assert mrz.transliterate("Müller") == "MUELLER"
    assert mrz.transliterate("Strauß") == "STRAUSS"
    assert mrz.transliterate("Øster Æbelø") == "OESTER<AEBELOE"
    assert mrz.transliterate("D'Souza  El  Idrissi") == "DSOUZA<EL<IDRISSI"


def test_an_arabic_name_is_not_transliterated_the_recorded_latin_form_is_used() -> None:
    with pytest.raises(MrzInvalid) as error:
        mrz.transliterate("محمد")

    assert error.value.code == "MRZ_NOT_LATIN"


def test_a_long_name_loses_given_names_first_and_ends_on_a_letter() -> None:
    field = mrz.name_field("El Amrani", "Mohammed Amine Abdelkader", 30)

    assert field == "EL<AMRANI<<MOHAMMED<AMINE<ABDE"
    assert len(field) == 30


def test_a_cut_between_two_given_names_shortens_the_earlier_one_to_end_on_a_letter() -> None:
    # BENKIRAN<< leaves 20 places, and MOHAMMED<ABDELKADER< would end on a filler.
    field = mrz.name_field("Benkiran", "Mohammed Abdelkader Youssef", 30)

    assert field == "BENKIRAN<<MOHAMMED<ABDELKADE<Y"


def test_a_cut_after_a_one_letter_word_keeps_the_names_apart() -> None:
    # MARTINEZ<DE<IRUJO<ORTEGA<Y< and MOHAMMED<ABDELKAD<A< would end on a filler, and
    # shortening the one-letter word away would leave a double filler inside a name: in the
    # surname, a reader would end the surname there.
    field = mrz.name_field("Martínez de Irujo Ortega y Gasset", "José", 30)
    given = mrz.name_field("Benkiran", "Mohammed Abdelkad A Youssef", 30)

    assert field == "MARTINEZ<DE<IRUJO<ORTEG<Y<G<<J"
    assert given == "BENKIRAN<<MOHAMMED<ABDELKA<A<Y"
    read = mrz_reading.decode(
        mrz.encode(
            MrzData(
                format=MrzFormat.TD1,
                document_code="ID",
                issuing_state="MAR",
                document_number="AB1234567",
                surname="Martínez de Irujo Ortega y Gasset",
                given_names="José",
                nationality="MAR",
                birth_date=date(1990, 1, 31),
                sex="M",
                expiry_date=date(2030, 1, 30),
            )
        ),
        reference=REFERENCE,
    )
    assert (read.surname, read.given_names) == ("MARTINEZ DE IRUJO ORTEG Y G", "J")


def test_a_surname_too_long_for_the_field_keeps_one_letter_of_the_given_names() -> None:
    field = mrz.name_field("Abdelkader Ben Mohammed Idrissi Alaoui", "Youssef", 30)

    assert field == "ABDELKADER<BEN<MOHAMMED<IDR<<Y"


def test_a_name_with_no_mrz_letter_is_refused() -> None:
    with pytest.raises(MrzInvalid) as error:
        mrz.name_field("'-", "Anna", 30)

    assert error.value.code == "MRZ_NAME"


# -- generation round trips -----------------------------------------------------------------------

WORD = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)
NAME = st.lists(WORD, min_size=1, max_size=2).map(" ".join)
LATIN = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéèêëàâäïîôöüùûçñåøæœß -'"),
    min_size=1,
    max_size=60,
).filter(lambda s: any(c.isalpha() for c in s))
NUMBER = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9)
BIRTH = st.dates(min_value=REFERENCE - timedelta(days=99 * 365), max_value=REFERENCE)
EXPIRY = st.dates(
    min_value=REFERENCE - timedelta(days=49 * 365), max_value=REFERENCE + timedelta(days=49 * 365)
)
OPTIONAL = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=11)


@st.composite
def documents(draw: st.DrawFn) -> MrzData:
    fmt = draw(st.sampled_from(MrzFormat))
    return MrzData(
        format=fmt,
        document_code="P" if fmt is MrzFormat.TD3 else draw(st.sampled_from(["I", "ID", "IC"])),
        issuing_state=draw(st.sampled_from(["MAR", "UTO", "FRA", "D"])),
        document_number=draw(NUMBER),
        surname=draw(NAME),
        given_names=draw(st.one_of(st.just(""), NAME)),
        nationality=draw(st.sampled_from(["MAR", "CAN", "UTO"])),
        birth_date=draw(BIRTH),
        sex=draw(st.sampled_from(["F", "M", "<"])),
        expiry_date=draw(EXPIRY),
        optional_data=draw(OPTIONAL),
        optional_data_2="" if fmt is MrzFormat.TD3 else draw(OPTIONAL),
    )


@given(documents())
def test_every_generated_zone_validates_and_reads_back_the_same_fields(data: MrzData) -> None:
    lines = mrz.encode(data)

    assert [len(line) for line in lines] == [mrz.WIDTH[data.format]] * mrz.LINES[data.format]
    assert mrz_reading.decode(lines, reference=REFERENCE) == data


@given(fmt=st.sampled_from(MrzFormat), surname=LATIN, given_names=LATIN)
def test_any_latin_name_makes_a_valid_zone_whose_names_come_from_it(
    fmt: MrzFormat, surname: str, given_names: str
) -> None:
    data = MrzData(
        format=fmt,
        document_code="P" if fmt is MrzFormat.TD3 else "ID",
        issuing_state="MAR",
        document_number="AB1234567",
        surname=surname,
        given_names=given_names,
        nationality="MAR",
        birth_date=date(1990, 1, 31),
        sex="F",
        expiry_date=date(2030, 1, 30),
    )

    lines = mrz.encode(data)
    read = mrz_reading.decode(lines, reference=REFERENCE)

    names = mrz.name_field(
        surname, given_names, mrz.WIDTH[fmt] - (5 if fmt is MrzFormat.TD3 else 0)
    )
    assert names in lines[0 if fmt is MrzFormat.TD3 else 2]
    used = names.rstrip("<")
    assert "<<<" not in used
    assert used.count("<<") == (1 if mrz.transliterate(given_names) else 0)
    full = mrz.transliterate(surname) + "<<" + mrz.transliterate(given_names)
    if len(full.rstrip("<")) <= len(names):
        assert (read.surname, read.given_names) == (
            mrz.transliterate(surname).replace("<", " "),
            mrz.transliterate(given_names).replace("<", " "),
        )
    else:
        assert names[-1] != "<"  # a truncated name ends on a letter
