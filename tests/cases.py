"""Small projects unlike Darvonia, built in the tests (issue 11).

:func:`base` is the smallest project that builds every document: one border-police
command under a ministry, one equipment activity with one item, the four preconditions
met, no country mechanism, an assessment completed and endorsed before the project
starts, one medium risk with an integrated, budgeted measure, and monitoring with
indicators of both kinds from sources of both kinds. The other functions change it into
the projects the rules are about; each returns plain data to change further and load.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from conftest import write_project

from hrdd_docs.loading import load_project
from hrdd_docs.model import Project

Data = dict[str, Any]

_BASE: Data = {
    "project": {
        "id": "kst-border", "title": "Border management support in Kestavia",
        "country": "Kestavia", "locations": ["Orvel crossing"], "office": "IOM Kestavia",
        "chief_of_mission": {"name": "Mira Solenne", "title": "Chief of Mission"},
        "start": "2026-04-01", "end": "2027-03-31",
        "references": {"project_code": "KS-BM-0101"},
    },
    "donors": [{"id": "donor-a", "name": "Agency for Cooperation of Aldoria",
                "agreement_reference": "ACA-2026-11",
                "visibility_requirements": [{"id": "vr-logo", "description": "Logo on items"}]}],
    "recipients": [{
        "id": "kbp", "name": "Kestavian Border Police", "category": "border_control",
        "authority": "Ministry of Interior of Kestavia",
        "focal_point": {"name": "Tarek Enzo", "title": "Director of Border Police"},
        "authority_signatory": {"name": "Mara Kest", "title": "Minister of Interior"},
    }],
    "activities": [{
        "id": "kits", "kind": "equipment", "description": "Document examination kits",
        "recipients": ["kbp"],
        "items": [{"description": "Document examination kit", "quantity": 3,
                   "unit_value": "1200.00", "currency": "USD"}],
    }],
    "preconditions": {
        "national_ownership": {
            "requested_by": "Ministry of Interior of Kestavia",
            "request_via_national_authority": True, "executive_government_aware": True,
            "government_focal_point": {"name": "Ines Caro", "title": "Director of Borders"},
            "iom_counterpart": {"name": "Omar Bell", "title": "Project Manager"},
        },
        "death_penalty": {"country_status": "abolitionist", "recipient_enforces": False},
        "weapons": {"weapons_or_ammunition": False},
        "combat_capacity": {"aim_immediate_combat": False},
    },
    "country_mechanism": {"exists": False},
    "assessment": {
        "date": "2026-02-10",
        "assessors": [{"name": "Omar Bell", "title": "Project Manager"}],
        "endorsement": {"name": "Mira Solenne", "title": "Head of Office",
                        "date": "2026-02-20"},
        "elements": {name: {"rating": "medium" if name == "recipient_record" else "low"}
                     for name in ("general_context", "recipient_record", "accountability",
                                  "corrective_measures", "legal_framework", "death_penalty",
                                  "past_partnerships", "project_risks")},
        "final": {"rating": "medium", "rationale": "One medium risk, mitigated."},
        "non_provision_conclusion": "Not providing the kits would slow the screening of "
                                    "asylum-seekers at the crossing.",
        "risks": [{"id": "r-misuse", "description": "Kits used outside the crossing",
                   "element": "project_risks", "likelihood": "medium", "impact": "medium",
                   "groups": ["migrants"], "tags": ["misuse_of_items"]}],
    },
    "mitigations": [{"id": "m-deed", "type": "communications_agreement",
                     "description": "Use restricted by the deed", "addresses": ["r-misuse"],
                     "owner": "Project Manager", "budgeted": True}],
    "monitoring": {
        "responsible": {"name": "Omar Bell", "title": "Project Manager"},
        "indicators": [
            {"id": "i-viol", "kind": "violations", "text": "Violations reported",
             "baseline": "0", "target": "0", "source": "Public reports",
             "source_kind": "external"},
            {"id": "i-use", "kind": "mitigation", "text": "Kits found at the crossing",
             "unit": "percent", "baseline": "0", "target": "100", "source": "IOM checks",
             "source_kind": "internal"},
        ],
    },
}

AS_OF = "2026-05-15"
"""A day in the first monitoring period of :func:`base`: nothing is due yet."""


def base() -> Data:
    """The complete small project (a fresh copy)."""
    return copy.deepcopy(_BASE)


def load(tmp_path: Path, data: Data, name: str = "project.yaml") -> Project:
    """Write ``data`` and load it as a user's file would be."""
    return load_project(write_project(tmp_path, data, name))


