"""The project definition: one validated object from which every document is built.

The sections follow the HRDDP Toolkit's seven actions (design.md §3). Every section is a
:class:`Record`: its fields are declared here once, with what each must hold, and
pydantic compiles them into the project's validator (:mod:`hrdd_docs.model_schema`,
kept in the toolkit's cache by :mod:`hrdd_docs.project_validator`). At run time
pydantic-core validates a project file against that compiled schema straight into these
classes, so a command imports neither pydantic nor its model machinery (issue 16).

Every section forbids unknown keys, so a misspelt key is an error, never a silently
ignored field. Text fields refuse characters that XML cannot hold; cross-references
between sections are checked in :mod:`hrdd_docs.integrity`.
"""

from __future__ import annotations

import difflib
import re
import weakref
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic_core import PydanticCustomError

from hrdd_docs.localized import Localized, LocalizedText, validating
from hrdd_docs.records import Check, Record
from hrdd_docs.vocabulary import (
    AffectedGroup,
    Branding,
    CourseOfAction,
    DeathPenaltyStatus,
    DisclosureLevel,
    Element,
    EventKind,
    GraveViolation,
    IncidentResult,
    IndicatorKind,
    MitigationType,
    Rating,
    RecipientCategory,
    SourceKind,
    StateRelation,
    SupportKind,
    Timing,
    risk_tags,
)

if TYPE_CHECKING:
    from collections.abc import Callable


# Characters XML 1.0 cannot hold: C0 controls except tab, line feed and carriage return,
# and lone surrogates (half of a UTF-16 pair, left by a damaged copy and paste).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

CELL_LIMIT = 32_767
"""Characters an Excel cell holds. The IRA workbook keeps each value in one cell, so a
text (or the entries of a list, one per line) longer than this could not be written
whole; it is refused, never cut."""

DATE_MIN = date(1900, 1, 1)
"""The first date a project definition may hold: Excel holds no earlier date."""

DATE_MAX = date(2100, 12, 31)
"""The last date a project definition may hold. Every date the toolkit derives stays far
inside what documents and Excel can hold: reassessments and monitoring periods end at
most a year after the project, and a project from 1900 to 2100 with monthly periods
gives 2,412 period columns, well under Excel's 16,384."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _xml_safe(value: str) -> str:
    """Refuse characters a Word or Excel file cannot hold, and text longer than a cell.

    Word writes a manual line break as a vertical tab when text is copied out of it, so
    that one is mapped rather than refused.
    """
    value = value.replace("\x0b", "\n")
    bad = _NOT_XML.search(value)
    if bad:
        code = ord(bad.group())
        what = "control character" if code < 0x20 else "character"
        why = (" (half of a character that was damaged when the text was copied)"
               if 0xD800 <= code <= 0xDFFF else "")
        raise ValueError(
            f"contains the {what} U+{code:04X}{why} at position "
            f"{bad.start() + 1}, which a document cannot hold; delete it"
        )
    if len(value) > CELL_LIMIT:
        raise ValueError(
            f"is {len(value):,} characters long, more than the {CELL_LIMIT:,} an Excel cell "
            "holds (the IRA workbook keeps each value in one cell, and no document may hold "
            "less than the project says); shorten it, e.g. keep the full text in an annex "
            "and refer to it here"
        )
    return value


def _iso_date(value: Any) -> Any:
    """Accept a date only as a date, or as text written YYYY-MM-DD.

    Without this, pydantic reads a number (``start: 0``) as seconds since 1970.
    """
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.match(value.strip())):
        return value.strip() if isinstance(value, str) else value
    shown = repr(value) if isinstance(value, str) else "a number" if isinstance(
        value, (int, float, Decimal)) else "a list" if isinstance(value, list) else "a mapping"
    raise PydanticCustomError("date_parsing", "{shown} is not a date",
                              {"shown": shown})


def _date_in_range(value: date) -> date:
    if value < DATE_MIN:
        raise ValueError(f"{value} is before {DATE_MIN}, the first date Excel (and so the IRA "
                         "workbook) can hold; check the year")
    if value > DATE_MAX:
        raise ValueError(f"{value} is after {DATE_MAX}, the last date a project definition "
                         "may hold; write the planned date (for a project with no fixed end, "
                         "the end of its current funding or agreement)")
    return value


def _known_tag(tag: str) -> str:
    if tag not in risk_tags():
        close = difflib.get_close_matches(tag, list(risk_tags()), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise ValueError(
            f"unknown risk tag {tag!r}; {hint}`hrdd clauses tags` lists the tags you can use"
        )
    return tag


Text = Annotated[str, Check(min_length=1, after=_xml_safe)]
"""Free text that ends up in a document: non-empty, XML-safe, kept verbatim."""

LText = Annotated[Localized, LocalizedText()]
"""Text a document prints, given per language where it differs (``{en: …, fr: …}``), or
as plain ``Text`` in ``project.language`` (:mod:`hrdd_docs.localized`)."""

Slug = Annotated[str, Check(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
"""An identifier that is also safe as a file name: lower-case letters, digits, hyphens."""

Tag = Annotated[str, Check(after=_known_tag)]
Amount = Annotated[Decimal, Check(ge=0, max_digits=15, decimal_places=2)]
Number = Annotated[Decimal, Check(max_digits=12)]
Currency = Annotated[str, Check(pattern=r"^[A-Z]{3}$")]
Email = Annotated[str, Check(pattern=r"^[^@\s]+@[^@\s]+$")]


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


YesNo = Annotated[bool, Check(before=_lower)]


Date = Annotated[date, Check(before=_iso_date, after=_date_in_range)]
"""A calendar day written YYYY-MM-DD, from :data:`DATE_MIN` to :data:`DATE_MAX`.

