"""The import from the report's table: every category of mess, repaired by rule and logged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CURATED, RAW_TABLE, ROOT

from gremien_rdf.errors import InputError
from gremien_rdf.source.pdftext import repair_broken_words
from gremien_rdf.source.rawtable import draft_yaml, import_table, repairs_tsv, rule_counts
from gremien_rdf.source.register import load_register

REPAIR_LOG = ROOT / "data" / "source" / "repairs.tsv"


@pytest.fixture(scope="module")
def draft(vocabularies):
    curated = load_register(CURATED, vocabularies)
    return import_table(RAW_TABLE, vocabularies, curated)


def test_import_reproduces_the_curated_register(draft):
    """Every field of data/gremien.yaml is the import's output (ids, places kept)."""
    curated = yaml.safe_load(CURATED.read_text("utf-8"))
    assert yaml.safe_load(draft_yaml(draft)) == curated


def test_import_without_curated_file_derives_the_same_source_fields(vocabularies):
    fresh = import_table(RAW_TABLE, vocabularies)
    curated = yaml.safe_load(CURATED.read_text("utf-8"))
    assert len(fresh.bodies) == 44
    curated_only = {"id", "place"}
    for new, old in zip(fresh.bodies, curated["bodies"], strict=True):
        assert {k: v for k, v in new.items() if k not in curated_only} == {
            k: v for k, v in old.items() if k not in curated_only
        }
    assert fresh.report["title"] == "Monitor Menschenhandel in Deutschland"
    assert fresh.report["issued"] == "2024-10"
    assert "landing_page" not in fresh.report  # not in the table's text: curated


def test_committed_repair_log_is_current(draft):
    assert REPAIR_LOG.read_text("utf-8") == repairs_tsv(draft.repairs)


def test_repairs_by_rule_match_the_source(draft):
    # Counted by hand in data/source/datenanhang-2-koordinierende-gremien.txt.
    counts = rule_counts(draft.repairs)
    assert counts["repeated-header"] == 6  # 7 header lines, the first is the real one
    assert counts["page-break-continuation"] == 5  # rows 7, 28 (two cells), 34, 41
    assert counts["broken-word"] == 8  # 6x "Menschenhand el" rows, NRW, "Rheinland- Pfalz"
    assert counts["renamed-body"] == 2  # Hessen 2024, Sachsen-Anhalt 2023
    assert counts["suspended-hyphen"] == 22
    assert counts["qualified-participation"] == 4  # geplant, Wechselnde, anlassbezogen, ggf.
    assert counts["participant-detail"] == 1  # Polizei (Bundespolizei, BKA, ...)
    assert counts["focus-since"] == 1 and counts["focus-note"] == 1


def _repair(draft, row, rule):
    return [(r.column, r.before, r.after) for r in draft.repairs if r.row == row and r.rule == rule]


def test_broken_words_are_joined_even_in_the_verbatim_text(draft):
    assert _repair(draft, 37, "broken-word") == [
        ("Titel", "Arbeitsgruppe Menschenhandel Rheinland- Pfalz",
         "Arbeitsgruppe Menschenhandel Rheinland-Pfalz"),
        ("Schwerpunkt", "Menschenhand el / alle Ausbeutungsfo rmen",
         "Menschenhandel / alle Ausbeutungsformen"),
    ]
    nrw = draft.bodies[35]
    assert nrw["land"] == "Nordrhein-Westfalen"
    assert nrw["source"]["land"] == "Nordrhein-Westfalen"


def test_author_wording_stays_verbatim(draft):
    leipzig = draft.bodies[43]
    assert leipzig["source"]["participants"] == (
        "Polizei, Zoll, Ordnungs-, Gesundheits-, Finanzbehörden, FBS, Beratungsstellen"
    )
    assert leipzig["participants"] == [
        "Polizei", "Zoll", "Ordnungsbehörden", "Gesundheitsbehörden", "Finanzbehörden",
        "Fachberatungsstellen", "Beratungsstellen",
    ]
    kassel = draft.bodies[28]
    assert kassel["source"]["focus"] == "MH (alle Ausbeutungsformen)"
    assert kassel["focus"] == ["Menschenhandel / alle Ausbeutungsformen"]


