"""Hand-written synthetic articles for the story tests (fictional events, written for these tests)."""

from __future__ import annotations

from lagebild.model import Article

FLOOD = [
    "Nach tagelangem Starkregen ist der Fluss Wendel in der Kleinstadt Auenfeld über die Ufer getreten.",
    "Die Feuerwehr evakuierte am Dienstagabend rund 400 Bewohner aus der Altstadt, wie Bürgermeisterin "
    "Hanna Kessler mitteilte.",
    "Die Turnhalle der Gesamtschule dient seit der Nacht als Notunterkunft für die Betroffenen.",
    "Nach Angaben des Technischen Hilfswerks stieg der Pegel bis zum Morgen auf 5,80 Meter.",
    "Der Deich an der Mühlenstraße sei an zwei Stellen aufgeweicht und werde mit Sandsäcken gesichert.",
    "Landrat Peter Omland sprach von der schwersten Überschwemmung seit dem Jahr 1954.",
    "Auch die Bahnstrecke zwischen Auenfeld und Grünbach ist unterbrochen, Ersatzbusse sind eingerichtet.",
    "Die Wetterdienste erwarten erst zum Wochenende ein Ende der Niederschläge.",
    "Mehrere Landwirte melden überflutete Weiden und vermisste Tiere.",
    "Das Innenministerium kündigte Soforthilfen für geschädigte Haushalte und Betriebe an.",
]

EDITED_LEAD = ("Hochwasser in Auenfeld: Hunderte Menschen mussten in der Nacht ihre Häuser verlassen, "
               "weil die Wendel nach anhaltendem Regen die Altstadt überschwemmt hat.")

OTHER_SAME_TOPIC = (
    "Die Lage in Auenfeld bleibt angespannt. Noch immer steht das Wasser der Wendel in vielen Kellern der "
    "Altstadt, berichten Anwohner. Helfer aus den Nachbargemeinden füllen seit Tagen Sandsäcke. Bürgermeisterin "
    "Kessler lobte den Einsatz der Freiwilligen und forderte eine rasche Sanierung der Deiche. Viele Familien "
    "wohnen weiterhin bei Verwandten, einige in einer Notunterkunft. Der Landrat will nach dem Ende des Regens "
    "eine Bilanz der Schäden vorlegen, Versicherer rechnen mit Millionenbeträgen."
)

UNRELATED = (
    "Der Stadtrat von Lindholm hat am Montag einen neuen Haushalt beschlossen. Größter Posten sind die "
    "Sanierung von drei Grundschulen und ein neues Hallenbad. Die Opposition kritisierte die steigende "
    "Verschuldung der Stadt, Kämmerer Jonas Brandt verteidigte die Investitionen als überfällig. Ab dem "
    "kommenden Jahr steigen zudem die Gebühren für Müllabfuhr und Parkplätze in der Innenstadt."
)


def article(text: str, *, source: str, published: str | None = "2024-03-05", title: str | None = None) -> Article:
    """An Article as a reader would make it (id from source, title and text)."""
    return Article(text=text, source=source, title=title, published=published, published_precision="day")


def flood_original() -> Article:
    return article(" ".join(FLOOD), source="agentur", title="Hochwasser in Auenfeld: 400 Menschen evakuiert")
