"""Closed vocabularies of the project definition, each tied to the HRDDP Toolkit.

Enum values are what a project file writes; ``label`` gives the words a document prints.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from hrdd_docs import resources


class Vocabulary(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS.get(f"{type(self).__name__}.{self.value}", self.value.replace("_", " "))


class Rating(Vocabulary):
    """Action 4: every element and the final assessment are rated low, medium or high."""

    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class RecipientCategory(Vocabulary):
    """Action 1, definition of non-United Nations security forces (and footnote 8)."""

    military = "military"
    paramilitary = "paramilitary"
    police = "police"
    border_control = "border_control"
    customs = "customs"
    coast_guard = "coast_guard"  # coast guard and port security forces
    intelligence = "intelligence"
    cybersecurity = "cybersecurity"
    detention_authority = "detention_authority"  # forces in charge of detention centres
    civilian_authority = "civilian_authority"  # authorities commanding such forces
    regional_peacekeeping = "regional_peacekeeping"
    private_security = "private_security"  # under the direction of State authorities
    non_state_armed_group = "non_state_armed_group"


class StateRelation(Vocabulary):
    """Action 1, definitions and footnote 8: how a recipient stands to the State.

    A national or regional force is under the command and control of a State authority;
    a private security company operates under a contract with, or the direction of, one;
    a non-State armed group operates outside formal State structures.
    """

    commanded = "commanded"
    contracted = "contracted"
    directed = "directed"
    outside_state = "outside_state"

    @classmethod
    def default_for(cls, category: RecipientCategory) -> StateRelation:
        """The relation a category implies unless the project says otherwise."""
        if category is RecipientCategory.private_security:
            return cls.contracted
        if category is RecipientCategory.non_state_armed_group:
            return cls.outside_state
        return cls.commanded


class AffectedGroup(Vocabulary):
    """Action 4 and Action 5(4): groups a risk may affect, the under-represented first.

    The seed asks the assessment to look at specific risks for under-represented
    groups (Action 4) and names women, racial minorities, persons with disabilities,
    youth and LGBTIQ+ persons (Action 5(4)); migrants, displaced persons and refugees are
    IOM's own population. A risk's free-text ``affected_groups`` says more.
    """

    women_and_girls = "women_and_girls"
    children = "children"
    youth = "youth"
    older_persons = "older_persons"
    lgbtiq_persons = "lgbtiq_persons"
    persons_with_disabilities = "persons_with_disabilities"
    minorities = "minorities"  # racial, ethnic, religious or linguistic minorities
    indigenous_peoples = "indigenous_peoples"
    migrants = "migrants"
    idps = "idps"
    refugees = "refugees"  # refugees and asylum-seekers
    stateless_persons = "stateless_persons"
    detainees = "detainees"  # persons deprived of their liberty
    human_rights_defenders = "human_rights_defenders"  # incl. journalists, complainants
    host_communities = "host_communities"


class GraveViolation(Vocabulary):
    """Action 1, definition of grave violations: the five classes."""

    war_crimes = "war_crimes"
    crimes_against_humanity = "crimes_against_humanity"
    gross_violations = "gross_violations"  # of human rights: killings, torture, ...
    refoulement = "refoulement"
    pattern_of_violations = "pattern_of_violations"  # repeated violations by a unit


class SourceKind(Vocabulary):
    """Action 6: indicators draw on external sources and on IOM's own."""

    internal = "internal"  # IOM protection monitoring, grievance logs, IOM staff
    external = "external"  # public reports, UN and NGO monitoring, media


class EventKind(Vocabulary):
    """Action 4: changes in the context that may call for an updated assessment."""

    violations_increase = "violations_increase"
    conflict = "conflict"  # onset of conflict, war or invasion
    targeting_of_groups = "targeting_of_groups"
    legal_reform = "legal_reform"  # laws or decrees changing how forces may act
    other = "other"


