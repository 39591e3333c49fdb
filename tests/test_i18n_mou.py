"""The MOU in English, French and Spanish, and the bilingual MOU (issue 15, points 1, 2, 5-8).

The Darvonia MOU is built with the packaged clause library (every clause has its French
and Spanish text); the small projects are built here, one for each rule: a French
project whose values are written in French, and one project per relation of a force to
the State, in each language, to check the sentence that says what the Authority
undertakes for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cases import base, load, non_state_group, private_security
from conftest import requires_libreoffice, write_project
from lxml import etree
from readback import all_xml_text, docx_text, paragraphs

from hrdd_docs import catalog, localized, resources, terms
from hrdd_docs.clauses import load_library
from hrdd_docs.cli import cli
from hrdd_docs.loading import load_project
from hrdd_docs.render import mou
from hrdd_docs.vocabulary import SupportKind

NBSP = "\u00a0"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.fixture(scope="module")
def library() -> Any:
    return load_library(None)


def mou_in(project: Any, library: Any, *languages: str) -> bytes:
    with localized.rendering(languages), localized.gathering(project):
        (output,) = mou.render(project, library)
    return output.data


def text_of(project: Any, library: Any, *languages: str) -> str:
    return docx_text(mou_in(project, library, *languages))


def french(text: str) -> str:
    """French typography as the catalog writes it: a no-break space before : ; and
    inside « »."""
    return (re.sub(r" ([:;»])", NBSP + r"\1", text).replace("« ", "«" + NBSP))


# A small project written in French ---------------------------------------------------------


def french_project() -> dict[str, Any]:
    """:func:`cases.base` with ``project.language: fr`` and every printed value in French."""
    data = base()
    info = data["project"]
    info.update({"language": "fr", "title": "Appui à la gestion des frontières en Kestavie",
                 "country": "la Kestavie", "locations": ["le poste frontière d'Orvel"],
                 "office": "OIM Kestavie", "signing_place": "Orvel"})
    info["chief_of_mission"]["title"] = "Cheffe de mission"
    force = data["recipients"][0]
    force.update({"name": "la Police des frontières de Kestavie",
                  "authority": "le Ministère de l'intérieur de la Kestavie"})
    force["focal_point"]["title"] = "Directeur de la police des frontières"
    force["authority_signatory"]["title"] = "Ministre de l'intérieur"
    activity = data["activities"][0]
    activity["description"] = "Trousses d'examen des documents de voyage"
    activity["items"][0]["description"] = "Trousse d'examen des documents"
    ownership = data["preconditions"]["national_ownership"]
    ownership["requested_by"] = "le Ministère de l'intérieur de la Kestavie"
    ownership["government_focal_point"]["title"] = "Directrice des frontières"
    ownership["iom_counterpart"]["title"] = "Chef de projet"
    data["donors"][0]["name"] = "l'Agence de coopération de l'Aldorie"
    return data


def test_a_small_french_project_gives_a_french_mou(tmp_path, library):
    text = text_of(load(tmp_path, french_project()), library, "fr")
    for expected in (
        "Mémorandum d'accord",
        "entre l'Organisation internationale pour les migrations et le Ministère de "
        "l'intérieur de la Kestavie relatif au projet « Appui à la gestion des frontières "
        "en Kestavie »",
        "agissant par l'intermédiaire d'OIM Kestavie (« l'OIM »),",
        "Le Ministère de l'intérieur de la Kestavie, autorité nationale responsable du "
        "commandement et du contrôle de la Police des frontières de Kestavie (ci-après "
        "« l'Autorité »),",
        "L'appui visé par le présent Mémorandum est fourni à la Police des frontières de "
        "Kestavie (ci-après « la Force soutenue »).",
        "et que le Gouvernement de la Kestavie en a connaissance ;",
        "(le « Projet »), dont la zone de mise en œuvre comprend le poste frontière "
        "d'Orvel.",
        "dans la zone visée par le présent Mémorandum, à savoir le poste frontière d'Orvel, "
        "les services de sécurité",
        "Trousses d'examen des documents de voyage (équipement).",
        "Article premier – Objet et champ d'application",
        "Article 2 – Engagement relatif à la diligence voulue en matière de droits de l'homme",
        "L'Autorité veille au respect du droit international humanitaire",
        "Le Projet se déroule du 1er avril 2026 au 31 mars 2027.",
        "Pour l'Autorité, en qualité de point focal du Gouvernement de la Kestavie : Ines "
        "Caro, Directrice des frontières.",
        "ont signé le présent Mémorandum à Orvel, en trois exemplaires originaux en français.",
        "Pour le Ministère de l'intérieur de la Kestavie", "Fonction :", "Ministre de "
        "l'intérieur",
    ):
        assert french(expected) in text, expected
    assert "Article 1 " not in text and "Article 1." not in text


def test_a_french_mou_without_locations_names_the_country_and_no_preposition(tmp_path,
                                                                             library):
    data = french_project()
    data["project"]["locations"] = []
    text = text_of(load(tmp_path, data), library, "fr")
    assert french("dont la zone de mise en œuvre comprend la Kestavie.") in text
    assert french("à savoir la Kestavie, les services de sécurité") in text
    assert "mis en œuvre" not in text


def test_a_value_without_its_french_text_stops_the_french_mou(runner, tmp_path):
    data = french_project()
    data["project"]["language"] = "en"
    data["project"]["title"] = "Border management support"
    data["recipients"][0]["unit"] = {"en": "Orvel Unit", "es": "la Unidad de Orvel"}
    path = write_project(tmp_path, data)
    result = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "out"),
                                 "--only", "mou", "--lang", "fr"])
    assert result.exit_code == 2, result.output
    assert "project.title: has no French text, which the fr documents print; write it as " \
        "title: {en: <as now>, fr: …}" in result.stderr
    assert "recipients[0].unit: has no French text" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# The Darvonia MOU in French and Spanish ------------------------------------------------------


def english_words(language: str) -> list[str]:
    """The English glossary's terms that differ in ``language``, and English drafting."""
    english = terms.glossary("en")["terms"]
    other = terms.glossary(language)["terms"]
    found = [entry["text"] for key, entry in english.items()
             if entry["text"].lower() != other[key]["text"].lower() and key != "iom_short"]
    return [*found, "shall", " of ", "Signature:", "In witness whereof", "Article 1 ",
            "Article 1.", "Supported Force", "the Authority", "Memorandum of Understanding",
            "HRDDP"]


