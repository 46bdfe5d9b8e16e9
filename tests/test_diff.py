"""`gremien-rdf diff OLD NEW` (#15): the register of the repository against a next edition
made from it in this module, with the edits a later report brings (written down below, each
with what the diff must say of it); each side as a YAML file and as a git revision; the
formats text, Markdown and JSON (checked against its schema); exit codes 0, 1 and 2."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CURATED, RAW_TABLE, SETTINGS

from gremien_rdf.cli import cli
from gremien_rdf.errors import display_path

SCHEMA = (Path(__file__).resolve().parents[1] / "src" / "gremien_rdf" / "editions"
          / "diff.schema.json")


def body(register: dict, body_id: str) -> dict:
    return next(b for b in register["bodies"] if b["id"] == body_id)


def next_edition(old: dict) -> dict:
    """The register with the edits of an invented next edition (not the report's data)."""
    new = copy.deepcopy(old)
    new["report"]["edition"] = "Zweiter Periodischer Bericht"
    new["report"]["issued"] = "2026-05"
    # renamed, id kept, the rename recorded: matched by id, renamed in 2025
    kassel = body(new, "he-runder-tisch-menschenhandel-kassel")
    kassel["title"] = "Runder Tisch gegen Menschenhandel und Ausbeutung Kassel"
    kassel["title_since"] = 2025
    kassel["former_titles"] = [{"title": "Runder Tisch gegen Menschenhandel Kassel",
                                "until": 2025}]
    # new id and title, the old title as a former one: matched by former title; and FBS
    # from "anlassbezogen" (as occasion requires) to firm
    jour = body(new, "sl-jour-fixe")
    jour.update(id="sl-jour-fixe-menschenhandel", title="Jour Fixe Menschenhandel",
                former_titles=[{"title": "Jour Fixe", "until": 2025}])
    jour["participants"] = [p if isinstance(p, str) else p["actor"]
                            for p in jour["participants"]]
    # new id, a title a little shorter, nothing recorded: matched by similar title
    meeting = body(new, "he-austauschtreffen-polizei-fbs")
    meeting.update(id="he-austausch-polizei-fbs",
                   title="Austauschtreffen Polizei und Fachberatungsstellen")
    # participants: FBS planned -> firm, Zoll added, Asylbehörden gone; frequency; the
    # report's cell text
    commission = body(new, "be-fachkommission-menschenhandel")
    commission["participants"] = ["Landesministerien", "Landeskriminalamt",
                                  "Staatsanwaltschaft", "Fachberatungsstellen", "Zoll"]
    commission["frequency"] = "Einmal jährlich"
    commission["source"]["participants"] = "Landesministerien, LKA, Staatsanwaltschaft, FBS, Zoll"
    # moved to another Land (a correction)
    body(new, "by-runder-tisch-prostituiertenschutzgesetz")["land"] = "Baden-Württemberg"
    # focus: labour exploitation's "since" dropped, Sexarbeit added
    hessen = body(new, "he-runder-tisch-menschenhandel")
    hessen["focus"] = ["Menschenhandel / sexuelle Ausbeutung",
                       "Menschenhandel / Arbeitsausbeutung", "Sexarbeit"]
    # place and level
    dresden = body(new, "sn-arbeitskreis-prostitution-dresden")
    dresden["place"] = "Dresden und Umland"
    # removed, and added
    new["bodies"].remove(body(new, "sl-arbeitskreis-prostitution"))
    new["bodies"].append({
        "id": "he-arbeitskreis-zoll", "land": "Hessen", "title": "Arbeitskreis Zoll",
        "level": "Landesebene", "focus": ["Faire Arbeit"], "participants": ["Zoll"],
        "frequency": "Mehrmals jährlich",
        "source": {"row": 45, "land": "Hessen", "title": "Arbeitskreis Zoll",
                   "level": "Landesebene", "focus": "Faire Arbeit", "participants": "Zoll",
                   "frequency": "Mehrmals jährlich"}})
    return new


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("editions")
    old = yaml.safe_load(CURATED.read_text("utf-8"))
    (folder / "old.yaml").write_bytes(CURATED.read_bytes())
    (folder / "new.yaml").write_text(yaml.safe_dump(next_edition(old), allow_unicode=True,
                                                    sort_keys=False), "utf-8")
    return folder / "old.yaml", folder / "new.yaml"


def diff(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *map(str, args)])
    return result.exit_code, result.output


def test_a_register_against_itself_is_equal(editions):
    old, _ = editions
    code, out = diff(old, old)
    assert code == 0, out
    assert out.endswith("(44 bodies)\nNo differences.\n")
    code, out = diff(old, old, "--format", "json")
    assert code == 0 and json.loads(out)["equal"] is True


