"""The format's rules that can be checked on an export without the register (for the generator).

Each line on its own (dates in order, nothing after death, a marriage at 18 or with an
authorisation, no concurrent marriage without one and never a woman's), and across lines
(every reference resolves, both sides of a relation agree, numbers never repeat).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pycountry

from bench.legacy_data import missions
from domain.civil_status.rules import MARRIAGE_AGE, MAX_CONCURRENT_MARRIAGES, years_between
from register.services.guide_data import SERVICES

LEGACY_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
NATIONAL_ID = re.compile(r"^[A-Z]{1,2}[0-9]{5,6}$")
DOCUMENT_NUMBER = re.compile(r"^[A-Z]{2}[0-9]{7}$")
CHANNELS = {s["code"]: set(s["channels"]) for s in SERVICES}
MISSIONS = missions()


def day(text: str) -> date:
    return date.fromisoformat(text)


def _marriages(line: dict[str, Any], problems: list[str]) -> None:
    """Marriages at 18 or over, ended at most once, concurrent only as the Family Code allows."""
    where = line["legacyId"]
    born = day(line["birthDate"])
    marriages: list[dict[str, Any]] = []
    ended: set[int] = set()
    mission = line["mission"]
    for event in line.get("events", []):
        if event["type"] == "marriage":
            active = len(marriages) - len(ended)
            if years_between(born, day(event["date"])) < MARRIAGE_AGE:
                problems.append(f"{where}: married under {MARRIAGE_AGE}")
            if active and (line["sex"] == "F" or not event.get("authorisation")):
                problems.append(f"{where}: a concurrent marriage not permitted")
            if active >= MAX_CONCURRENT_MARRIAGES:
                problems.append(f"{where}: too many concurrent marriages")
            marriages.append(event)
        elif event["type"] in ("divorce", "widowed"):
            index = event["marriage"]
            if index >= len(marriages) or index in ended:
                problems.append(f"{where}: {event['type']} of no marriage in force")
            ended.add(index)
        elif event["type"] == "transfer":
            if event["toMission"] in (mission, None) or event["toMission"] not in MISSIONS:
                problems.append(f"{where}: a transfer to {event['toMission']} from {mission}")
            mission = event["toMission"]


def _dates(line: dict[str, Any], export: date, problems: list[str]) -> None:
    """Every date from birth (and registration) to the death or the export, events in order."""
    where = line["legacyId"]
    born = day(line["birthDate"])
    events = line.get("events", [])
    death = day(events[-1]["date"]) if events and events[-1]["type"] == "death" else export
    if any(e["type"] == "death" for e in events[:-1]):
        problems.append(f"{where}: death is not the last event")
    if born > day(line.get("registeredOn", line["birthDate"])):
        problems.append(f"{where}: registered before birth")
    dated = [day(e["date"]) for e in events]
    if dated != sorted(dated):
        problems.append(f"{where}: events out of date order")
    dated += [day(line.get("registeredOn", line["birthDate"]))]
    for d in line.get("documents", []):
        dated += [day(d["issuedOn"]), day(d.get("statusDate", d["issuedOn"]))]
        if day(d.get("statusDate", d["issuedOn"])) < day(d["issuedOn"]):
            problems.append(f"{where}: a document lost before it was issued")
    for r in line.get("requests", []):
        dated += [day(r["submittedOn"]), day(r.get("closedOn", r["submittedOn"]))]
        if day(r.get("closedOn", r["submittedOn"])) < day(r["submittedOn"]):
            problems.append(f"{where}: a request closed before it was submitted")
    dated += [day(g["date"]) for g in line.get("legalisations", [])]
    if min(dated) < born or max(dated) > death:
        problems.append(f"{where}: a date before birth or after death (or the export)")


def _papers(line: dict[str, Any], problems: list[str]) -> None:
    """Documents, requests and legalisations: their fields as the format's tables ask."""
    where = line["legacyId"]
    for d in line.get("documents", []):
        if not DOCUMENT_NUMBER.match(d["number"]) or d["kind"] not in ("PASSPORT", "NATIONAL_ID"):
            problems.append(f"{where}: document {d}")
        if d.get("status", "VALID") != "VALID" and "statusDate" not in d:
            problems.append(f"{where}: a {d['status']} document without its date")
        if d.get("status") == "REVOKED" and not d.get("reason"):
            problems.append(f"{where}: a revocation without its reason")
    for r in line.get("requests", []):
        if r["channel"] not in CHANNELS.get(r["service"], ()):
            problems.append(f"{where}: request {r}")
        if (r["status"] == "SUBMITTED") == ("closedOn" in r):
            problems.append(f"{where}: a request's closing date and status disagree")
    for g in line.get("legalisations", []):
        if not g.get("sealingAuthority") and not (g.get("signerName") and g.get("signerCapacity")):
            problems.append(f"{where}: a legalisation attests neither a signer nor a seal")