Every date of the model has this type (a test checks it), so none can be a number read
as a timestamp or fall outside what the documents and the workbook can hold."""

Day = Date
"""``Date`` under a second name, for models that also have a field called ``date``."""


def fits_one_cell(value: Any) -> Any:
    """A list of texts or ids shares one workbook cell (one entry per line): bound it.

    The project's validator runs it after every field's own check
    (:mod:`hrdd_docs.model_schema`)."""
    if type(value) is list and value and type(value[0]) is str:
        size = sum(len(entry) for entry in value) + 2 * (len(value) - 1)
        if size > CELL_LIMIT:
            raise ValueError(
                f"these {len(value):,} entries take {size:,} characters together, more "
                f"than the {CELL_LIMIT:,} an Excel cell holds (the IRA workbook keeps them "
                "in one cell); shorten them, or keep the details in an annex")
    return value


def plain_values_language(data: Any, handler: Callable[[Any], Any]) -> Any:
    """Plain values are in ``project.language``: read it first, for :class:`LText`.

    The project's validator runs it around the whole project."""
    info = data.get("project") if isinstance(data, dict) else None
    language = info.get("language") if isinstance(info, dict) else None
    with validating(language if isinstance(language, str) else "en"):
        return handler(data)


class Person(Record):
    name: Text
    title: LText
    organization: LText | None = None
    email: Email | None = None


class References(Record):
    project_code: Text
    """IOM project code, printed in every document's header."""
    mou: Text | None = None
    """Reference of the MOU; defaults to ``<project_code>/MOU``."""
    deed: Text | None = None
    """Prefix of deed references; defaults to ``<project_code>/DD``."""
    mou_date: Date | None = None
    """Date the MOU was signed, once it is. Each deed of donation cites the MOU it
    implements by its reference and, when this is given, by this date."""

    @property
    def mou_reference(self) -> str:
        return self.mou or f"{self.project_code}/MOU"

    @property
    def deed_prefix(self) -> str:
        return self.deed or f"{self.project_code}/DD"