#: what the diff must say of next_edition(), in English, after its first line; each line
#: follows from one edit above and the report's data (counts: Hessen has 3 bodies in the
#: report, Saarland 3, Bayern 2, Baden-Württemberg 14; 9 bodies name Zoll, 2 Asylbehörden)
EXPECTED_TEXT = """\
Report
~ edition: “Erster Periodischer Bericht” → “Zweiter Periodischer Bericht”
~ issued: “2024-10” → “2026-05”
Added (1)
+ he-arbeitskreis-zoll — Arbeitskreis Zoll (Hesse)
Removed (1)
- sl-arbeitskreis-prostitution — Arbeitskreis Prostitution (Saarland)
Changed (7)
~ by-runder-tisch-prostituiertenschutzgesetz — Runder Tisch Prostituiertenschutzgesetz \
(Baden-Württemberg); moved from Bavaria
~ be-fachkommission-menschenhandel — Fachkommission Menschenhandel (Berlin)
    participants: + Customs
    participants: − Asylum authorities
    participants, Specialist counselling centres: planned → firm
    frequency: Several times a year → Once a year
    source text, participants: “Landesministerien, LKA, Staatsanwaltschaft, Asylbehörden \
(geplant: FBS)” → “Landesministerien, LKA, Staatsanwaltschaft, FBS, Zoll”
~ he-runder-tisch-menschenhandel — Menschenhandel und Arbeitsausbeutung in Hessen stoppen \
(Hesse)
    focus: + Sex work
    focus, Human trafficking / labour exploitation: since 2024 → —
~ he-runder-tisch-menschenhandel-kassel — Runder Tisch gegen Menschenhandel und Ausbeutung \
Kassel (Hesse); renamed from “Runder Tisch gegen Menschenhandel Kassel” in 2025
    title since: — → 2025
    former titles: + “Runder Tisch gegen Menschenhandel Kassel” (until 2025)
~ he-austausch-polizei-fbs — Austauschtreffen Polizei und Fachberatungsstellen (Hesse); id \
was he-austauschtreffen-polizei-fbs; renamed from “Austauschtreffen zwischen Polizei und \
Fachberatungsstellen”; matched by similar title, 0.92
~ sl-jour-fixe-menschenhandel — Jour Fixe Menschenhandel (Saarland); id was sl-jour-fixe; \
renamed from “Jour Fixe” in 2025; matched by former title
    former titles: + “Jour Fixe” (until 2025)
    participants, Specialist counselling centres: as occasion requires → firm
~ sn-arbeitskreis-prostitution-dresden — Arbeitskreis Prostitution Dresden (Saxony)
    place: “Dresden” → “Dresden und Umland”
Bodies per Land
  Baden-Württemberg: 14 → 15
  Bavaria: 2 → 1
  Hesse: 3 → 4
  Saarland: 3 → 2
Bodies per actor type (counted by the one rule)
  Asylum authorities: 2 → 1
  Authorities: 26 → 24
  Counselling centres: 19 → 18
  Specialist counselling centres: 24 → 23
  Public health offices: 1 → 0
  Health authorities: 14 → 13
  Police: 36 → 35
  Others: 19 → 18
  Civil society: 35 → 34
  Customs: 9 → 11
"""


def test_the_text_names_every_change_of_the_next_edition(editions):
    old, new = editions
    code, out = diff(old, new)
    assert code == 1, out
    first, rest = out.split("\n", 1)
    assert first == f"{old} (44 bodies) → {new} (44 bodies)"
    assert rest == EXPECTED_TEXT


def test_the_markdown_has_a_section_per_kind_of_change(editions):
    old, new = editions
    code, out = diff(old, new, "--format", "markdown", "--lang", "de")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"## Register diff: {old} (44 bodies) → {new} (44 bodies)"
    assert [line for line in lines if line.startswith("### ")] == [
        "### Report", "### Added (1)", "### Removed (1)", "### Changed (7)",
        "### Bodies per Land", "### Bodies per actor type (counted by the one rule)"]
    # German labels; every body a list item; a change indented below its body
    assert "- ➕ he-arbeitskreis-zoll — Arbeitskreis Zoll (Hessen)" in lines
    commission = lines.index("- ✏️ be-fachkommission-menschenhandel — Fachkommission "
                             "Menschenhandel (Berlin)")
    assert lines[commission + 1:commission + 4] == [
        "  - Teilnehmende Akteure: + Zoll", "  - Teilnehmende Akteure: − Asylbehörden",
        "  - Teilnehmende Akteure, Fachberatungsstellen: geplant → fest"]
    assert "- Hessen: 3 → 4" in lines


def test_the_json_follows_its_schema_and_keeps_the_keys(editions):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency "
                                     "(LinkML's); pip install -e '.[dev]'")
    old, new = editions
    code, out = diff(old, new, "--format", "json")
    assert code == 1
    found = json.loads(out)
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(found)
    assert found["equal"] is False and found["old"]["bodies"] == found["new"]["bodies"] == 44
    assert [b["id"] for b in found["added"]] == ["he-arbeitskreis-zoll"]
    assert [b["id"] for b in found["removed"]] == ["sl-arbeitskreis-prostitution"]
    by_id = {change["new"]["id"]: change for change in found["changed"]}
    assert {key: (c["match"], c["similarity"], c["renamed_in"]) for key, c in by_id.items()
            if c["match"] != "id" or c["renamed_in"]} == {
        # the new title (49 characters, normalised) is the old one (58) without
        # "zwischen ": 2 × 49 / (58 + 49) = 0.916
        "he-austausch-polizei-fbs": ("similar title", 0.916, None),
        "sl-jour-fixe-menschenhandel": ("former title", None, 2025),
        "he-runder-tisch-menschenhandel-kassel": ("id", None, 2025)}
    commission = by_id["be-fachkommission-menschenhandel"]["changes"]
    assert [c["field"] for c in commission] == ["participants", "frequency", "source"]
    # participations as a set, sorted by actor key
    assert commission[0]["new"] == [{"actor": a, "status": None} for a in (
        "fbs", "landesministerien", "lka", "staatsanwaltschaft", "zoll")]
    assert {"actor": "fbs", "status": "geplant"} in commission[0]["old"]
    assert by_id["by-runder-tisch-prostituiertenschutzgesetz"]["changes"] == [
        {"field": "land", "old": "DE-BY", "new": "DE-BW"}]
    assert {c["key"]: (c["old"], c["new"]) for c in found["summary"]["land"]} == {
        "DE-BW": (14, 15), "DE-BY": (2, 1), "DE-HE": (3, 4), "DE-SL": (3, 2)}
    assert {"key": "zoll", "old": 9, "new": 11} in found["summary"]["akteur"]
    # a wrong document fails the schema: the check is real
    del found["summary"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(found)


def git(folder: Path, *args: str) -> str:
    run = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                          *args], cwd=folder, capture_output=True, text=True, check=True)
    return run.stdout.strip()