def without_references(text: str, project: Any) -> str:
    references = project.project.references
    for value in (references.mou_reference, references.project_code):
        text = text.replace(value, "")
    return re.sub(r"\bIOM-[A-Z0-9/-]+", "", text)  # references the project file gives


@pytest.mark.parametrize("language", ["fr", "es"])
def test_no_english_fixed_sentence_is_left_in_a_french_or_spanish_mou(darvonia, library,
                                                                      tmp_path, language):
    texts = [text_of(darvonia, library, language)]
    if language == "fr":
        texts.append(text_of(load(tmp_path, french_project()), library, "fr"))
    for text in texts:
        text = without_references(text, darvonia)
        for word in english_words(language):
            assert word not in text, (language, word)
        found = re.search(r".{30}\b(IOM|the|and|shall|Memorandum|Authority)\b.{30}", text)
        assert found is None, (language, found and found.group(0))


def test_the_french_darvonia_mou(darvonia, library):
    text = text_of(darvonia, library, "fr")
    for expected in (
        "Mémorandum d'accord · DV-CS-0412",
        "Le Ministère de l'intérieur de la Darvonie, autorité nationale responsable du "
        "commandement et du contrôle de la Force de police darvonienne, commandement de la "
        "province d'Esse (ci-après « l'Autorité »),",
        "fourni à la Force de police darvonienne, commandement de la province d'Esse, et en "
        "particulier à l'Unité de police de proximité de Natite (ci-après « la Force "
        "soutenue »).",
        "applique la politique de diligence voulue en matière de droits de l'homme en cas "
        "d'appui de l'ONU à des forces de sécurité non onusiennes (PDVDH)",
        "Partageant l'objectif que, dans la zone visée par le présent Mémorandum, à savoir "
        "le site de personnes déplacées de Natite et la province d'Esse, les services de "
        "sécurité soient assurés",
        "(le « Projet »), dont la zone de mise en œuvre comprend le site de personnes "
        "déplacées de Natite et la province d'Esse.",
        "Article premier – Objet et champ d'application",
        "L'OIM examine les résultats de ce suivi tous les trois mois",
        "Le Projet se déroule du 1er mars 2026 au 31 août 2027.",
        "Chacune des Parties peut résilier le présent Mémorandum moyennant un préavis écrit "
        "de trente jours adressé à l'autre Partie.",
        "En foi de quoi, les soussignés, dûment autorisés à cet effet, ont signé le présent "
        "Mémorandum à Esse City, en trois exemplaires originaux en français.",
        "Pour la Force de police darvonienne, commandement de la province d'Esse (pour prise "
        "de connaissance)",
        "Page", "sur",
    ):
        assert french(expected) in text, expected
    headings = re.findall(r"^Article (\S+) – ", text, flags=re.M)
    assert headings[0] == "premier"
    assert headings[1:] == [str(n) for n in range(2, len(headings) + 1)]