def _fields(line: dict[str, Any], problems: list[str]) -> None:
    where = line["legacyId"]
    if not LEGACY_ID.match(where):
        problems.append(f"{where}: legacyId format")
    if line["nationalId"] is not None and not NATIONAL_ID.match(line["nationalId"]):
        problems.append(f"{where}: nationalId format")
    for country in (line["birthCountry"], line["nationality"]):
        if pycountry.countries.get(alpha_3=country) is None:
            problems.append(f"{where}: unknown country {country}")
    named = {line["mission"]} | {
        item["mission"]
        for group in ("events", "documents", "requests", "legalisations")
        for item in line.get(group, [])
    }
    if not named <= set(MISSIONS):
        problems.append(f"{where}: an unknown mission")
    _papers(line, problems)


def _relations(lines: dict[str, dict[str, Any]], problems: list[str]) -> None:
    """References resolve, and each side of a birth or marriage says the same as the other."""
    for where, line in lines.items():
        born = day(line["birthDate"])
        for role, sex in (("fatherId", "M"), ("motherId", "F")):
            parent = lines.get((line.get("birth") or {}).get(role) or "")
            if (line.get("birth") or {}).get(role) and (
                parent is None
                or parent["sex"] != sex
                or where not in parent.get("children", [])
                or day(parent["birthDate"]) >= born
            ):
                problems.append(f"{where}: {role} does not name a parent who lists the child")
        for child in line.get("children", []):
            if where not in (lines.get(child, {}).get("birth") or {}).values():
                problems.append(f"{where}: child {child} does not name this parent")
        for marriage in (e for e in line.get("events", []) if e["type"] == "marriage"):
            spouse = lines.get(marriage["spouse"].get("legacyId") or "")
            if marriage["spouse"].get("legacyId") and not (
                spouse is not None
                and any(
                    e["type"] == "marriage"
                    and e["spouse"].get("legacyId") == where
                    and e["date"] == marriage["date"]
                    for e in spouse.get("events", [])
                )
            ):
                problems.append(f"{where}: a marriage its spouse's line does not record")


def problems(text: str, export: date) -> list[str]:
    """Every rule the export breaks (empty: none)."""
    found: list[str] = []
    lines: dict[str, dict[str, Any]] = {}
    numbers: list[str] = []
    for raw in text.splitlines():
        line = json.loads(raw)
        if line["legacyId"] in lines:
            found.append(f"{line['legacyId']}: legacyId repeated")
        lines[line["legacyId"]] = line
        numbers += [d["number"] for d in line.get("documents", [])]
        _fields(line, found)
        _dates(line, export, found)
        _marriages(line, found)
    national = [x["nationalId"] for x in lines.values() if x["nationalId"]]
    if len(set(national)) != len(national) or len(set(numbers)) != len(numbers):
        found.append("a national ID or document number appears twice")
    _relations(lines, found)
    return found