@pytest.fixture(scope="module")
def repository(tmp_path_factory, editions) -> Path:
    """A git repository with two commits of data/gremien.yaml: the register, then the
    next edition."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed (Debian package git)")
    old, new = editions
    folder = tmp_path_factory.mktemp("repository")
    git(folder, "init", "-q", "-b", "main")
    (folder / "data").mkdir()
    shutil.copy(old, folder / "data" / "gremien.yaml")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "first edition")
    git(folder, "tag", "v1")
    shutil.copy(new, folder / "data" / "gremien.yaml")
    git(folder, "commit", "-q", "-am", "second edition")
    (folder / "broken.yaml").write_text("report: [\n", "utf-8")
    git(folder, "add", "broken.yaml")
    git(folder, "commit", "-q", "-m", "a broken file")
    return folder


def test_git_revisions_are_sides_too(repository, editions, monkeypatch):
    old, new = editions
    monkeypatch.chdir(repository / "data")  # anywhere inside the repository
    code, out = diff("v1", "HEAD~1")
    assert code == 1
    first, rest = out.split("\n", 1)
    assert first == "v1:data/gremien.yaml (44 bodies) → HEAD~1:data/gremien.yaml (44 bodies)"
    assert rest == EXPECTED_TEXT
    # a revision against a file, and REV:PATH
    assert diff("v1:data/gremien.yaml", old)[0] == 0
    assert diff("HEAD~1", new)[0] == 0
    # in data/, gremien.yaml is the working copy: the same as main's
    code, out = diff("main", "gremien.yaml")
    assert (code, out.splitlines()[1:]) == (0, ["No differences."])


@pytest.mark.parametrize("side, said", [
    ("nowhere.yaml", "nowhere.yaml does not exist"),
    ("no-such-revision", "no-such-revision is neither a file nor a revision of the "
                         "repository"),
    ("v1:nowhere.yaml", "the revision v1 ("),
    ("HEAD:broken.yaml", "HEAD:broken.yaml:2:1: error: YAML syntax"),
    ("data", "data is a folder"),
])
def test_a_side_that_cannot_be_read_is_exit_2(repository, side, said, monkeypatch):
    monkeypatch.chdir(repository)
    code, out = diff(side, "HEAD")
    assert code == 2, out
    assert said in out
    assert "Traceback" not in out


def workflow_step() -> tuple[str, dict]:
    """The script and the environment of validate.yml's job-summary step."""
    workflow = yaml.safe_load((Path(__file__).resolve().parents[1] / ".github" / "workflows"
                               / "validate.yml").read_text("utf-8"))
    [step] = [step for step in workflow["jobs"]["validate"]["steps"]
              if "GITHUB_STEP_SUMMARY" in step.get("run", "")]
    assert step["if"] == "always() && github.event_name == 'pull_request'"
    return step["run"], step["env"]


@pytest.mark.parametrize("edit, code, summary", [
    ("next edition", 0, "### Added (1)"),
    ("none", 0, "No differences."),
    ("broken", 1, None),  # a register that cannot be read fails the step (exit 2 of diff)
])
def test_the_workflow_writes_the_pull_requests_diff_into_the_job_summary(
        repository, editions, tmp_path, edit, code, summary):
    """validate.yml's step run as GitHub runs it (bash -e), in a clone of a repository whose
    main holds the first edition, with the pull request's register in the working tree."""
    script, env = workflow_step()
    assert env == {"BASE": "${{ github.base_ref }}"}
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(repository), str(origin))
    git(origin, "update-ref", "refs/heads/main", "v1")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", f"file://{origin}", str(checkout))
    register = checkout / "data" / "gremien.yaml"
    if edit == "next edition":
        shutil.copy(editions[1], register)
    elif edit == "broken":
        register.write_text("bodies: [\n", "utf-8")
    job_summary = tmp_path / "summary.md"
    job_summary.write_text("earlier steps' summary\n", "utf-8")
    run = subprocess.run(["bash", "-e", "-c", script], cwd=checkout, capture_output=True,
                         text=True, env={**os.environ, "BASE": "main",
                                         "GITHUB_STEP_SUMMARY": str(job_summary),
                                         "PATH": f"{Path(sys.executable).parent}:"
                                                 f"{os.environ['PATH']}"})
    assert run.returncode == code, run.stderr
    written = job_summary.read_text("utf-8")
    assert written.startswith("earlier steps' summary\n")  # appended, not replaced
    if summary is None:
        assert "data/gremien.yaml:2:1: error: YAML syntax" in run.stderr
    else:
        lines = written.splitlines()
        assert lines[1] == ("## Register diff: origin/main:data/gremien.yaml (44 bodies) → "
                            "data/gremien.yaml (44 bodies)")
        assert summary in lines