class ProjectInfo(Record):
    id: Slug
    """Identifier, also used in output file names."""
    title: LText
    country: LText
    locations: list[LText] = []
    office: LText
    """The IOM office, e.g. 'IOM Darvonia'."""
    chief_of_mission: Person
    start: Date
    end: Date
    language: Literal["en", "fr", "es"] = "en"
    """Language of the project file's plain-text values (en, fr or es) and the default
    language of the documents (``hrdd build --lang`` chooses another). A value the
    documents print may also be given per language: ``title: {en: …, fr: …}``."""
    references: References
    signing_place: LText | None = None


class VisibilityRequirement(Record):
    id: Slug
    description: LText


class Donor(Record):
    id: Slug
    name: LText
    agreement_reference: Text
    visibility_requirements: list[VisibilityRequirement] = []
    contact: Person | None = None
    """Who at the donor receives a visibility-waiver request."""


class Recipient(Record):
    """A non-UN security force receiving support (Action 1, definitions)."""

    id: Slug
    name: LText
    category: RecipientCategory
    authority: LText
    """The authority above the force (national ownership, Action 2(a)): the national
    authority that commands it, that contracts it or that directs it. For a recipient
    outside State structures, its own leadership: never printed as a national authority
    nor made a party (see ``government_authority``)."""
    relation: StateRelation | None = None
    """How the recipient stands to the State (Action 1, footnote 8): ``commanded`` by
    ``authority`` (national and regional forces), ``contracted`` or ``directed`` by it (a
    private security company), or ``outside_state`` (a non-State armed group). Absent:
    from the category (private_security: contracted; non_state_armed_group:
    outside_state; every other category: commanded)."""
    government_authority: LText | None = None
    """Only for a recipient outside State structures: the host government's national
    authority through which the support to it is requested and coordinated (Action
    2(a)); the MOU is made with it. Absent: the Government of the country."""
    unit: LText | None = None
    """The unit or command supported, where support goes to part of the force."""
    address: LText | None = None
    focal_point: Person
    authority_signatory: Person | None = None
    """Who signs the MOU for ``authority`` (name and title). Give it on one recipient of
    each authority (others under the same authority may repeat it, not differ). Without
    it the MOU's signature block for that authority leaves name and title to be filled
    in by hand, and ``hrdd build`` warns."""

    @property
    def relation_to_state(self) -> StateRelation:
        """``relation``, or the relation the category implies."""
        return self.relation or StateRelation.default_for(self.category)


class Item(Record):
    """A donated item, listed in the schedule of the deed of donation."""

    description: LText
    quantity: Annotated[int, Check(ge=1, le=1_000_000)]
    unit_value: Amount
    currency: Currency
    identifiers: list[Text] = []
    """Serial numbers, chassis or plate numbers."""
    recipient: Slug | None = None
    """Which recipient receives it; needed only when the activity has several."""
    phase: Slug | None = None
    """The delivery phase (``phases[].id``) in which it is handed over, when it is not
    its activity's phase."""

    not_a_weapon: Text | None = None
    """Why the item is not a weapon, ammunition, weapon part or weapon storage, when its
    description uses a word that can name one (Action 2(c)); the IRA workbook records it."""

class DataHandling(Record):
    """Action 5(8): how an activity handles personal data, as a data-sharing agreement
    records it. The data-protection clauses of the MOU and of the deeds print it."""

    categories: Annotated[list[LText], Check(min_length=1)]
    """The categories of personal data, e.g. "fingerprints and facial images", "names
    and contact details of complainants"."""
    purpose: LText
    """Why the data are handled, written to follow "for": "the registration of persons
    arriving at the border"."""
    legal_basis: LText
    """The legal basis of the processing: "the informed consent of each person", "the
    Immigration Act 2019, section 12"."""
    retention: LText
    """How long the data are kept, written to follow "for": "five years from their
    collection". The clauses print this period; they never assume the project's end."""
    receivers: list[LText] = []
    """Who may receive the data besides IOM and the force that collects them, e.g. "the
    Ministry of Interior"; empty means no one else."""
    sharing_agreement: Text | None = None
    """Reference of the data-sharing agreement that governs the data; absent means the
    agreements require one before any data are shared."""