def test_row_continued_across_a_page_break(draft):
    berlin = draft.bodies[6]
    assert berlin["title"] == "Fachkommission Menschenhandel"
    assert berlin["source"]["focus"] == "Menschenhandel / alle Ausbeutungsformen"
    hannover = draft.bodies[33]
    assert hannover["title"] == (
        "AG Milieu, Prostitution, Menschenhandel des Kommunalen Präventionsrates Hannover"
    )


def test_renamed_bodies_carry_their_history(draft):
    hessen = draft.bodies[27]
    assert hessen["title"] == "Menschenhandel und Arbeitsausbeutung in Hessen stoppen"
    assert hessen["title_since"] == 2024
    assert hessen["former_titles"] == [
        {"title": "Runder Tisch „Bekämpfung des Menschenhandels“", "until": 2024}
    ]
    assert hessen["focus"] == [
        "Menschenhandel / sexuelle Ausbeutung",
        {"area": "Menschenhandel / Arbeitsausbeutung", "since": 2024},
    ]
    anhalt = draft.bodies[40]
    assert anhalt["former_titles"] == [{"title": "Beirat der Fachstelle VERA", "until": 2023}]
    assert anhalt["title"] == (
        "Interministerieller Koordinierungskreis gegen Frauenhandel, Zwangsverheiratung, "
        "ehrbezogene Gewalt"
    )


def test_qualified_participation(draft):
    assert draft.bodies[6]["participants"][-1] == {
        "actor": "Fachberatungsstellen", "status": "geplant"}
    assert draft.bodies[38]["participants"][-1] == {
        "actor": "Fachberatungsstellen", "status": "anlassbezogen"}
    assert draft.bodies[41]["participants"][-1] == {"actor": "Weitere", "status": "gegebenenfalls"}
    assert draft.bodies[35]["participants"] == [
        {"actor": "Fachberatungsstellen", "status": "wechselnd"},
        {"actor": "Behörden", "status": "wechselnd"},
        {"actor": "Zivilgesellschaft", "status": "wechselnd"},
    ]
    assert draft.bodies[29]["participants"][:5] == [
        "Polizei", "Bundespolizei", "Bundeskriminalamt", "Landespolizei", "Landeskriminalamt"]


def test_spelling_variants_become_one_value(draft):
    levels = {b["source"]["level"]: b["level"] for b in draft.bodies}
    assert levels["kommunal/regional"] == levels["Kommunal / Regional"] == "Kommunal / Regional"
    assert draft.bodies[5]["focus"] == [
        {"area": "Menschenhandel / alle Ausbeutungsformen", "note": "nur Frauen"}]


def test_no_pdf_artefact_survives(draft):
    artefacts = ("Menschenhand el", "Ausbeutungsfo rmen", "- Westfalen", "- Pfalz")
    for body in draft.bodies:
        text = yaml.safe_dump(body, allow_unicode=True)
        assert not any(a in text for a in artefacts), body["id"]
        assert not body["title"].endswith((".", " des"))


def test_repair_broken_words_rule():
    lexicon = {"Menschenhandel", "Nordrhein-Westfalen", "Weg", "Wegweiser", "weiser"}
    assert repair_broken_words("Menschenhand el / x", lexicon) == "Menschenhandel / x"
    assert repair_broken_words("Nordrhein- Westfalen", lexicon) == "Nordrhein-Westfalen"
    # both halves are words: not a layout break
    assert repair_broken_words("Weg weiser", lexicon) == "Weg weiser"
    # punctuation between the pieces: not a break
    assert repair_broken_words("Menschenhand, el", lexicon) == "Menschenhand, el"