class SupportKind(Vocabulary):
    """Action 1, definitions of support (first group) and of the exemptions (second)."""

    training = "training"
    mentoring = "mentoring"
    advisory = "advisory"
    capacity_building = "capacity_building"
    digital_identity = "digital_identity"
    management_support = "management_support"
    financial = "financial"
    logistical = "logistical"
    construction = "construction"  # construction, rehabilitation and repair
    equipment = "equipment"
    transport = "transport"
    operational = "operational"
    # Exempt kinds: "support" does not include these (Action 1, Exemptions).
    human_rights_training = "human_rights_training"  # IHL, human rights, refugee law
    standard_setting = "standard_setting"
    compliance_engagement = "compliance_engagement"  # incl. humanitarian access, relief
    mediation = "mediation"
    medevac = "medevac"  # MEDEVAC and CASEVAC

    @property
    def exempt(self) -> bool:
        return self in _EXEMPT


_EXEMPT = {
    SupportKind.human_rights_training,
    SupportKind.standard_setting,
    SupportKind.compliance_engagement,
    SupportKind.mediation,
    SupportKind.medevac,
}


class DeathPenaltyStatus(Vocabulary):
    """Action 2(b): the country's position on capital punishment."""

    abolitionist = "abolitionist"
    abolitionist_in_practice = "abolitionist_in_practice"
    retentionist = "retentionist"


class Element(Vocabulary):
    """Action 4: the eight elements rated before the final (ninth) assessment."""

    general_context = "general_context"
    recipient_record = "recipient_record"
    accountability = "accountability"
    corrective_measures = "corrective_measures"
    legal_framework = "legal_framework"
    death_penalty = "death_penalty"
    past_partnerships = "past_partnerships"
    project_risks = "project_risks"


class MitigationType(Vocabulary):
    """Action 5: the eight types of mitigation measures."""

    project_design = "project_design"
    communications_agreement = "communications_agreement"
    standard_setting_capacity_building = "standard_setting_capacity_building"
    monitoring = "monitoring"
    sops = "sops"
    screening_exclusion = "screening_exclusion"
    accountability = "accountability"
    data_control = "data_control"


class Timing(Vocabulary):
    """Action 5: measures are preventive, or corrective once incidents occur."""

    preventive = "preventive"
    corrective = "corrective"


class Branding(Vocabulary):
    """Box 5 (Action 5, visibility): the branding decision for the project."""

    standard = "standard"
    minimal = "minimal"
    none = "none"


class DisclosureLevel(Vocabulary):
    """How much of the preliminary HRDD findings a donor letter may show."""

    rating = "rating"  # the final rating only
    factors = "factors"  # the rating and the elements rated medium or high
    summary = "summary"  # those, with the office's summary of each risk
    evidence = "evidence"  # the findings as written in the assessment


class IndicatorKind(Vocabulary):
    """Box 6: indicators of violations by recipients, and of mitigation effectiveness."""

    violations = "violations"
    mitigation = "mitigation"


class CourseOfAction(Vocabulary):
    """Box 7: the four courses of action agreed with the Chief of Mission."""

    strengthen_mitigation = "strengthen_mitigation"
    report_to_oversight = "report_to_oversight"
    focal_point_channel = "focal_point_channel"
    exclude_individuals_units = "exclude_individuals_units"


class IncidentResult(Vocabulary):
    """Box 7: Result A (addressed), Result B (suspended), and what followed."""

    pending = "pending"
    addressed = "addressed"  # Result A: continue or resume
    suspended = "suspended"  # Result B: suspend until addressed
    resumed = "resumed"  # Result B, then addressed
    ceased = "ceased"  # Result B, violations continued: cease with the COM's agreement