NEXT_RAW = Path(__file__).parent / "data" / "editions" / "datenanhang-2-zweite-ausgabe.txt"


def test_an_edition_import_keeps_the_ids_and_prints_what_it_changes(tmp_path):
    """The invented next edition (tests/data/editions/README.md lists its edits) imported
    against the curated register: ids kept for the bodies found again, one proposed for the
    new body, and the diff printed after the repairs."""
    draft = tmp_path / "next.yaml"
    result = CliRunner().invoke(cli, ["import", str(NEXT_RAW), "--curated", str(CURATED),
                                      "--output", str(draft)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    curated, shown = display_path(CURATED), display_path(draft)  # as the command names them
    start = lines.index(f"Changes from {curated} (gremien-rdf diff {curated} {shown}):")
    assert lines[start + 1:start + 10] == [
        f"{curated} (44 bodies) → {shown} (44 bodies)",
        "Report",
        "~ edition: “Erster Periodischer Bericht” → “Zweiter Periodischer Bericht”",
        "~ issued: “2024-10” → “2026-05”",
        "Added (1)",
        "+ he-arbeitskreis-arbeitsausbeutung-frankfurt — Arbeitskreis Arbeitsausbeutung "
        "Frankfurt (Hesse)",
        "Removed (1)",
        "- sl-arbeitskreis-prostitution — Arbeitskreis Prostitution (Saarland)",
        "Changed (2)",
    ]
    assert ("~ he-runder-tisch-menschenhandel-kassel — Netzwerk gegen Menschenhandel und "
            "Ausbeutung Kassel (Hesse); renamed from “Runder Tisch gegen Menschenhandel "
            "Kassel” in 2025") in lines
    assert "    participants, Specialist counselling centres: planned → firm" in lines
    # the added row (after Hessen's last) moves the 9 rows from Hamburg to Saarland's Jour
    # Fixe down by one; the removed row was below them
    moved = lines[lines.index("Only their row of the report's table changed (9)") + 1:]
    assert moved[:9] == [f"~ {body}: {row} → {row + 1}" for row, body in enumerate([
        "hh-runder-tisch-zwangsprostitution", "hh-runder-tisch-zwangsarbeit",
        "hh-runder-tisch-prostitution", "ni-ag-milieu-prostitution-menschenhandel-hannover",
        "ni-kooperationserlasstagung", "nw-fachaustausch-menschenhandel-zwangsprostitution",
        "rp-arbeitsgruppe-menschenhandel", "sl-runder-tisch-menschenhandel", "sl-jour-fixe"],
        start=31)]
    # the row split across a page break comes back whole: Chemnitz is unchanged
    written = yaml.safe_load(draft.read_text("utf-8"))
    chemnitz = body(written, "sn-arbeitskreis-prostitution-chemnitz")
    assert chemnitz == body(yaml.safe_load(CURATED.read_text("utf-8")),
                            "sn-arbeitskreis-prostitution-chemnitz")
    assert not any(line.startswith("~ sn-") for line in lines)


def test_the_reports_own_table_imported_against_the_register_changes_nothing(tmp_path):
    draft = tmp_path / "same.yaml"
    result = CliRunner().invoke(cli, ["import", str(RAW_TABLE), "--curated", str(CURATED),
                                      "--output", str(draft)])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"{display_path(CURATED)} (44 bodies) → "
                                  f"{display_path(draft)} (44 bodies)\nNo differences.\n")


VOCABULARIES = Path(__file__).resolve().parents[1] / "ontology" / "vocabularies"


def edited_actor_types(text: str) -> str:
    """akteure.ttl of an invented later version: Zoll moved below Behörden and its English
    label changed, and a concept added."""
    zoll = ('<akteur/zoll> a skos:Concept, org:Role, gmh:ActorType ;\n'
            '    skos:inScheme <akteur> ;\n'
            '    skos:topConceptOf <akteur> ;\n'
            '    skos:prefLabel "Zoll"@de, "Customs"@en .\n')
    assert text.count(zoll) == 1
    return text.replace(zoll, (
        '<akteur/zoll> a skos:Concept, org:Role, gmh:ActorType ;\n'
        '    skos:inScheme <akteur> ;\n'
        '    skos:broader <akteur/behoerden> ;\n'
        '    skos:prefLabel "Zoll"@de, "Customs administration"@en .\n\n'
        '<akteur/arbeitsschutz> a skos:Concept, org:Role, gmh:ActorType ;\n'
        '    skos:inScheme <akteur> ;\n'
        '    skos:broader <akteur/behoerden> ;\n'
        '    skos:prefLabel "Arbeitsschutzbehörden"@de, "Occupational safety authorities"@en .\n'))


@pytest.fixture(scope="module")
def vocabulary_repository(tmp_path_factory) -> Path:
    """Two commits of the same register with the vocabularies beside it: as shipped, then
    with edited_actor_types."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed (Debian package git)")
    folder = tmp_path_factory.mktemp("vocabularies")
    git(folder, "init", "-q", "-b", "main")
    (folder / "data").mkdir()
    shutil.copy(CURATED, folder / "data" / "gremien.yaml")
    shutil.copytree(VOCABULARIES, folder / "ontology" / "vocabularies")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "as shipped")
    actor_types = folder / "ontology" / "vocabularies" / "akteure.ttl"
    actor_types.write_text(edited_actor_types(actor_types.read_text("utf-8")), "utf-8")
    git(folder, "commit", "-q", "-am", "Zoll below Behörden")
    return folder


#: the bodies whose participants name Zoll (the report's table: "Zoll" in 9 rows)
ZOLL = ["bb-dialogforum-prostitution", "bb-runder-tisch-opferschutz-berlin-brandenburg",
        "bw-ag-menschenhandel-arbeitsausbeutung", "hb-austausch-operative-behoerden-moba",
        "he-runder-tisch-menschenhandel-kassel", "he-austauschtreffen-polizei-fbs",
        "hh-runder-tisch-zwangsarbeit", "sn-arbeitskreis-prostitution-dresden",
        "sn-arbeitskreis-prostitution-leipzig"]


def test_vocabulary_changes_of_a_revision_and_their_effect(vocabulary_repository,
                                                           monkeypatch):
    """Each revision is read with its own vocabularies: the same register under a changed
    hierarchy gives the concepts' changes, and the bodies that now count under another
    concept (Behörden: 26 bodies count for it in the report; with Zoll below it, the 3 of
    the 9 Zoll bodies that named no authority before count too: 29)."""
    monkeypatch.chdir(vocabulary_repository)
    code, out = diff("HEAD~1", "HEAD")
    assert code == 1, out
    assert out.splitlines()[1:] == [
        "Vocabularies (3 concepts)",
        "+ akteur/arbeitsschutz — Occupational safety authorities",
        "~ akteur/zoll: labels changed",
        "    en: “Customs” → “Customs administration”",
        "~ akteur/zoll — Customs administration: broader — → Authorities",
        "    the 9 bodies that name it (or a narrower concept) now count under Authorities "
        "too",
        "    they are: " + ", ".join(ZOLL),
        "Bodies per actor type (counted by the one rule)",
        "  Authorities: 26 → 29",
    ]
    code, out = diff("HEAD~1", "HEAD", "--format", "json")
    found = json.loads(out)
    assert [(c["scheme"], c["key"], c["change"]) for c in found["vocabularies"]] == [
        ("akteur", "arbeitsschutz", "added"), ("akteur", "zoll", "relabelled"),
        ("akteur", "zoll", "moved")]
    moved = found["vocabularies"][2]
    assert (moved["old"], moved["new"], moved["bodies"], moved["now_under"],
            moved["no_longer_under"]) == ([], ["behoerden"], ZOLL, ["behoerden"], [])
    assert found["summary"]["akteur"] == [{"key": "behoerden", "old": 26, "new": 29}]
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency "
                                     "(LinkML's); pip install -e '.[dev]'")
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8"))).validate(found)
    # back again: moved up, the bodies no longer count under Behörden
    code, out = diff("HEAD", "HEAD~1")
    assert "    the 9 bodies that name it (or a narrower concept) no longer count under " \
           "Authorities" in out.splitlines()
    assert "- akteur/arbeitsschutz — Occupational safety authorities" in out.splitlines()


def test_a_broken_vocabulary_in_a_revision_is_named_there(vocabulary_repository, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(vocabulary_repository)
    actor_types = vocabulary_repository / "ontology" / "vocabularies" / "akteure.ttl"
    saved = actor_types.read_bytes()
    try:
        actor_types.write_text("<akteur/zoll> a skos:Concept ;\n", "utf-8")
        git(vocabulary_repository, "commit", "-q", "-am", "broken")
        code, out = diff("HEAD~1", "HEAD")
        assert code == 2, out
        assert "HEAD:ontology/vocabularies/akteure.ttl:" in out
        assert "Turtle syntax in the vocabulary" in out
    finally:
        git(vocabulary_repository, "reset", "-q", "--hard", "HEAD~1")
        assert actor_types.read_bytes() == saved


@pytest.fixture(scope="module")
def next_build(tmp_path_factory, editions) -> Path:
    """The next edition built (dist/ with every dump); it passes the shapes."""
    from gremien_rdf.api import build

    output = tmp_path_factory.mktemp("next") / "dist"
    build(editions[1], output, None)
    return output


@pytest.mark.parametrize("what", ["", "gremien.ttl", "gremien.nt", "gremien.jsonld"],
                         ids=["dist", "turtle", "n-triples", "json-ld"])
def test_a_build_and_each_dump_give_the_diff_the_yaml_gives(dist, next_build, what):
    """Read back from RDF, the records are those of the YAML: a build against itself is
    equal to its register, and the two builds give EXPECTED_TEXT word for word."""
    old, new = dist / what, next_build / what
    assert diff(old, CURATED)[0] == 0
    code, out = diff(old, new)
    assert code == 1, out
    first, rest = out.split("\n", 1)
    assert first == f"{display_path(old)} (44 bodies) → {display_path(new)} (44 bodies)"
    assert rest == EXPECTED_TEXT


def test_what_is_no_build_is_exit_2(dist, tmp_path):
    code, out = diff(tmp_path, CURATED)
    assert code == 2 and "is a folder without gremien.nt" in out, out
    code, out = diff(dist / "ontology.ttl", CURATED)
    assert code == 2 and "holds 0 reports (gmh:Report), not one" in out, out
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", "utf-8")
    code, out = diff(broken, CURATED)
    assert code == 2 and f"{broken}:1:" in out and "cannot parse the file" in out, out


CHANGESET_SHAPES = (Path(__file__).resolve().parents[1] / "shapes" / "changes"
                    / "changeset.shapes.ttl")


def test_the_change_set_conforms_and_turns_the_old_graph_into_the_new(editions):
    """--format turtle: the Changeset vocabulary's change sets pass their shapes (pySHACL),
    and the old side's graph with every cs:removal taken away and every cs:addition added
    is the new side's graph, statement for statement."""
    import pyshacl
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from gremien_rdf.editions.changeset import side_graph
    from gremien_rdf.editions.sides import load_side
    from gremien_rdf.rdf.vocabularies import load_vocabularies

    old, new = editions
    code, out = diff(old, new, "--format", "turtle")
    assert code == 1
    changes = Graph().parse(data=out, format="turtle")
    shapes = Graph().parse(CHANGESET_SHAPES)
    conforms, _, said = pyshacl.validate(changes, shacl_graph=shapes, advanced=True)
    assert conforms, said
    cs = Namespace("http://purl.org/vocab/changeset/schema#")
    vocabularies = load_vocabularies()
    before = side_graph(load_side(str(old), vocabularies))
    after = side_graph(load_side(str(new), vocabularies))

    def statements(kind):
        return {(changes.value(s, RDF.subject), changes.value(s, RDF.predicate),
                 changes.value(s, RDF.object)) for s in changes.objects(None, kind)}

    removed, added = statements(cs.removal), statements(cs.addition)
    assert removed and added and not removed & added
    assert (set(before) - removed) | added == set(after)
    body = "https://w3id.org/gremien-rdf/gremium/"
    assert set(changes.subject_objects(DCTERMS.replaces)) == {
        (URIRef(body + "he-austausch-polizei-fbs"),
         URIRef(body + "he-austauschtreffen-polizei-fbs")),
        (URIRef(body + "sl-jour-fixe-menschenhandel"), URIRef(body + "sl-jour-fixe"))}
    # one change set per resource; a participation's says what its body's says
    subjects = [changes.value(s, cs.subjectOfChange)
                for s in changes.subjects(RDF.type, cs.ChangeSet)]
    assert len(subjects) == len(set(subjects))
    status = next(s for s in changes.subjects(cs.subjectOfChange, URIRef(
        body + "be-fachkommission-menschenhandel/teilnahme/fbs")))
    assert str(changes.value(status, cs.changeReason)).startswith(
        "be-fachkommission-menschenhandel — Fachkommission Menschenhandel (Berlin); "
        "participants: + Customs; participants: − Asylum authorities; participants, "
        "Specialist counselling centres: planned → firm")
    assert statements(cs.removal) >= {(
        URIRef(body + "be-fachkommission-menschenhandel/teilnahme/fbs"),
        URIRef("https://w3id.org/gremien-rdf/def#status"),
        URIRef("https://w3id.org/gremien-rdf/teilnahmestatus/geplant"))}
    # the shapes are real: a statement about another resource fails them (the SPARQL
    # constraint), and so does a change set without its resource
    first = next(changes.objects(None, cs.addition))
    changes.set((first, RDF.subject, URIRef(body + "elsewhere")))
    conforms, _, said = pyshacl.validate(changes, shacl_graph=shapes, advanced=True)
    assert not conforms and "is about the resource the change set names" in said
    changes.remove((next(changes.subjects(RDF.type, cs.ChangeSet)), cs.subjectOfChange, None))
    conforms, _, said = pyshacl.validate(changes, shacl_graph=shapes, advanced=True)
    assert not conforms and "names exactly one resource" in said


def test_an_equal_pair_is_an_empty_change_set(editions):
    code, out = diff(editions[0], editions[0], "--format", "turtle")
    assert code == 0
    from rdflib import Graph

    assert len(Graph().parse(data=out, format="turtle")) == 0


# --- versions in the published metadata (#15, point 4) ---------------------------------------

RELEASED = """\
versions:
  - version: 0.9.0
    issued: 2026-10-01
    register: released/gremien-0.9.0.yaml
"""


def settings_with(folder: Path, versions: str) -> Path:
    """publication.yaml with `versions` appended, in `folder`."""
    settings = folder / "publication.yaml"
    settings.write_text(SETTINGS.read_text("utf-8") + versions, "utf-8")
    return settings


@pytest.fixture(scope="module")
def versioned_build(tmp_path_factory, editions) -> Path:
    """The next edition built as version 1.0.0 of settings whose one earlier version,
    0.9.0, is the report's register (a copy kept beside the settings)."""
    from gremien_rdf.api import load

    folder = tmp_path_factory.mktemp("versioned")
    (folder / "released").mkdir()
    shutil.copy(editions[0], folder / "released" / "gremien-0.9.0.yaml")
    settings = settings_with(folder, RELEASED)
    load(editions[1], settings=settings).write(folder / "dist")
    return folder / "dist"


def test_the_catalogue_describes_each_version_with_notes_from_the_diff(versioned_build):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF
    from test_metadata import govdata_report, severities

    from gremien_rdf.rdf.namespaces import DCAT

    catalog = Graph().parse(versioned_build / "catalog.ttl")
    dataset = URIRef("https://w3id.org/gremien-rdf/datensatz/gremien")
    earlier = URIRef("https://w3id.org/gremien-rdf/datensatz/gremien/version/0.9.0")
    notes = URIRef("http://www.w3.org/ns/adms#versionNotes")
    assert list(catalog.objects(dataset, DCAT.hasVersion)) == [earlier]
    assert list(catalog.objects(dataset, DCAT.previousVersion)) == [earlier]
    assert catalog.value(dataset, DCAT.version) == Literal("1.0.0")
    assert catalog.value(earlier, DCAT.version) == Literal("0.9.0")
    assert (earlier, RDF.type, DCAT.Dataset) in catalog
    assert catalog.value(earlier, DCTERMS.issued) == Literal("2026-10-01",
                                                              datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#date"))
    assert str(catalog.value(earlier, notes)) == "The first version: 44 bodies."
    assert not list(catalog.objects(earlier, DCAT.previousVersion))
    assert not list(catalog.objects(earlier, DCAT.distribution))
    # the notes of the current version, from next_edition()'s edits
    assert catalog.value(dataset, notes) == Literal(
        "Changes from version 0.9.0: 1 body added (he-arbeitskreis-zoll); 1 body removed "
        "(sl-arbeitskreis-prostitution); 3 bodies renamed (he-runder-tisch-menschenhandel-"
        "kassel, he-austausch-polizei-fbs, sl-jour-fixe-menschenhandel); 4 bodies otherwise "
        "changed (by-runder-tisch-prostituiertenschutzgesetz, be-fachkommission-menschenhandel, "
        "he-runder-tisch-menschenhandel, sn-arbeitskreis-prostitution-dresden); the report's "
        "edition, issued. Now 44 bodies (gremien-rdf diff lists every change).", lang="en")
    # GovData's full profile accepts the version datasets as it accepts the dataset
    assert severities(govdata_report(catalog)) == []


@pytest.mark.parametrize("versions, said", [
    ("versions:\n  - version: 0.9.0\n    issued: 2026-10-01\n    register: nowhere.yaml\n",
     "the register of version 0.9.0, nowhere.yaml, is not there"),
    (RELEASED.replace("version: 0.9.0", "version: 1.0.0"),
     "versions lists the current version 1.0.0"),
    (RELEASED.replace("2026-10-01", "2026-12-24"),
     "the last earlier version, 0.9.0, was released on 2026-12-24, after this one"),
    (RELEASED + "  - version: 0.8.0\n    issued: 2026-09-01\n    register: "
                "released/gremien-0.9.0.yaml\n",
     "version 0.8.0 (2026-09-01) is listed after 0.9.0 (2026-10-01), which is later"),
    (RELEASED.replace("version: 0.9.0", "version: 0.9 beta"),
     "version '0.9 beta' cannot be part of an IRI"),
    (RELEASED.replace("    register: released/gremien-0.9.0.yaml\n", ""),
     "register"),
])
def test_a_wrong_list_of_versions_is_exit_2_at_its_line(tmp_path, editions, versions, said):
    (tmp_path / "released").mkdir()
    shutil.copy(editions[0], tmp_path / "released" / "gremien-0.9.0.yaml")
    settings = settings_with(tmp_path, versions)
    result = CliRunner().invoke(cli, ["build", str(editions[1]), "--settings", str(settings),
                                      "--output", str(tmp_path / "dist")])
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert f"{settings}:" in result.output  # file:line of the problem
    assert not (tmp_path / "dist").exists()


def main_of(page: Path) -> str:
    """The text of a page's <main>, tags removed, white space made single."""
    import html
    import re

    source = page.read_text("utf-8")
    main = source[source.index("<main"):source.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def test_the_changes_page_lists_each_version_and_links_the_bodies(versioned_build):
    site = versioned_build / "site"
    text = main_of(site / "en" / "aenderungen.html")
    assert text.startswith("Changes Each version of the data, newest first")
    # newest first: 1.0.0 with next_edition()'s edits, then 0.9.0, the first
    assert text.index("Version 1.0.0 of 2026-11-27") < text.index("Version 0.9.0 of 2026-10-01")
    assert "Version 0.9.0 of 2026-10-01 The first version: 44 bodies." in text
    assert ("Added Arbeitskreis Zoll Removed Arbeitskreis Prostitution Renamed Runder Tisch "
            "gegen Menschenhandel Kassel → Runder Tisch gegen Menschenhandel und Ausbeutung "
            "Kassel Austauschtreffen zwischen Polizei und Fachberatungsstellen → "
            "Austauschtreffen Polizei und Fachberatungsstellen Jour Fixe → Jour Fixe "
            "Menschenhandel Changed") in text
    assert ("Fachkommission Menschenhandel : Participating actors, Frequency, Verbatim text "
            "of the table") in text
    assert "The report's details edition , issued" in text
    html = (site / "aenderungen.html").read_text("utf-8")
    # a body of the current register is linked, a removed one is not
    assert '<a href="gremium/he-arbeitskreis-zoll.html" lang="de">Arbeitskreis Zoll</a>' in html
    assert '<span lang="de">Arbeitskreis Prostitution</span>' in html
    assert "gremium/sl-arbeitskreis-prostitution.html" not in html
    assert "Geändert" in html and "Teilnehmende Akteure, Turnus, Wortlaut der Tabelle" in html
    # every page links it from its footer
    assert '<a href="../aenderungen.html">Änderungen</a>' in (
        site / "gremium" / "he-arbeitskreis-zoll.html").read_text("utf-8")


def test_a_body_page_shows_its_history_across_a_change_of_id(versioned_build):
    site = versioned_build / "site"
    jour = main_of(site / "en" / "gremium" / "sl-jour-fixe-menschenhandel.html")
    assert ("History Version 0.9.0 : added in this version Version 1.0.0 : renamed; before: "
            "“Jour Fixe” Version 1.0.0 : changed: Identifier, Former names, Participating "
            "actors") in jour
    zoll = main_of(site / "gremium" / "he-arbeitskreis-zoll.html")
    assert "Verlauf Version 1.0.0 : neu in dieser Version" in zoll
    html = (site / "gremium" / "he-arbeitskreis-zoll.html").read_text("utf-8")
    assert '<a href="../aenderungen.html#version-1.0.0">Version 1.0.0</a>' in html
    # a body the versions did not touch: only where it came in
    dresden = main_of(site / "en" / "gremium" / "sn-arbeitskreis-prostitution-leipzig.html")
    assert "History Version 0.9.0 : added in this version Cite" in dresden


def test_without_earlier_versions_the_changes_page_names_the_first_and_bodies_no_history(
        dist):
    site = dist / "site"
    text = main_of(site / "aenderungen.html")
    assert text.endswith("Version 1.0.0 vom 2026-11-27 Die erste Version: 44 Gremien.")
    assert "Verlauf" not in main_of(site / "gremium" / "sl-jour-fixe.html")


@pytest.mark.parametrize("what", ["revision", "dist", "gremien.ttl", "gremien.nt",
                                  "gremien.jsonld"])
def test_every_format_says_the_same_through_every_kind_of_side(editions, repository, dist,
                                                               next_build, what,
                                                               monkeypatch):
    """Markdown, JSON and the change set from a revision, a build or a dump are those from
    the YAML files, but for the names of the sides."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    old, new = editions
    if what == "revision":
        monkeypatch.chdir(repository)
        sides: tuple[str | Path, str | Path] = ("v1", "HEAD~1")
    else:
        sides = (dist / what.replace("dist", ""), next_build / what.replace("dist", ""))
    for fmt in ("markdown", "json", "turtle"):
        expected = diff(old, new, "--format", fmt)
        found = diff(*sides, "--format", fmt)
        assert found[0] == expected[0] == 1
        if fmt == "markdown":
            assert found[1].split("\n", 1)[1] == expected[1].split("\n", 1)[1]
        elif fmt == "json":
            mine, theirs = json.loads(found[1]), json.loads(expected[1])
            for side in ("old", "new"):
                assert mine[side].pop("name") != theirs[side].pop("name")
            assert mine == theirs
        else:
            assert isomorphic(Graph().parse(data=found[1], format="turtle"),
                              Graph().parse(data=expected[1], format="turtle"))


def test_on_a_terminal_the_text_is_in_colour_and_in_a_pipe_plain(editions, tmp_path,
                                                                  monkeypatch):
    """+ green, - red, ~ yellow, sections bold (ANSI SGR) when standard output is a
    terminal; the words are the same as in a pipe, where no escape appears. With NO_COLOR,
    no colour; a control character of a side's name shows as an escape either way."""
    import re

    from conftest import run_on_terminal

    old, new = editions
    code, shown = run_on_terminal([sys.executable, "-m", "gremien_rdf", "diff", str(old),
                                   str(new)])
    assert code == 1, shown
    lines = shown.splitlines()
    assert "\x1b[32m+ he-arbeitskreis-zoll — Arbeitskreis Zoll (Hesse)\x1b[0m" in lines
    assert ("\x1b[31m- sl-arbeitskreis-prostitution — Arbeitskreis Prostitution "
            "(Saarland)\x1b[0m") in lines
    assert "\x1b[1mAdded (1)\x1b[0m" in lines
    assert any(line.startswith("\x1b[33m~ be-fachkommission-menschenhandel") for line in lines)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert plain.split("\n", 1)[1] == EXPECTED_TEXT
    assert "\x1b" not in diff(old, new)[1]
    # a file named with ESC: its name escaped, the colours real; NO_COLOR: no colours
    odd = tmp_path / "odd\x1b[2J.yaml"
    shutil.copy(new, odd)
    monkeypatch.setenv("NO_COLOR", "1")
    code, shown = run_on_terminal([sys.executable, "-m", "gremien_rdf", "diff", str(old),
                                   str(odd)])
    assert code == 1 and "\x1b" not in shown, shown
    assert shown.splitlines()[0].endswith("odd\\x1b[2J.yaml (44 bodies)")
    assert shown.split("\n", 1)[1] == EXPECTED_TEXT