class Phase(Record):
    """Action 5(1), phased approach: a stage of delivery and the condition it waits for.

    Activities and items name their phase (``phase:``); an activity that names none is
    delivered in the first phase. The MOU and the deeds print each phase with what it
    delivers and its condition; an item is handed over, and becomes the recipient's
    property, when its phase begins.
    """

    id: Slug
    """Identifier that activities and items name in ``phase:``."""
    condition: LText | None = None
    """What IOM confirms in writing before the phase begins, written to follow "IOM has
    confirmed that": "the post has operated for three months without a substantiated
    complaint". Every phase but the first needs one; the first, without one, begins
    when the agreements take effect."""
    trial: YesNo = False
    """Action 5(1), pilot support: the phase is provided on a trial basis, and IOM and
    the recipient review it together before the next phase begins."""


class Activity(Record):
    id: Slug
    kind: SupportKind
    description: LText
    recipients: Annotated[list[Slug], Check(min_length=1)]
    start: Date | None = None
    """When the activity begins; absent means the project's start. The assessment must
    come first (Action 4)."""
    not_a_weapon: Text | None = None
    """Why the activity involves no weapon, ammunition, weapon part or weapon storage,
    when its description uses a word that can name one (Action 2(c))."""
    items: list[Item] = []
    personal_data: YesNo = False
    """Personal data of individuals are collected, processed or shared."""
    biometric_data: YesNo = False
    data_shared_with_recipient: YesNo = False
    data: DataHandling | None = None
    """Action 5(8): the categories, purpose, legal basis, retention, receivers and
    data-sharing agreement of the personal data the activity handles (only with
    ``personal_data: true``). Without it, the clauses require these to be agreed in a
    data-sharing agreement before any data are collected."""
    holds_people: YesNo = False
    """The premises the activity builds, rehabilitates or equips hold people who may not
    leave (a holding cell, a detention or reception centre): the agreements then carry
    the clauses on the treatment of persons in custody, whatever the recipient."""
    use_restriction: LText | None = None
    """Where and for what the donated items may be used, when narrower than the activity
    and the project's locations, written to follow "only for": "community policing in
    the Natite IDP site and its surroundings" (Action 5, use of materials). The deed and
    the MOU print it as the permitted use of those items."""
    phase: Slug | None = None
    """The delivery phase (``phases[].id``) of this activity and its items; absent means
    the first phase."""


class NationalOwnership(Record):
    """Action 2(a)."""

    requested_by: LText
    """Who made the request for support."""
    request_via_national_authority: YesNo
    """The request came through the authorities that command the force."""
    executive_government_aware: YesNo
    operating_independently: YesNo = False
    """A ministry or institution involved acts independently of the government."""
    government_focal_point: Person | None = None
    iom_counterpart: Person | None = None


class DeathPenalty(Record):
    """Action 2(b) and footnote 15."""

    country_status: DeathPenaltyStatus
    recipient_enforces: YesNo
    """The recipient (or a unit supported) directly enforces the death penalty."""
    support_could_enable: YesNo = False
    """Material, technical or logistical support could enable its enforcement."""
    notes: Text | None = None


class Weapons(Record):
    """Action 2(c)."""

    weapons_or_ammunition: YesNo
    """Purchase of armaments, lethal or less-lethal weapons or ammunition."""
    weapons_related_support: YesNo = False
    """Spare parts, weapons storage, manufacture, or transport of weapons."""


class CombatCapacity(Record):
    """Action 2(d) and Box 1."""

    aim_immediate_combat: YesNo
    """The explicit aim is to enhance capacity for immediate combat."""
    combat_support_in_hostilities: YesNo = False
    """Combat-specific support to units engaged in active hostilities."""


class Preconditions(Record):
    national_ownership: NationalOwnership
    death_penalty: DeathPenalty
    weapons: Weapons
    combat_capacity: CombatCapacity