def test_the_spanish_darvonia_mou(darvonia, library):
    text = text_of(darvonia, library, "es")
    for expected in (
        "Memorando de Entendimiento · DV-CS-0412",
        "entre la Organización Internacional para las Migraciones y el Ministerio del Interior "
        "de Darvonia relativo al proyecto «Apoyo a la policía de la provincia de "
        "Darvonja/Esse»",
        "El Ministerio del Interior de Darvonia, autoridad nacional responsable del mando y "
        "control de la Fuerza de Policía de Darvonia, Mando de la Provincia de Esse (en "
        "adelante, «la Autoridad»),",
        "y en particular a la Unidad de Policía Comunitaria de Natite (en adelante, «la "
        "Fuerza apoyada»).",
        "Artículo 1. Objeto y alcance", "Artículo 2. Compromiso de diligencia debida",
        "La Autoridad velará por que la Fuerza apoyada respete el derecho internacional "
        "humanitario",
        "cada tres meses",
        "El Proyecto se ejecuta del 1 de marzo de 2026 al 31 de agosto de 2027.",
        "firman el presente Memorando en Esse City, en tres ejemplares originales en español.",
        "Por la Organización Internacional para las Migraciones", "Cargo:", "Página",
    ):
        assert expected in text, expected


def test_two_forces_are_the_supported_forces_in_each_language(tmp_path, library,
                                                              example_data):
    guard = {**example_data["recipients"][0], "id": "dbg", "category": "border_control",
             "name": {"en": "Darvonian Border Guard", "fr": "la Garde-frontière darvonienne",
                      "es": "la Guardia de Fronteras de Darvonia"}}
    guard.pop("unit", None)
    example_data["recipients"].append(guard)
    example_data["activities"][2]["recipients"].append("dbg")
    project = load_project(write_project(tmp_path, example_data))
    for language, expected in (
        ("en", ["(together “the Supported Forces”)", "by the Supported Forces in every "
                "operation", "officers as the points of contact of the Supported Forces"]),
        ("fr", ["commandement de la province d'Esse, en particulier à l'Unité de police de "
                "proximité de Natite ; et à la Garde-frontière darvonienne (ci-après dénommées "
                "ensemble « les Forces soutenues »)",
                "responsable du commandement et du contrôle de la Force de police "
                "darvonienne, commandement de la province d'Esse et de la Garde-frontière "
                "darvonienne", "par les Forces soutenues dans toute opération",
                "les agents suivants comme points de contact des Forces soutenues"]),
        ("es", ["en particular a la Unidad de Policía Comunitaria de Natite; y a la Guardia de "
                "Fronteras de Darvonia (denominadas conjuntamente «las Fuerzas apoyadas»)",
                "La Autoridad velará por que las Fuerzas apoyadas respeten",
                "a los siguientes oficiales como puntos de contacto de las Fuerzas apoyadas"]),
    ):
        text = text_of(project, library, language)
        for sentence in expected:
            assert (french(sentence) if language == "fr" else sentence) in text, sentence


# What the Authority undertakes, by the relation of each force to the State -------------------