def high_risk(data: Data, *, integrated: bool = False, recipients: list[str] | None = None,
              ) -> Data:
    """A high risk whose only measure is ``integrated`` or not (Action 4)."""
    data["assessment"]["risks"].append({
        "id": "r-ejk", "description": "Killings by the Rapid Unit", "element":
        "recipient_record", "likelihood": "high", "impact": "high", "groups": ["minorities"],
        "recipients": recipients or [], "tags": ["extrajudicial_killing"]})
    data["mitigations"].append({
        "id": "m-exclude", "type": "screening_exclusion", "description": "Exclude the unit",
        "addresses": ["r-ejk"], "owner": "Project Manager", "budgeted": True,
        "integrated": integrated})
    return data


def retentionist_sea_and_detention(data: Data) -> Data:
    """A coast guard that intercepts at sea and a detention authority that holds migrants,
    in a country that keeps the death penalty."""
    data["project"]["id"] = "kst-sea"
    data["preconditions"]["death_penalty"]["country_status"] = "retentionist"
    data["recipients"] = [
        {"id": "kcg", "name": "Kestavian Coast Guard", "category": "coast_guard",
         "authority": "Ministry of Defence of Kestavia",
         "focal_point": {"name": "Lena Roth", "title": "Commander of the Coast Guard"}},
        {"id": "kmd", "name": "Migrant Reception and Detention Directorate",
         "category": "detention_authority", "authority": "Ministry of Interior of Kestavia",
         "focal_point": {"name": "Paul Aman", "title": "Director of Reception"}},
    ]
    data["activities"] = [
        {"id": "boats", "kind": "equipment", "description": "Rescue boats", "recipients":
         ["kcg"], "items": [{"description": "Rigid inflatable boat", "quantity": 1,
                             "unit_value": "50000.00", "currency": "USD"}]},
        {"id": "centre", "kind": "construction", "description": "Rehabilitation of the "
         "reception centre", "recipients": ["kmd"], "items": [
             {"description": "Bunk beds", "quantity": 40, "unit_value": "150.00",
              "currency": "USD"}]},
    ]
    data["assessment"]["risks"][0]["recipients"] = ["kcg", "kmd"]
    return data


def non_state_group(data: Data, *, government_authority: str | None = None) -> Data:
    """A non-State armed group, with its own council as ``authority``."""
    group: Data = {"id": "nfl", "name": "Northern Front Militia",
                   "category": "non_state_armed_group",
                   "authority": "Supreme Council of the Northern Front",
                   "focal_point": {"name": "Adem Kor", "title": "Liaison officer"}}
    if government_authority:
        group["government_authority"] = government_authority
    data["recipients"].append(group)
    data["activities"].append({
        "id": "nfl-kits", "kind": "equipment", "description": "First-aid kits",
        "recipients": ["nfl"], "items": [{"description": "First-aid kit", "quantity": 20,
                                          "unit_value": "30.00", "currency": "USD"}]})
    return data


def private_security(data: Data) -> Data:
    """A private security company under contract with the ministry, for the crossing."""
    data["recipients"] = [{
        "id": "sentinel", "name": "Sentinel Guarding Ltd", "category": "private_security",
        "authority": "Ministry of Interior of Kestavia",
        "focal_point": {"name": "Rui Vale", "title": "Operations Manager"}}]
    data["activities"][0]["recipients"] = ["sentinel"]
    return data


def mechanism_not_joined(data: Data) -> Data:
    """A UN country mechanism exists; the Head of Office decided IOM does not join it."""
    data["country_mechanism"] = {
        "exists": True, "iom_participates": False, "gpraf_available": True,
        "senior_un_official": "Resident Coordinator",
        "participation_decided_by": {"name": "Mira Solenne", "title": "Head of Office"}}
    return data


def exempt_only(data: Data, *, assessment: bool = False) -> Data:
    """Human-rights training only (Action 1, Exemptions), without an assessment."""
    data["activities"] = [{
        "id": "ihl", "kind": "human_rights_training", "description": "Refugee-law training",
        "recipients": ["kbp"]}]
    if not assessment:
        del data["assessment"]
        data["mitigations"] = []
    return data