class CountryMechanism(Record):
    """Action 3."""

    exists: YesNo
    gpraf_available: YesNo = False
    """A General and Preliminary Risk Assessment Framework (GPRAF) exists in the country."""
    iom_participates: YesNo = False
    """IOM takes part in the mechanism; this, not the mechanism's existence, decides whether
    the country SOPs govern the procedure and the agreements (Actions 3 and 7)."""
    participation_decided_by: Person | None = None
    """Who decided whether IOM participates: the IOM Head of country office (Action 3)."""
    gpraf_used: YesNo = False
    """The assessment drew on the GPRAF (Actions 3 and 4)."""
    senior_un_official: LText | None = None
    """Title of the most senior UN official in the country (e.g. Resident Coordinator)."""
    sop_reference: Text | None = None


class ElementAssessment(Record):
    rating: Rating | None = None
    findings: LText | None = None
    sources: list[Text] = []


class Elements(Record):
    """Action 4: the eight elements rated before the final assessment.

    Defaults that are sections are made with ``model_construct()``, unchecked: calling
    the class would validate, through the project's validator, when this module is
    imported (a test checks each such default equals the class called with nothing)."""

    general_context: ElementAssessment = ElementAssessment.model_construct()
    recipient_record: ElementAssessment = ElementAssessment.model_construct()
    accountability: ElementAssessment = ElementAssessment.model_construct()
    corrective_measures: ElementAssessment = ElementAssessment.model_construct()
    legal_framework: ElementAssessment = ElementAssessment.model_construct()
    death_penalty: ElementAssessment = ElementAssessment.model_construct()
    past_partnerships: ElementAssessment = ElementAssessment.model_construct()
    project_risks: ElementAssessment = ElementAssessment.model_construct()

    def items(self) -> list[tuple[Element, ElementAssessment]]:
        return [(element, getattr(self, element.value)) for element in Element]


class FinalAssessment(Record):
    """Action 4, element 9."""

    rating: Rating | None = None
    rationale: Text | None = None


class Endorsement(Record):
    name: Text
    title: LText
    date: Date


class NonProvisionRisk(Record):
    description: Text
    affected_groups: list[Text] = []
    groups: list[AffectedGroup] = []
    """Groups affected, from the vocabulary (``hrdd schema`` lists the values)."""


class Risk(Record):
    id: Slug
    description: LText
    element: Element
    recipients: list[Slug] = []
    """Recipients concerned; empty means all."""
    affected_groups: list[LText] = []
    """Who would be harmed, in the office's words."""
    groups: list[AffectedGroup] = []
    """The same from the vocabulary, so the assessment shows which under-represented groups
    it looked at (Action 4) and clauses can key on them: women_and_girls, children, youth,
    older_persons, lgbtiq_persons, persons_with_disabilities, minorities,
    indigenous_peoples, migrants, idps, refugees, stateless_persons, detainees,
    human_rights_defenders, host_communities."""
    likelihood: Rating
    impact: Rating
    tags: list[Tag] = []
    grave_violations: list[GraveViolation] = []
    """The grave violations the risk could amount to (Action 1): war_crimes,
    crimes_against_humanity, gross_violations, refoulement, pattern_of_violations."""
    command_responsibility: YesNo = False
    """The risk arises through command responsibility: commanders or civilian authorities
    who fail to prevent, investigate or punish violations by those under them (Action 1)."""

    @property
    def score(self) -> int:
        """Likelihood × impact, each counted 1 (low) to 3 (high)."""
        return self.likelihood.rank * self.impact.rank

    @property
    def level(self) -> Rating:
        """High from a score of 6, medium from 3, else low."""
        return Rating.high if self.score >= 6 else Rating.medium if self.score >= 3 else Rating.low


class ContextEvent(Record):
    """A change in the context that may call for an updated assessment (Action 4)."""

    date: Date
    """When it happened; after the assessment's date, a new assessment is due at once."""
    kind: EventKind
    """violations_increase, conflict, targeting_of_groups, legal_reform or other."""
    description: Text
    """What changed, in the office's words (internal: the procedure sheet prints it)."""


