"""A page per body: its facts, participants, focus areas, history and citation, and the body
described for search engines (schema.org)."""

from __future__ import annotations

from typing import Any

from gremien_rdf.model import Body
from gremien_rdf.site.pages import FIELD_WORDS, SCHEMA_ORG_CONTEXT, UI, Pages


class BodyPages(Pages):

    def body(self, body: Body, lang: str) -> None:
        iri = self.iris.body(body.id)
        path = f"gremium/{body.id}"
        alternates = self.representations(path, self.s.data, iri)
        view = self.body_view(body, lang)
        report = self.s.register.report
        schema = {
            "@context": SCHEMA_ORG_CONTEXT,
            "@type": "Organization",
            "@id": str(iri),
            "name": body.title,
            "identifier": body.id,
            "url": str(iri),
            **({"alternateName": [f.title for f in body.former_titles]}
               if body.former_titles else {}),
            **self.area_served(body),
        }
        t = UI[lang]
        # the tab title names the Land: several Länder have a "Jour Fixe"
        title = f"{body.title} ({view['land'][1]})"
        summary = (f"{title}: {view['level'][1]}, {view['frequency'][1]}. {t['focus']}: "
                   + "; ".join(f["label"] for f in view["focus"]) + f". {t['actors']}: "
                   + ", ".join(a["label"] for a in view["actors"]) + ".")
        self.page(path, "body.html", lang, title, alternates, schema, summary=summary,
                  body=view, report=report, citation=self.citation(body, lang),
                  history=self.history_of(body.id, lang))

    def history_of(self, body_id: str, lang: str) -> list[tuple[str, str]]:
        """The body's history over the versions, oldest first: (version, what happened, in
        words); empty without earlier versions in the settings."""
        t = UI[lang]
        said = []
        for version, kind, detail in self.s.history.get(body_id, ()):
            if kind == "added":
                said.append((version, t["history_added"]))
            elif kind == "renamed":
                said.append((version, t["history_renamed"].format(old=detail[0])))
            else:
                said.append((version, t["history_changed"].format(fields=", ".join(
                    t[FIELD_WORDS[key]] for key in detail))))
        return said

    def area_served(self, body: Body) -> dict[str, Any]:
        """schema.org's areaServed, as far as the report says it: the place a municipal body
        names, the Land of a body at Land level; nothing for the others."""
        if body.place:
            return {"areaServed": {"@type": "Place", "name": body.place}}
        if body.level == "landesebene":
            return {"areaServed": {"@type": "AdministrativeArea",
                                   "name": self.label("land", body.land, "de")}}
        return {}