def regional(data: dict[str, Any]) -> dict[str, Any]:
    """A regional peacekeeping force, commanded by its regional organization."""
    force = data["recipients"][0]
    force.update({"name": "Regional Stabilization Force", "category": "regional_peacekeeping",
                  "authority": "Commission of the Regional Security Community"})
    force["authority_signatory"] = {"name": "Lena Obi", "title": "Commissioner"}
    return data


def directed(data: dict[str, Any]) -> dict[str, Any]:
    data = private_security(data)
    data["recipients"][0]["relation"] = "directed"
    return data


def outside_only(data: dict[str, Any]) -> dict[str, Any]:
    """A non-State armed group as the only recipient, with the items it receives."""
    data = non_state_group(data)
    data["recipients"] = data["recipients"][1:]
    data["activities"] = data["activities"][1:]
    data["assessment"]["risks"][0].pop("recipients", None)
    return data


RELATIONS = {
    "commanded": (lambda d: d, [
        "The Ministry of Interior of Kestavia, the national authority responsible for the "
        "command and control of the Kestavian Border Police (“the Authority”),",
        "The Authority shall ensure respect for international humanitarian, human rights and "
        "refugee law by the Supported Force in every operation",
    ], []),
    "contracted": (private_security, [
        "the national authority under whose contract Sentinel Guarding Ltd operates",
        "The Authority shall, as the authority that has contracted the Supported Force, "
        "require respect for international humanitarian, human rights and refugee law",
        "make that respect a term of the contract",
    ], ["shall ensure respect", "command and control"]),
    "directed": (directed, [
        "the national authority under whose direction Sentinel Guarding Ltd operates",
        "The Authority shall, as the authority under whose direction the Supported Force "
        "operates, require respect",
    ], ["shall ensure respect", "command and control"]),
    "outside_state": (outside_only, [
        "The Government of Kestavia, the national authority through which the support to "
        "the Northern Front Militia is requested and coordinated (“the Authority”),",
        "The Supported Force operates outside State structures, and the Authority does not "
        "command it. The Authority shall coordinate the support to it with IOM, use its "
        "good offices with it to promote respect",
        "inform IOM without delay of any information it receives of a violation connected "
        "with the support",
        "Items that IOM provides under the Project for the support to the Northern Front "
        "Militia are not the subject of any deed of donation: this Memorandum alone governs "
        "them and their use.",
        "As regards that group, the obligations that this Memorandum places on the Authority "
        "concerning the conduct of personnel, the use of the support and the items provided "
        "are to be read as obligations to make them known to that group as conditions of the "
        "support, to use its good offices to secure their observance, and to inform IOM "
        "without delay of any failure to observe them that comes to its knowledge; "
        "references in this Memorandum to the donated items include the items that IOM "
        "hands over to that group under the Project, which no deed of donation covers. The "
        "support to that group remains conditional on their observance, and IOM may suspend "
        "or cease it where they are not observed.",
    ], ["shall ensure respect", "command and control", "deed of donation between IOM and "
        "that force", "point of contact", "(in acknowledgement)", "Supreme Council"]),
    "regional": (regional, [
        "The Commission of the Regional Security Community, the authority responsible for the "
        "command and control of the Regional Stabilization Force (“the Authority”),",
        "through the authorities responsible for the command and control of the Supported "
        "Force, and with the knowledge of the Government of Kestavia;",
        "shall ensure that any such violation is investigated and those responsible held to "
        "account, including through the States that contribute those personnel.",
    ], ["the national authority", "the national authorities responsible",
        "prevent, investigate and sanction", "As regards"]),
}


@pytest.mark.parametrize("relation", list(RELATIONS))
def test_the_mou_says_what_the_authority_undertakes_for_each_relation(tmp_path, library,
                                                                     relation):
    change, expected, absent = RELATIONS[relation]
    text = text_of(load(tmp_path, change(base())), library, "en")
    for sentence in expected:
        assert sentence in text, sentence
    for words in absent:
        assert words not in text.replace("does not command it", ""), words