class Assessment(Record):
    """Action 4. May be left out for exempt-only support (Action 1, Exemptions); any other
    support is refused the external agreements until the assessment is completed."""

    date: Day | None = None
    """When the assessment was carried out; absent: no assessment has been made."""
    assessors: list[Person] = []
    """The staff who carried it out; at least one for a completed assessment."""
    endorsement: Endorsement | None = None
    """Endorsement of the results by the Head of Office."""
    elements: Elements = Elements.model_construct()
    final: FinalAssessment = FinalAssessment.model_construct()
    non_provision_risks: list[NonProvisionRisk] = []
    non_provision_conclusion: Text | None = None
    """The office's conclusion on weighing the risk of not providing the support against
    the risk of providing it (Action 4); needed when the final rating is medium or high."""
    risks: list[Risk] = []
    events: list[ContextEvent] = []
    """Changes in the context since the assessment began (a rise in violations, conflict,
    a new law or decree...); one dated after the assessment makes a new one due (Action 4)."""

    @property
    def made(self) -> bool:
        """An assessment is recorded (it has a date)."""
        return self.date is not None


class Mitigation(Record):
    id: Slug
    type: MitigationType
    description: Text
    addresses: Annotated[list[Slug], Check(min_length=1)]
    """Ids of the risks this measure targets."""
    owner: Text
    timing: Timing = Timing.preventive
    budgeted: YesNo
    integrated: YesNo = True
    """Integrated into the project's plan of activities."""
    un_core_measure: YesNo = False
    """A United Nations core mitigation measure agreed in the country mechanism, usually in
    the GPRAF (Action 5); needs a country mechanism."""
    clauses: list[Slug] = []
    """Clause ids this measure requires in the agreements."""
    recipients: list[Slug] = []
    """Recipients whose deeds carry the clauses this measure names (``clauses``); empty
    means every recipient concerned by the risks it addresses. The MOU carries those
    clauses in any case, stating the forces they concern."""


class Visibility(Record):
    """Box 5: branding of the support, and any waiver asked of donors."""

    branding: Branding = Branding.standard
    donors: list[Slug] = []
    """Donors asked to waive or reduce their visibility requirements."""
    requirements: list[Slug] = []
    """Ids of the donors' visibility requirements concerned."""
    scope: list[LText] = []
    """Items, sites and materials the derogation covers."""
    until: Date | None = None
    """End of the derogation; absent means the project and its aftermath."""
    justification_level: DisclosureLevel = DisclosureLevel.rating
    justification: LText | None = None
    """The office's own summary for the donor: why visible branding is a risk in this
    project. The letter states the assessment's rating itself, just before this text,
    so do not restate the rating here."""
    alternative_acknowledgement: LText | None = None
    waiver_agreed: YesNo = False
    """Every donor in ``donors`` has agreed the derogation in writing (Box 5). Until it
    is true, the agreements state their branding clauses as subject to that agreement."""

    @property
    def waiver_requested(self) -> bool:
        return self.branding is not Branding.standard


class IndicatorResult(Record):
    period: Annotated[int, Check(ge=1)]
    value: Number
    note: Text | None = None


class Indicator(Record):
    id: Slug
    kind: IndicatorKind
    text: Text
    unit: Literal["count", "percent"] = "count"
    baseline: Number
    target: Number
    source: Text
    source_kind: SourceKind | None = None
    """Whether ``source`` is internal (IOM's own) or external (Action 6); the plan needs
    both kinds."""
    results: list[IndicatorResult] = []


class Monitoring(Record):
    """Action 6 and Box 6."""

    responsible: Person
    period_months: Annotated[int, Check(ge=1, le=12)] = 3
    indicators: list[Indicator] = []


