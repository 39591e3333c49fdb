"""Small projects built from nothing, each about one kind of force or support.

Marenia is a made-up country that has abolished the death penalty, so only what each
project is about chooses clauses: a coast guard that intercepts migrants at sea with a
patrol boat, a reception authority that holds migrants, a biometric registration system,
a private security company under contract with a ministry.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from hrdd_docs.loading import load_project
from hrdd_docs.model import Project

Data = dict[str, Any]

COAST_GUARD: Data = {
    "id": "mcg", "name": "Marenian Coast Guard", "category": "coast_guard",
    "authority": "Ministry of Transport of Marenia", "unit": "Southern Squadron",
    "focal_point": {"name": "Rhea Tolan", "title": "Squadron Commander"},
    "authority_signatory": {"name": "Ivo Marr", "title": "Minister of Transport"},
}
RECEPTION: Data = {
    "id": "mra", "name": "Marenian Reception Authority", "category": "detention_authority",
    "authority": "Ministry of Interior of Marenia",
    "focal_point": {"name": "Odile Saran", "title": "Director of Reception Centres"},
    "authority_signatory": {"name": "Lena Vos", "title": "Minister of Interior"},
}
BORDER: Data = {
    "id": "mbp", "name": "Marenian Border Police", "category": "border_control",
    "authority": "Ministry of Interior of Marenia",
    "focal_point": {"name": "Tarek Imre", "title": "Head of Registration"},
}
SECURITY_COMPANY: Data = {
    "id": "guards", "name": "Harbour Guarding Ltd", "category": "private_security",
    "authority": "Ministry of Ports of Marenia",
    "focal_point": {"name": "Cal Rennet", "title": "Operations Manager"},
}

PATROL_BOAT: Data = {
    "id": "patrol", "kind": "equipment", "recipients": ["mcg"],
    "description": "A patrol boat for interception and rescue operations at sea",
    "items": [{"description": "Patrol boat, 14 m, twin engines", "quantity": 2,
               "unit_value": "1250000", "currency": "USD",
               "identifiers": ["Hull MCG-14-0007", "Hull MCG-14-0008"]}],
}
RECEPTION_CENTRE: Data = {
    "id": "centre", "kind": "construction", "recipients": ["mra"], "holds_people": True,
    "description": "Rehabilitation of the Port Lerin reception centre",
}
CENTRE_EQUIPMENT: Data = {
    "id": "beds", "kind": "equipment", "recipients": ["mra"],
    "description": "Beds and bedding for the Port Lerin reception centre",
    "items": [{"description": "Bunk bed with mattresses", "quantity": 40,
               "unit_value": "310", "currency": "EUR"}],
}
BIOMETRIC_KITS: Data = {
    "id": "registration", "kind": "digital_identity", "recipients": ["mbp"],
    "description": "A biometric registration system for persons arriving at Port Lerin",
    "personal_data": True, "biometric_data": True, "data_shared_with_recipient": True,
    "items": [{"description": "Biometric enrolment kit", "quantity": 6,
               "unit_value": "5200", "currency": "USD"}],
    "data": {
        "categories": ["names", "dates of birth", "fingerprints", "facial images"],
        "purpose": "the registration of persons arriving by sea at Port Lerin",
        "legal_basis": "the Aliens Act 2021, section 8",
        "retention": "ten years from registration",
        "receivers": ["the Ministry of Interior of Marenia"],
        "sharing_agreement": "MAR/DSA/2027/03",
    },
}
GUARD_RADIOS: Data = {
    "id": "radios", "kind": "equipment", "recipients": ["guards"],
    "description": "Radios for the guarding of the Port Lerin terminal",
    "items": [{"description": "Handheld radio", "quantity": 10, "unit_value": "420",
               "currency": "USD"}],
}


def data(recipients: list[Data], activities: list[Data], *, rating: str = "low",
         risks: list[Data] | None = None, mitigations: list[Data] | None = None) -> Data:
    """A complete, valid project definition with these recipients and activities."""
    return copy.deepcopy({
        "project": {
            "id": "marenia", "title": "Safer arrivals at Port Lerin", "country": "Marenia",
            "locations": ["Port Lerin"], "office": "IOM Marenia",
            "chief_of_mission": {"name": "Ana Quell", "title": "Chief of Mission"},
            "start": "2027-01-01", "end": "2028-06-30",
            "references": {"project_code": "MR-IBM-0101"},
        },
        "recipients": recipients,
        "activities": activities,
        "preconditions": {
            "national_ownership": {
                "requested_by": "Ministry of Interior of Marenia",
                "request_via_national_authority": True, "executive_government_aware": True,
                "government_focal_point": {"name": "Piet Ober", "title": "Director"},
                "iom_counterpart": {"name": "Sami Roe", "title": "Project Manager"},
            },
            "death_penalty": {"country_status": "abolitionist", "recipient_enforces": False},
            "weapons": {"weapons_or_ammunition": False},
            "combat_capacity": {"aim_immediate_combat": False},
        },
        "country_mechanism": {"exists": False},
        "assessment": {
            "date": "2026-11-02",
            "assessors": [{"name": "Sami Roe", "title": "Project Manager"}],
            "endorsement": {"name": "Ana Quell", "title": "Chief of Mission",
                            "date": "2026-11-20"},
            # A completed assessment (Action 4): every element rated, as the final rating.
            "elements": {element: {"rating": rating} for element in (
                "general_context", "recipient_record", "accountability", "corrective_measures",
                "legal_framework", "death_penalty", "past_partnerships", "project_risks")},
            "final": {"rating": rating, "rationale": "Rated on the facts of the project."},
            "risks": risks or [],
        },
        "mitigations": mitigations or [],
        "monitoring": {"responsible": {"name": "Sami Roe", "title": "Project Manager"}},
    })


def load(tmp_path: Path, project: Data, name: str = "project.yaml") -> Project:
    """Write the project as a user's file and load it, with every check of a build."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(project, allow_unicode=True, sort_keys=False), "utf-8")
    return load_project(path)