RELATIONS_FR = {
    "contracted": (private_security, [
        "L'Autorité, en sa qualité d'autorité ayant passé contrat avec la Force soutenue, "
        "exige le respect du droit international humanitaire",
        "autorité nationale pour le compte de laquelle opère Sentinel Guarding Ltd en vertu "
        "d'un contrat (ci-après « l'Autorité »),",
    ], ["veille au respect"]),
    "outside_state": (outside_only, [
        "La Force soutenue opère en dehors des structures de l'État, et l'Autorité n'en "
        "assure pas le commandement. L'Autorité coordonne avec l'OIM l'appui fourni à ce "
        "groupe, use de ses bons offices auprès de celui-ci",
        "par l'intermédiaire de laquelle l'appui à la Milice du Front du Nord est demandé "
        "et coordonné",
        "S'agissant de ce groupe, les obligations que le présent Mémorandum met à la charge "
        "de l'Autorité quant à la conduite du personnel, à l'usage de l'appui et aux biens "
        "fournis s'entendent comme l'obligation de les porter à la connaissance de ce groupe "
        "en tant que conditions de l'appui, d'user de ses bons offices pour en obtenir le "
        "respect et d'informer l'OIM sans délai de tout manquement porté à sa connaissance ; "
        "les mentions des biens donnés dans le présent Mémorandum s'entendent également des "
        "biens que l'OIM remet à ce groupe dans le cadre du Projet, qu'aucun acte de "
        "donation ne couvre. L'appui fourni à ce groupe demeure subordonné à leur respect, "
        "et l'OIM peut le suspendre ou y mettre fin lorsqu'elles ne sont pas respectées.",
    ], ["veille au respect", "pour prise de connaissance"]),
    "regional": (regional, [
        ", autorité responsable du commandement et du contrôle de la Force régionale de "
        "stabilisation (ci-après « l'Autorité »),",
        "y compris par l'intermédiaire des États qui fournissent ces personnels.",
    ], ["autorité nationale responsable", "autorités nationales responsables"]),
}


def in_french(data: dict[str, Any]) -> dict[str, Any]:
    """The English names of the relation cases, given in French too."""
    french_names = {
        "Kestavia": "la Kestavie", "Border management support in Kestavia":
        "Appui à la gestion des frontières en Kestavie", "Orvel crossing": "le poste d'Orvel",
        "IOM Kestavia": "OIM Kestavie", "Northern Front Militia": "la Milice du Front du Nord",
        "Regional Stabilization Force": "la Force régionale de stabilisation",
        "Commission of the Regional Security Community":
        "la Commission de la Communauté régionale de sécurité",
        "Sentinel Guarding Ltd": "Sentinel Guarding Ltd",
        "Ministry of Interior of Kestavia": "le Ministère de l'intérieur de la Kestavie",
        "Document examination kits": "Trousses d'examen des documents",
        "First-aid kits": "Trousses de premiers secours",
    }

    return given_in(data, "fr", french_names, "Fonction en français")