class Incident(Record):
    id: Slug
    date: Date
    detected: LText
    recipient: Slug | None = None
    source: LText | None = None
    course_of_action: CourseOfAction | None = None
    action_taken: LText | None = None
    result: IncidentResult = IncidentResult.pending
    result_date: Day | None = None
    grave_violations: list[GraveViolation] = []
    """The grave violations the incident may amount to (Action 1); one calls for a course
    of action agreed with the COM (Action 7)."""
    command_responsibility: YesNo = False
    """Commanders or authorities failed to prevent, investigate or punish it (Action 1)."""


class Procedure(Record):
    """Action 7 and Box 7: the internal procedure and its log."""

    programme_manager: Person | None = None
    communication: LText | None = None
    """How the responsible person tells the programme manager and the COM."""
    suspend_when: LText | None = None
    cease_when: LText | None = None
    log: list[Incident] = []


_BY_RISK: dict[int, tuple[Any, list[Any], int, dict[str, list[Any]]]] = {}
"""id of a project → (a weak reference to it, its mitigations list, that list's length,
risk id → the measures addressing it): :meth:`Project.mitigations_for`."""


class Project(Record):
    """A project definition (design.md §3)."""

    project: ProjectInfo
    donors: list[Donor] = []
    recipients: list[Recipient] = []
    activities: list[Activity] = []
    phases: list[Phase] = []
    """Action 5(1): the phases of delivery, in order; empty means everything is delivered
    at once."""
    preconditions: Preconditions
    country_mechanism: CountryMechanism
    assessment: Assessment = Assessment.model_construct()
    mitigations: list[Mitigation] = []
    visibility: Visibility = Visibility.model_construct()
    monitoring: Monitoring
    procedure: Procedure = Procedure.model_construct()

    def recipient(self, recipient_id: str) -> Recipient:
        return next(r for r in self.recipients if r.id == recipient_id)

    def mitigations_for(self, risk_id: str) -> list[Mitigation]:
        """The measures that address ``risk_id``, in the order of the plan.

        Indexed once (a build asks for every risk: scanning the plan each time grew with
        risks times measures); the index is rebuilt when ``mitigations`` is another list
        or another length. It is kept outside the model (:data:`_BY_RISK`), so it never
        takes part in comparing or copying projects.
        """
        cached = _BY_RISK.get(id(self))
        if cached is None or cached[0]() is not self:
            weakref.finalize(self, _BY_RISK.pop, id(self), None)
            cached = None
        if cached is None or cached[1] is not self.mitigations or cached[2] != len(
                self.mitigations):
            index: dict[str, list[Mitigation]] = {}
            for measure in self.mitigations:
                for risk in dict.fromkeys(measure.addresses):
                    index.setdefault(risk, []).append(measure)
            cached = _BY_RISK[id(self)] = (weakref.ref(self), self.mitigations,
                                           len(self.mitigations), index)
        return list(cached[3].get(risk_id, ()))

    def for_recipient(self, recipient_id: str) -> Project:
        """The project as one recipient's deed sees it.

        Only that recipient, the activities it takes part in with the items it receives,
        the risks that concern it (a risk naming no recipient concerns all) and the
        measures against those risks, less those aimed at other recipients
        (``mitigations[].recipients``). Everything else is the project's own.
        """
        activities = [
            a.model_copy(update={
                "recipients": [recipient_id],
                "items": [i for i in a.items if (i.recipient or a.recipients[0]) == recipient_id],
            })
            for a in self.activities if recipient_id in a.recipients
        ]
        risks = [r for r in self.assessment.risks
                 if not r.recipients or recipient_id in r.recipients]
        kept = {r.id for r in risks}
        mitigations = [m.model_copy(update={"addresses": [x for x in m.addresses if x in kept]})
                       for m in self.mitigations if kept.intersection(m.addresses)
                       and (not m.recipients or recipient_id in m.recipients)]
        return self.model_copy(update={
            "recipients": [self.recipient(recipient_id)],
            "activities": activities,
            "assessment": self.assessment.model_copy(update={"risks": risks}),
            "mitigations": mitigations,
        })