def _table(tmp_path: Path, *rows: str, front: tuple[str, ...] | list[str] = ()) -> Path:
    header = "Bundesland\tTitel\tEbene\tSchwerpunkt\tTeilnehmende Akteure\tTurnus"
    path = tmp_path / "table.txt"
    lines = [*front, "Tabelle 1: Test", "", header, *rows, "", "Quelle: Test"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("rows", "line", "message"),
    [
        (["Bayern\tAG\tLandesebene\tSexarbeit\tPolizei"], 4, "needs 6 tab-separated cells"),
        (["\tx\t\t\t\t"], 4, "continuation line"),
        (["Bayren\tAG\tLandesebene\tSexarbeit\tPolizei\tEinmal jährlich"], 4, "unknown Land"),
        (["Bayern\tAG\tLandesebene\tSexarbeit\tPolizie\tEinmal jährlich"], 4,
         "unknown actor type 'Polizie'"),
        (["Bayern\tAG\tLandesebene\tSexarbeit\tOrdnungs-, Polizei\tEinmal jährlich"], 4,
         "cannot complete Ordnungs-"),
        (["Bayern\tAG\tLandesebene\tSexarbeit\tPolizei, Ordnungs-\tEinmal jährlich"], 4,
         "ends with a hyphen"),
        (["Bayern\tAG\tLandesebene\tSexarbeit\tPolizei, LKA, Polizei\tEinmal jährlich"], 4,
         "twice"),
    ],
)
def test_bad_table_is_reported_at_its_line(tmp_path, vocabularies, rows, line, message):
    with pytest.raises(InputError) as raised:
        import_table(_table(tmp_path, *rows), vocabularies)
    problem = raised.value.problems[0]
    assert problem.position is not None and problem.position.line == line
    assert message in str(problem)


def test_missing_header_and_bad_encoding(tmp_path, vocabularies):
    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no table header"):
        import_table(empty, vocabularies)
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Bundesland\n\nM\xe4rz\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.txt:3:2: error: byte 0xe4 is not UTF-8"):
        import_table(latin, vocabularies)


def test_repairs_are_logged_at_the_line_that_holds_their_text(draft):
    # row 28 starts at line 56; "(seit 2024 auch Arbeitsausbeutung)" stands on line 59,
    # after the page break
    assert [(r.line, r.rule) for r in draft.repairs if r.row == 28 and r.column == "Schwerpunkt"
            ] == [(59, "page-break-continuation"), (59, "focus-since")]


def test_front_and_back_matter_are_kept(draft):
    assert draft.report["publisher"] == "Deutsches Institut für Menschenrechte"
    assert draft.report["department"] == "Berichterstattungsstelle Menschenhandel"
    assert draft.report["part"] == "Datenanhang 2: Koordinierende Gremien in den Bundesländern"
    assert draft.report["source_citation"] == (
        "DIMR Monitor (2024): Befragung zur Umsetzung der Europaratskonvention gegen "
        "Menschenhandel bei Bund, Ländern und Zivilgesellschaft, 2024")


FRONT = ["**Institut**", "Stelle", "**Datenanhang 9: Test**", "Monitor Test", "Bericht",
         "Mai 2026"]


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        ([], 9, "the table has no rows"),
        (["Bayern\tAG\tLandesebene\tSexarbeit\tPolizei\tEinmal jährlich", "Seite 2",
          "Bayern\tAG 2\tLandesebene\tSexarbeit\tPolizei\tEinmal jährlich"], 11,
         "a line without tab-separated cells inside the table"),
    ],
)
def test_table_structure_errors(tmp_path, vocabularies, lines, line, message):
    with pytest.raises(InputError) as raised:
        import_table(_table(tmp_path, *lines, front=FRONT), vocabularies)
    problem = raised.value.problems[0]
    assert (problem.position.line, message in problem.message) == (line, True), str(problem)


def test_missing_front_matter_is_an_error_unless_curated(tmp_path, vocabularies):
    table = _table(tmp_path, "Bayern\tAG\tLandesebene\tSexarbeit\tPolizei\tEinmal jährlich")
    with pytest.raises(InputError, match="does not give the report's id, title, edition"):
        import_table(table, vocabularies)
    curated = load_register(CURATED, vocabularies)
    report = import_table(table, vocabularies, curated).report
    assert report["title"] == "Monitor Menschenhandel in Deutschland"  # from the curated file
    assert report["table"] == "Tabelle 1: Test"  # from the text


def test_two_rows_matching_one_curated_body_is_an_error(tmp_path, vocabularies):
    row = "Saarland\tJour Fixe\tLandesebene\tSexarbeit\tPolizei\tEinmal jährlich"
    curated = load_register(CURATED, vocabularies)
    with pytest.raises(InputError, match="matches the curated body 'sl-jour-fixe'"):
        import_table(_table(tmp_path, row, row), vocabularies, curated)
