"""A second project for the document tests: two forces under two ministries.

Built from the Darvonia example by changing what Darvonia does not exercise: a country
whose name takes "the", a coast guard under a second national authority with items of
its own in two currencies, a UN country mechanism in which IOM participates, a focal
point whose name already carries a (French) rank, and an incident still pending.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import write_project

from hrdd_docs import resources
from hrdd_docs.loading import load_project
from hrdd_docs.model import Project


def qalmaria_project(folder: Path) -> Project:
    """The Qalmaria project, written to ``folder`` and loaded as a user's file would be."""
    data = yaml.safe_load(resources.read_text("examples", "darvonia", "project.yaml"))
    return load_project(write_project(folder, qalmaria(data)))


def qalmaria(data: dict[str, Any]) -> dict[str, Any]:
    """The Darvonia data turned, in place, into the two-force Qalmaria project."""
    data["project"]["country"] = "Republic of Qalmaria"
    data["recipients"].append({
        "id": "qcg",
        "name": "Qalmarian Coast Guard",
        "category": "coast_guard",
        "authority": "Ministry of Defence of Qalmaria",
        "unit": "Southern Maritime District",
        "focal_point": {"name": "Capitaine de frégate Amélie Benchekroun-Faure",
                        "title": "Commander of the Southern Maritime District"},
    })
    data["activities"].append({
        "id": "sar", "kind": "equipment",
        "description": "Search-and-rescue equipment for the Southern Maritime District",
        "recipients": ["qcg"],
        "items": [
            {"description": "Rigid inflatable rescue boat, 7.5 m", "quantity": 1,
             "unit_value": "68400.00", "currency": "USD"},
            {"description": "Handheld marine VHF radio", "quantity": 12,
             "unit_value": "389.90", "currency": "EUR"},
        ],
    })
    data["country_mechanism"] = {"exists": True, "gpraf_available": True,
                                 "iom_participates": True,
                                 "senior_un_official": "Resident Coordinator"}
    data["procedure"]["log"].append({
        "id": "inc-02", "date": "2026-09-30",
        "detected": "Biometric records reportedly shared with a third country",
        "recipient": "qcg", "course_of_action": "focal_point_channel",
    })
    return data