def given_in(data: dict[str, Any], language: str, names: dict[str, str],
             title: str) -> dict[str, Any]:
    """``data`` with each English value of ``names`` given in ``language`` too, and every
    person's title."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        if isinstance(node, str) and node in names:
            return {"en": node, language: names[node]}
        return node

    data = walk(data)
    for person in _people(data):
        person["title"] = {"en": person["title"], language: title}
    return data


def _people(data: dict[str, Any]) -> list[dict[str, Any]]:
    people = [data["project"]["chief_of_mission"]]
    ownership = data["preconditions"]["national_ownership"]
    people += [ownership["government_focal_point"], ownership["iom_counterpart"]]
    for recipient in data["recipients"]:
        people.append(recipient["focal_point"])
        if recipient.get("authority_signatory"):
            people.append(recipient["authority_signatory"])
    return people


@pytest.mark.parametrize("relation", list(RELATIONS_FR))
def test_the_french_mou_says_what_the_authority_undertakes_for_each_relation(
        tmp_path, library, relation):
    change, expected, absent = RELATIONS_FR[relation]
    text = text_of(load(tmp_path, in_french(change(base()))), library, "fr")
    for sentence in expected:
        assert french(sentence) in text, sentence
    for words in absent:
        assert words not in text, words


def test_how_the_authoritys_obligations_read_for_a_group_it_does_not_command(tmp_path,
                                                                            library):
    """A group outside State structures: the Authority neither commands it nor holds what
    it receives, so the MOU says how the Authority's obligations read for that group, once,
    after the group's own sentence; the donated items include the group's only when it
    receives items; a State force alone has no such sentence."""
    reading = "As regards that group, the obligations that this Memorandum places on"
    items = "references in this Memorandum to the donated items include the items that IOM"
    mixed = text_of(load(tmp_path, non_state_group(base())), library, "en")
    assert mixed.count(reading) == 1 and mixed.count(items) == 1
    group_at = mixed.index("The Northern Front Militia operates outside State structures")
    assert group_at < mixed.index(reading)
    assert mixed.index("Kestavian Border Police") < group_at

    without_items = outside_only(base())
    without_items["activities"][0].update(kind="training", items=[])
    text = text_of(load(tmp_path, without_items), library, "en")
    assert reading in text and items not in text
    assert "no deed of donation covers" not in text
    assert "The support to that group remains conditional on their observance" in text

    assert reading[:12] not in text_of(load(tmp_path, base()), library, "en")


def test_the_spanish_mou_says_how_the_obligations_read_for_a_group(tmp_path, library):
    from cases import non_state_group as group

    data = group(base())
    data["recipients"] = data["recipients"][1:]
    data["activities"] = data["activities"][1:]
    data["assessment"]["risks"][0].pop("recipients", None)
    spanish = {"Kestavia": "Kestavia", "Border management support in Kestavia":
               "Apoyo a la gestión de fronteras en Kestavia", "Orvel crossing":
               "el paso de Orvel", "IOM Kestavia": "OIM Kestavia", "Northern Front Militia":
               "la Milicia del Frente Norte", "First-aid kits": "Botiquines",
               "Ministry of Interior of Kestavia": "el Ministerio del Interior de Kestavia"}
    data = given_in(data, "es", spanish, "Cargo en español")
    text = text_of(load(tmp_path, data), library, "es")
    assert ("En lo que respecta a ese grupo, las obligaciones que el presente Memorando "
            "impone a la Autoridad en cuanto a la conducta del personal") in text
    assert ("las menciones de los bienes donados en el presente Memorando comprenden también "
            "los bienes que la OIM entregue a ese grupo en el marco del Proyecto, que no están "
            "amparados por ninguna escritura de donación.") in text


def test_forces_of_two_relations_are_each_named_in_their_own_sentence(tmp_path, library):
    data = base()
    data["recipients"].append({
        "id": "sentinel", "name": "Sentinel Guarding Ltd", "category": "private_security",
        "authority": "Ministry of Interior of Kestavia",
        "focal_point": {"name": "Rui Vale", "title": "Operations Manager"}})
    data["activities"][0]["recipients"] = ["kbp", "sentinel"]
    data["activities"][0]["items"][0]["recipient"] = "sentinel"
    text = text_of(load(tmp_path, data), library, "en")
    assert ("The Authority shall ensure respect for international humanitarian, human rights "
            "and refugee law by the Kestavian Border Police in every operation") in text
    assert "The Authority shall, as the authority that has contracted Sentinel Guarding Ltd" \
        in text
    assert "by the Supported Forces in every operation" not in text


# The catalogs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_mou_sentence_exists_in_each_language_and_is_current(language):
    assert catalog.stale("mou", language) == []
    assert set(catalog.entries("mou", language)) == set(catalog.entries("mou", "en"))


def test_every_mou_entry_is_used_by_the_builder_or_a_renderer():
    sources = (TEMPLATES / "mou" / "build_template.py").read_text("utf-8")
    for module in ("mou.py", "mou_parties.py"):
        sources += (Path(mou.__file__).parent / module).read_text("utf-8")
    from hrdd_docs.render import docx_layout  # the opening and page frame they share

    sources += Path(docx_layout.__file__).read_text("utf-8")
    # keys a renderer builds from a prefix: f"kind.{…}", f"role.{…}", f"commitment.{…}"…
    built = ("kind.", "role.", "commitment.", "noncompliance.")
    unused = [key for key in catalog.entries("mou", "en")
              if f'"{key}"' not in sources and not any(
                  key.startswith(prefix) and f'f"{prefix}' in sources for prefix in built)]
    assert unused == []


def test_the_english_activity_kinds_are_the_vocabulary_labels():
    for kind in SupportKind:
        assert catalog.text("mou", f"kind.{kind.value}", "en") == kind.label


def test_a_stale_mou_entry_is_refused(monkeypatch):
    from hrdd_docs import yamlsource

    text = resources.read_text("templates", "mou", "text", "es.yaml")
    stale = text.replace("    Memorandum of Understanding\n", "    Memorandum of Agreement\n", 1)
    assert stale != text
    catalog.entries.cache_clear()
    monkeypatch.setattr(catalog, "_read", lambda kind, language: yamlsource.parse(
        stale if (kind, language) == ("mou", "es") else
        resources.read_text("templates", kind, "text", f"{language}.yaml"), "x").data)
    try:
        with pytest.raises(catalog.CatalogError, match="title: stale, the English text "
                                                        "changed since"):
            catalog.entries("mou", "es")
    finally:
        catalog.entries.cache_clear()


# Bilingual MOUs, bytes and XML ------------------------------------------------------------


@pytest.mark.parametrize(("languages", "first", "second", "authentic"), [
    (("fr", "en"), "Mémorandum d'accord", "Memorandum of Understanding",
     ["chacun en français et en anglais, les deux textes faisant également foi.",
      "at Esse City in three originals, each in French and English, both texts being "
      "equally authentic."]),
    (("es", "en"), "Memorando de Entendimiento", "Memorandum of Understanding",
     ["cada uno en español y en inglés, siendo ambos textos igualmente auténticos.",
      "each in Spanish and English, both texts being equally authentic."]),
    (("en", "fr"), "Memorandum of Understanding", "Mémorandum d'accord",
     ["each in English and French, both texts being equally authentic.",
      "chacun en anglais et en français, les deux textes faisant également foi."]),
])
def test_a_bilingual_mou_holds_both_texts_and_one_set_of_signatures(
        darvonia, library, languages, first, second, authentic):
    data = mou_in(darvonia, library, *languages)
    text = "\n".join(paragraphs(data))
    first_at, second_at = text.index(first), text.index(second, text.index(first) + 1)
    assert first_at < second_at
    purpose = {"en": "Article 1. Purpose and scope",
               "fr": "Article premier – Objet et champ d'application",
               "es": "Artículo 1. Objeto y alcance"}
    for language in languages:
        assert text.count(purpose[language]) == 1, language
    for sentence in authentic:
        assert text.count(sentence) == 1, sentence
    # one testimonium per language, after both texts, and one set of signature blocks
    witnesses = [text.index(s) for s in authentic]
    assert min(witnesses) > text.index(purpose[languages[1]])
    signing = "\n".join(docx_text(data).split("\n"))
    own = {"en": "For the Ministry of Interior of Darvonia",
           "fr": "Pour le Ministère de l'intérieur de la Darvonie",
           "es": "Por el Ministerio del Interior de Darvonia"}
    assert own[languages[0]] in signing
    assert own[languages[1]] not in signing
    assert text.count("Amara Okonjo") == 1
    assert mou_in(darvonia, library, *languages) == data


@pytest.mark.parametrize("languages", [("fr", "en"), ("es", "en"), ("en", "fr")])
def test_each_text_of_a_bilingual_mou_has_its_own_header_and_footer(darvonia, library,
                                                                    languages):
    import docx

    data = mou_in(darvonia, library, *languages)
    sections = docx.Document(io.BytesIO(data)).sections
    assert len(sections) == 2
    title = {"en": "Memorandum of Understanding · DV-CS-0412",
             "fr": "Mémorandum d'accord · DV-CS-0412",
             "es": "Memorando de Entendimiento · DV-CS-0412"}
    office = {"en": "IOM Darvonia", "fr": "OIM Darvonie", "es": "OIM Darvonia"}
    for section, language in zip(sections, languages, strict=True):
        header = "".join(p.text for p in section.header.paragraphs)
        footer = "".join(p.text for p in section.footer.paragraphs)
        assert title[language] in header and "IOM-DV/MOU/2026/07" in header, language
        assert footer.startswith(office[language]), (language, footer)
        assert not section.header.is_linked_to_previous
    # the first text's section ends before the second text's title
    body = docx.Document(io.BytesIO(data)).element.body
    ends = body.xpath("./w:p[w:pPr/w:sectPr]")
    assert len(ends) == 1
    after = "".join(body[list(body).index(ends[0]) + 1].xpath(".//w:t/text()"))
    assert after == {"en": "Memorandum of Understanding", "fr": "Mémorandum d'accord",
                     "es": "Memorando de Entendimiento"}[languages[1]]


@pytest.mark.parametrize("languages", [("en",), ("fr",), ("es",), ("fr", "en")])
def test_the_mou_is_byte_stable_and_strict_xml_in_every_language(darvonia, library,
                                                                 languages):
    data = mou_in(darvonia, library, *languages)
    assert mou_in(darvonia, library, *languages) == data
    parser = etree.XMLParser(recover=False, resolve_entities=False, no_network=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(package.read(name), parser=parser)


@pytest.mark.parametrize("languages", [("fr",), ("es",), ("es", "en")])
def test_no_internal_finding_reaches_the_mou_in_any_language(darvonia, library, languages):
    internal = [a.findings for _, a in darvonia.assessment.elements.items() if a.findings]
    internal += [r.description for r in darvonia.assessment.risks]
    internal += [m.description for m in darvonia.mitigations]
    internal += [i.detected for i in darvonia.procedure.log]
    everything = all_xml_text(mou_in(darvonia, library, *languages))
    for text in internal:
        for variant in {str(text), *getattr(text, "variants", {}).values()}:
            assert variant[:40] not in everything, variant


def test_a_bilingual_build_writes_one_mou(runner, tmp_path, example_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["build", str(example_path), "-o", str(out), "--only", "mou",
                                 "--lang", "fr,en"])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in out.iterdir())
    assert made == ["drv-esse-police-mou.docx", "manifest.json"]
    text = docx_text((out / "drv-esse-police-mou.docx").read_bytes())
    assert "Mémorandum d'accord" in text and "Memorandum of Understanding" in text


@requires_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_opens_the_mou_in_each_language(tmp_path, darvonia, library):
    from hrdd_docs.office import convert, pdf_text

    made = {"fr": mou_in(darvonia, library, "fr"), "es": mou_in(darvonia, library, "es"),
            "small-fr": mou_in(load(tmp_path, french_project()), library, "fr"),
            "fr-en": mou_in(darvonia, library, "fr", "en")}
    expected = {
        "fr": ["Article premier – Objet et champ d'application", "1er mars 2026",
               "tous les trois mois", "en trois exemplaires originaux en français"],
        "es": ["Artículo 1. Objeto y alcance", "31 de agosto de 2027",
               "Memorando de Entendimiento"],
        "small-fr": ["Mémorandum d'accord", "Le Projet se déroule du 1er avril 2026",
                     "Ministère de l'intérieur de la Kestavie"],
        "fr-en": ["les deux textes faisant également foi", "both texts being equally "
                  "authentic", "Article 1. Purpose and scope"],
    }
    for name, data in made.items():
        source = tmp_path / f"mou-{name}.docx"
        source.write_bytes(data)
        text = " ".join(pdf_text(convert(source, "pdf", tmp_path / "pdf")).split())
        text = text.replace(NBSP, " ").replace("\u202f", " ")
        for words in expected[name]:
            assert words in text, (name, words)
    # each page of the bilingual MOU carries the header and footer of its own text
    pages = pdf_text(convert(tmp_path / "mou-fr-en.docx", "pdf", tmp_path / "pdf")).split("\f")
    pages = [" ".join(page.split()) for page in pages if page.strip()]
    english = next(n for n, page in enumerate(pages) if "Article 1. Purpose and scope" in page)
    for number, page in enumerate(pages, start=1):
        if number <= english:
            assert "Mémorandum d'accord · DV-CS-0412" in page, number
            assert f"Page {number} sur {len(pages)}" in page, number
        else:
            assert "Memorandum of Understanding · DV-CS-0412" in page, number
            assert f"Page {number} of {len(pages)}" in page, number
    assert "both texts being equally authentic" in pages[-1]