_LABELS = {
    "StateRelation.commanded": "under the command and control of a State authority",
    "StateRelation.contracted": "under contract with a State authority",
    "StateRelation.directed": "under the direction of a State authority",
    "StateRelation.outside_state": "outside formal State structures",
    "AffectedGroup.women_and_girls": "women and girls",
    "AffectedGroup.older_persons": "older persons",
    "AffectedGroup.lgbtiq_persons": "LGBTIQ+ persons",
    "AffectedGroup.persons_with_disabilities": "persons with disabilities",
    "AffectedGroup.minorities": "racial, ethnic, religious or linguistic minorities",
    "AffectedGroup.indigenous_peoples": "indigenous peoples",
    "AffectedGroup.idps": "internally displaced persons",
    "AffectedGroup.refugees": "refugees and asylum-seekers",
    "AffectedGroup.stateless_persons": "stateless persons",
    "AffectedGroup.detainees": "persons deprived of their liberty",
    "AffectedGroup.human_rights_defenders": "human-rights defenders, journalists and "
    "complainants",
    "AffectedGroup.host_communities": "host communities",
    "GraveViolation.war_crimes": "war crimes",
    "GraveViolation.crimes_against_humanity": "crimes against humanity",
    "GraveViolation.gross_violations": "gross violations of human rights",
    "GraveViolation.refoulement": "acts of refoulement",
    "GraveViolation.pattern_of_violations": "a pattern of repeated violations",
    "SourceKind.internal": "internal (IOM's own sources)",
    "SourceKind.external": "external (public, UN or other sources)",
    "EventKind.violations_increase": "a noted increase in human rights violations",
    "EventKind.conflict": "the onset of conflict, war or invasion",
    "EventKind.targeting_of_groups": "increased reports of the targeting of certain groups",
    "EventKind.legal_reform": "a law or decree changing how security forces may act",
    "EventKind.other": "another significant change",
    "RecipientCategory.coast_guard": "coast guard and port security",
    "RecipientCategory.detention_authority": "detention authority",
    "RecipientCategory.civilian_authority": "civilian authority commanding security forces",
    "RecipientCategory.regional_peacekeeping": "regional peacekeeping force",
    "RecipientCategory.private_security": "private security company under State direction",
    "RecipientCategory.non_state_armed_group": "non-State armed group",
    "SupportKind.construction": "construction, rehabilitation and repair",
    "SupportKind.human_rights_training": "training on international humanitarian, human rights and "
    "refugee law",
    "SupportKind.compliance_engagement": "engagement for compliance, humanitarian access and "
    "relief",
    "SupportKind.medevac": "medical and casualty evacuation (MEDEVAC/CASEVAC)",
    "DeathPenaltyStatus.abolitionist_in_practice": "abolitionist in practice",
    "Element.general_context": "General human rights situation and rule of law in the country",
    "Element.recipient_record": "Record of the recipient on international humanitarian, human "
    "rights and refugee law",
    "Element.accountability": "Accountability of individual perpetrators",
    "Element.corrective_measures": "Corrective measures, institutions and procedures",
    "Element.legal_framework": "Legislative framework and applicable standards",
    "Element.death_penalty": "Death penalty and possible contribution to its enforcement",
    "Element.past_partnerships": "Past projects and partnerships with the recipient",
    "Element.project_risks": "Risks inherent to the project activities",
    "MitigationType.standard_setting_capacity_building": "standard setting and capacity building",
    "MitigationType.communications_agreement": "communications and agreements",
    "MitigationType.sops": "standard operating procedures",
    "MitigationType.screening_exclusion": "screening and exclusion",
    "MitigationType.data_control": "data control",
    "CourseOfAction.strengthen_mitigation": "Address through strengthening of mitigation measures",
    "CourseOfAction.report_to_oversight": "Address through reporting to the appropriate "
    "oversight or accountability body",
    "CourseOfAction.focal_point_channel": "Address through the agreed communication channels "
    "with the focal point",
    "CourseOfAction.exclude_individuals_units": "Address through exclusion of specific "
    "individuals or units",
}


@cache
def risk_tags() -> dict[str, str]:
    """The documented risk-tag vocabulary (``clauses/vocabulary.yaml``): tag → meaning."""
    from hrdd_docs import yamlsource

    located = yamlsource.parse(
        resources.read_text("clauses", "vocabulary.yaml"), "clauses/vocabulary.yaml"
    )
    tags = located.data["tags"]
    return {str(tag): str(meaning) for tag, meaning in tags.items()}
