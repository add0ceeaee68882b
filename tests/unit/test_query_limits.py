"""Query limits refuse abusive documents before any resolver runs."""

from __future__ import annotations

from register.web.schema import MAX_ALIASES, build_schema


def test_more_aliases_than_allowed_are_refused_naming_the_limit() -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1))

    result = build_schema().execute_sync(f"{{ {aliases} }}")

    assert result.data is None
    assert [e.message for e in result.errors or []] == [
        f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"
    ]


def test_aliases_up_to_the_limit_are_served() -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES))

    result = build_schema().execute_sync(f"{{ {aliases} }}")

    assert result.errors is None
    assert result.data == {f"a{i}": "Query" for i in range(MAX_ALIASES)}


def test_production_answers_no_introspection() -> None:
    result = build_schema(production=True).execute_sync("{ __schema { queryType { name } } }")

    assert result.data is None
    assert result.errors is not None
    assert "introspection" in result.errors[0].message.lower()


def test_production_hides_the_names_graphql_would_suggest() -> None:
    document = '{ mission(code: "PAR") { rol { totalCount } } }'
    development = build_schema().execute_sync(document)
    production = build_schema(production=True).execute_sync(document)

    assert [e.message for e in development.errors or []] == [
        "Cannot query field 'rol' on type 'Mission'. Did you mean 'roll'?"
    ]
    assert [e.message for e in production.errors or []] == [
        "Cannot query field 'rol' on type 'Mission'."
    ]
    assert [e.extensions for e in production.errors or []] == [
        {"code": "UNKNOWN_FIELD", "field": "rol"}
    ]


def test_an_empty_selection_set_is_refused_as_malformed() -> None:
    for document in ("{ }", "{ missions { } }"):
        result = build_schema().execute_sync(document)

        assert result.data is None
        assert [e.message for e in result.errors or []] == [
            "Syntax Error: a selection set may not be empty."
        ]
