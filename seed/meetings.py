"""Demo meetings: held ones with minutes, scheduled ones, one open date poll."""

# Dates are ISO strings (fixed) or ints (days relative to the day of seeding).
# The tables are aligned by hand, so the formatter leaves them alone.
# fmt: off


# ---------------------------------------------------------------------------------------------
# Meetings: group, title, days from today (None: date poll still open), duration in minutes,
# location, online link, agenda items between the standard opening and closing items:
# (title, description, result for the minutes of a held meeting).
# A negative day gives a held meeting with minutes, a positive one a scheduled meeting.
# ---------------------------------------------------------------------------------------------
ONLINE = "https://konferenz.mitteldeutschland.example/"

MEETINGS = [
    ("LA", "11. Sitzung des Lenkungsausschusses", -60, 150,
     "Geschäftsstelle der Metropolregion, Schillerstraße 5, 04109 Leipzig", None, [
         ("Berichte aus den Arbeits- und Projektgruppen", "Kurzberichte der Leitungen",
          "Die Leitungen berichten über die Arbeit des laufenden Jahres. Der Lenkungsausschuss "
          "dankt für die Berichte und bittet um eine Übersicht der Vorhaben für das kommende "
          "Jahr."),
         ("Haushalt und Arbeitsprogramm", "Entwurf der Geschäftsstelle",
          "Der Entwurf wird mit einer Änderung beim Veranstaltungsbudget zur Beschlussfassung "
          "an den Vorstand empfohlen."),
     ]),
    ("LA", "12. Sitzung des Lenkungsausschusses", 90, 150,
     "Stadt Halle (Saale), Ratshof, Marktplatz 1, 06108 Halle (Saale)", None, [
         ("Jahresplanung der Arbeits- und Projektgruppen", "Vorlage der Geschäftsstelle", None),
         ("Vorbereitung der Mitgliederversammlung", None, None),
     ]),
    ("AG LRE", "22. Sitzung der AG Landes- und Regionalentwicklung", -150, 180,
     "Sächsisches Staatsministerium für Regionalentwicklung, Archivstraße 1, 01097 Dresden",
     None, [
         ("Stand der Landesentwicklungspläne in Sachsen, Sachsen-Anhalt und Thüringen",
          "Berichte der drei Ministerien",
          "Die Ministerien berichten zum Stand der Verfahren. Sachsen-Anhalt plant die "
          "öffentliche Auslegung des Entwurfs im kommenden Jahr; Thüringen hat die "
          "Beteiligung abgeschlossen."),
         ("Raumbeobachtung Mitteldeutschland: gemeinsame Indikatoren",
          "Vorschlag der Martin-Luther-Universität",
          "Prof. Dr. Albrecht stellt zwölf gemeinsame Indikatoren vor. Die AG stimmt dem "
          "Vorschlag grundsätzlich zu; die Planungsverbände liefern bis zur nächsten Sitzung "
          "Daten für einen Testlauf."),
     ]),
    ("AG LRE", "23. Sitzung der AG Landes- und Regionalentwicklung", -40, 180,
     "Ministerium für Infrastruktur und Digitales, Turmschanzenstraße 30, 39114 Magdeburg",
     None, [
         ("Länderübergreifende Abstimmung von Vorranggebieten für Windenergie",
          "Austausch der Planungsregionen",
          "Die Planungsstellen stellen ihre Entwürfe an den Ländergrenzen vor. Konflikte "
          "bestehen an zwei Stellen; sie werden bilateral weiter abgestimmt."),
         ("Strukturwandel im Mitteldeutschen Revier: raumordnerische Begleitung", None,
          "Die AG vereinbart, die Flächenbedarfe der Strukturwandelprojekte in einer "
          "gemeinsamen Karte darzustellen."),
     ]),
    ("AG LRE", "24. Sitzung der AG Landes- und Regionalentwicklung", 35, 180,
     "Thüringer Ministerium für Infrastruktur und Landwirtschaft, Werner-Seelenbinder-Straße "
     "8, 99096 Erfurt", None, [
         ("Entwurf des Raumbeobachtungsberichts Mitteldeutschland", "Vorlage folgt", None),
         ("Arbeitsprogramm der AG für das kommende Jahr", None, None),
     ]),
    ("AG WS", "31. Sitzung der AG Wirtschaft und Standortentwicklung", -120, 150,
     "IHK zu Leipzig, Goerdelerring 5, 04109 Leipzig", None, [
         ("Cluster Automotive und Chemie/Kunststoffe: Lagebericht", None,
          "Die Kammern berichten über die Auftragslage. Die AG regt einen gemeinsamen "
          "Zulieferertag für Automotive und Chemie an."),
         ("Ansiedlungsprojekte und gemeinsames Standortmarketing", None,
          "IMG und Wirtschaftsförderungen stimmen den gemeinsamen Messeauftritt auf der "
          "EXPO REAL ab."),
     ]),
    ("AG WS", "32. Sitzung der AG Wirtschaft und Standortentwicklung", 21, 150,
     "IHK Halle-Dessau, Franckestraße 5, 06110 Halle (Saale)", None, [
         ("Logistikstandort Mitteldeutschland: Flächenbedarfe bis 2035", None, None),
         ("Ernährungswirtschaft als Zukunftsbranche", "Impuls aus den Kammern", None),
     ]),
    ("AG WF", "18. Sitzung der AG Wissenschaft und Forschung", -200, 150,
     "Universität Leipzig, Neues Augusteum, Augustusplatz 10, 04109 Leipzig", None, [
         ("Verbundvorhaben in der Exzellenzstrategie", None,
          "Die Universitäten stellen ihre Clusteranträge vor. Eine gemeinsame "
          "Stellungnahme der Länder wird nicht angestrebt."),
         ("Koordination der Landesstrategien für Wissenschaft und Forschung", None,
          "Die Ministerien tauschen ihre Zeitpläne aus und benennen Ansprechpersonen."),
     ]),
    ("AG WF", "19. Sitzung der AG Wissenschaft und Forschung", -70, 120,
     "Videokonferenz", ONLINE + "ag-wf", [
         ("Transferstrategien der Hochschulen", "Impulse HTWK Leipzig und TU Chemnitz",
          "Die Transferstellen vereinbaren einen gemeinsamen Workshop im Frühjahr."),
         ("Forschungsinfrastrukturen in Mitteldeutschland: gemeinsame Übersicht", None,
          "Die Geschäftsstelle erstellt eine Übersicht auf Grundlage der Meldungen der "
          "Partner."),
     ]),
    ("AG WF", "20. Sitzung der AG Wissenschaft und Forschung", 49, 150,
     "Friedrich-Schiller-Universität Jena, Fürstengraben 1, 07743 Jena", None, [
         ("Wissenschaftsstandort Mitteldeutschland im internationalen Marketing", None, None),
         ("Nachwuchsgewinnung in der Forschung", None, None),
     ]),
    ("AG VM", "40. Sitzung der AG Verkehr und Mobilität", -180, 180,
     "Mitteldeutscher Verkehrsverbund, Prager Straße 8, 04103 Leipzig", None, [
         ("S-Bahn Mitteldeutschland: Netzerweiterung und Taktverdichtung", "Bericht des MDV",
          "Der MDV stellt die Planungen für den nächsten Fahrplanwechsel vor. Die Länder "
          "prüfen die Finanzierung der zusätzlichen Leistungen."),
         ("Schienenanbindung des Flughafens Leipzig/Halle", None,
          "Die AG bittet die Länder, die Anbindung gemeinsam gegenüber dem Bund zu "
          "vertreten."),
     ]),
    ("AG VM", "41. Sitzung der AG Verkehr und Mobilität", -50, 180,
     "Hallesche Verkehrs-AG, Freiimfelder Straße 74, 06112 Halle (Saale)", None, [
         ("Deutschlandticket: Auswirkungen auf die Verkehrsverbünde", None,
          "Die Verbünde berichten über Fahrgastzuwächse und Einnahmeverluste. Die AG "
          "verabschiedet ein gemeinsames Positionspapier."),
         ("Mobilitätsstationen in der Region", "Erfahrungen aus Leipzig und Halle",
          "Leipzig und Halle tauschen ihre Gestaltungsrichtlinien aus; der Landkreis "
          "Leipzig prüft eine Übernahme."),
     ]),
    ("AG VM", "42. Sitzung der AG Verkehr und Mobilität", None, 150,
     "Landeshauptstadt Erfurt, Rathaus, Fischmarkt 1, 99084 Erfurt", None, [
         ("Güterverkehr und Logistikknoten Mitteldeutschland", None, None),
         ("Radschnellverbindung Leipzig–Halle: Machbarkeitsstudie", None, None),
     ]),
    ("AG KT", "15. Sitzung der AG Kultur und Tourismus", -90, 150,
     "Stadt Weimar, Schwanseestraße 17, 99423 Weimar", None, [
         ("UNESCO-Welterbestätten in Mitteldeutschland: gemeinsame Vermarktung", None,
          "Die Tourismusorganisationen vereinbaren eine gemeinsame Welterbe-Broschüre."),
         ("Europäisches Kulturerbe-Siegel: Erfahrungsaustausch", None,
          "Dessau-Roßlau und Weimar berichten über ihre Erfahrungen mit dem Siegel."),
     ]),
    ("AG KT", "16. Sitzung der AG Kultur und Tourismus", 42, 150,
     "Leipzig Tourismus und Marketing GmbH, Augustusplatz 9, 04109 Leipzig", None, [
         ("Kulturregion Mitteldeutschland: Jahresthema", None, None),
         ("Abstimmung der Messeauftritte der Länder", None, None),
     ]),
    ("AG DB", "9. Sitzung der AG Demographie und Bildung", -110, 150,
     "Landeshauptstadt Magdeburg, Altes Rathaus, Alter Markt 6, 39104 Magdeburg", None, [
         ("Bevölkerungsprognosen der Länder im Vergleich", "Vortrag Prof. Dr. Wunderlich",
          "Die Prognosen zeigen Wachstum in Leipzig und Jena und Rückgang in den ländlichen "
          "Räumen. Die AG bittet um eine kleinräumige Auswertung."),
         ("Fachkräftesicherung: Rückkehrerinitiativen", None,
          "Die Kammern stellen ihre Rückkehrerbörsen vor; eine gemeinsame Plattform wird "
          "geprüft."),
     ]),
    ("AG DB", "10. Sitzung der AG Demographie und Bildung", 63, 150,
     "Stadt Gera, Rathaus, Kornmarkt 12, 07545 Gera", None, [
         ("Berufsorientierung in ländlichen Räumen", None, None),
         ("Ergebnisse der Umfrage zur Bildungswanderung", None, None),
     ]),
    ("PG IGF", "12. Sitzung der PG Industrie- und Gewerbeflächen", -160, 150,
     "Stadt Leipzig, Neues Rathaus, Martin-Luther-Ring 4–6, 04109 Leipzig", None, [
         ("Potenzialstudie für die neun Gebietskörperschaften: Auftakt",
          "Vorstellung des beauftragten Büros",
          "Das Büro stellt Methodik und Zeitplan vor. Die Gebietskörperschaften liefern "
          "ihre Flächendaten bis Ende des Quartals."),
         ("Gemeinsame Flächendatenbank", None,
          "Die AG beschließt, die Flächendatenbank der Stadt Leipzig als Grundlage zu "
          "nutzen."),
     ]),
    ("PG IGF", "13. Sitzung der PG Industrie- und Gewerbeflächen", -30, 150,
     "Landratsamt Saalekreis, Domplatz 9, 06217 Merseburg", None, [
         ("Zwischenergebnisse der Potenzialstudie", None,
          "Für 14 großflächige Standorte liegen Steckbriefe vor. Die Regionalen "
          "Planungsverbände prüfen die raumordnerische Vereinbarkeit."),
         ("Interkommunale Vermarktung großer Industrieflächen", None,
          "Ein gemeinsames Exposé für Flächen über 50 Hektar wird erarbeitet."),
     ]),
    ("PG IGF", "14. Sitzung der PG Industrie- und Gewerbeflächen", 14, 150,
     "Landratsamt Altenburger Land, Lindenaustraße 9, 04600 Altenburg", None, [
         ("Abschlussbericht der Potenzialstudie", "Entwurf liegt bei", None),
         ("Nächste Schritte: Vermarktungskonzept", None, None),
     ]),
    ("PG LS", "7. Sitzung der PG Life Sciences", -75, 120,
     "Fraunhofer IZI, Perlickstraße 1, 04103 Leipzig", None, [
         ("Rückblick auf die bionection", None,
          "Über 300 Teilnehmende und 700 Partnering-Gespräche; die Konferenz wird "
          "fortgesetzt."),
         ("Clusterpreis Life Sciences im IQ Innovationspreis Mitteldeutschland", None,
          "Die Jury wird um eine Vertretung aus Thüringen ergänzt."),
     ]),
    ("PG LS", "8. Sitzung der PG Life Sciences", 56, 120,
     "Videokonferenz", ONLINE + "pg-ls", [
         ("Planung der nächsten bionection", None, None),
         ("Mitteldeutscher Branchentreff Biotechnologie und Medizintechnik", None, None),
     ]),
    ("PG EM", "18. Sitzung der PG Elektromobilität", -240, 180,
     "Leipziger Verkehrsbetriebe, Georgiring 3, 04103 Leipzig", None, [
         ("Ladeinfrastruktur im öffentlichen Raum: Sachstand der Kommunen", None,
          "Die Städte berichten über den Ausbau; Chemnitz und Zwickau planen eine "
          "gemeinsame Ausschreibung."),
         ("Elektrobusse im ÖPNV: Erfahrungen von LVB und HAVAG", None,
          "LVB und HAVAG stellen Betriebserfahrungen aus dem Winter vor; die NASA bietet an, "
          "die Daten landesweit auszuwerten."),
     ]),
    ("PG EM", "19. Sitzung der PG Elektromobilität", -45, 180,
     "envia Mitteldeutsche Energie AG, Chemnitztalstraße 13, 09114 Chemnitz", None, [
         ("Förderprogramme der Länder für Elektromobilität", None,
          "Die Ministerien und die SAENA stellen die laufenden Programme vor. Eine "
          "Übersicht wird auf der Website der Metropolregion veröffentlicht."),
         ("Gemeinsame Ladeinfrastruktur-Karte Mitteldeutschland", None,
          "enviaM stellt einen Prototyp vor; die Kommunen liefern ihre Standorte zu."),
     ]),
    ("PG EM", "20. Sitzung der PG Elektromobilität", 18, 180,
     "Stadt Jena, Rathaus, Am Anger 15, 07743 Jena", ONLINE + "pg-em", [
         ("Elektromobilität in ländlichen Räumen", "Impulse der Landkreise Leipzig und "
          "Wittenberg", None),
         ("Arbeitsplanung der Projektgruppe", None, None),
     ]),
    ("PG GWL", "10. Sitzung der PG Gewässerlandschaft Mitteldeutschland", -130, 150,
     "Helmholtz-Zentrum für Umweltforschung – UFZ, Permoserstraße 15, 04318 Leipzig", None, [
         ("Masterplan Gewässerlandschaft 2030: Fortschreibung", None,
          "Die PG beschließt die Gliederung der Fortschreibung; Entwurf bis Jahresende."),
         ("Wasserqualität der Tagebauseen", "Vortrag Dr. Schwarz (UFZ)",
          "Das UFZ stellt aktuelle Messergebnisse vor; die LMBV erläutert die "
          "Sanierungsplanung."),
     ]),
    ("PG GWL", "11. Sitzung der PG Gewässerlandschaft Mitteldeutschland", 70, 150,
     "LMBV, Walter-Köhn-Straße 2, 04356 Leipzig", None, [
         ("Gewässerverbund und Schiffbarkeit", None, None),
         ("Erkenntnisse aus der World Canals Conference", None, None),
     ]),
    ("PG IK", "9. Sitzung der PG Industriekultur", -100, 150,
     "Sächsisches Industriemuseum, Zwickauer Straße 119, 09112 Chemnitz", None, [
         ("Länderübergreifende Themen der Industriekultur", None,
          "Die PG wählt Bergbau, Chemie und Textil als gemeinsame Themen für die nächsten "
          "zwei Jahre."),
         ("Route der Industriekultur Mitteldeutschland", None,
          "Die Hochschule Merseburg erarbeitet mit der Bauhaus-Universität eine "
          "Standortliste."),
     ]),
    ("PG IK", "10. Sitzung der PG Industriekultur", 28, 150,
     "FERROPOLIS, Ferropolisstraße 1, 06773 Gräfenhainichen", None, [
         ("Standortliste der Route der Industriekultur", None, None),
         ("Förderung durch die Kulturstiftung des Freistaates Sachsen", None, None),
     ]),
    ("PG MINT", "6. Sitzung der PG MINT Mitteldeutschland", -85, 120,
     "Videokonferenz", ONLINE + "pg-mint", [
         ("Zentrale Informationsplattform für MINT-Angebote: Konzept", None,
          "Science2public stellt das Konzept vor. Die PG befürwortet einen Start mit den "
          "Angeboten der Hochschulen."),
         ("Bestandsaufnahme der MINT-Netzwerke in den drei Ländern", None,
          "Das ThILLM ergänzt die Liste für Thüringen."),
     ]),
    ("PG MINT", "7. Sitzung der PG MINT Mitteldeutschland", 45, 150,
     "Hochschule Merseburg, Eberhard-Leibnitz-Straße 2, 06217 Merseburg", None, [
         ("Prototyp der MINT-Informationsplattform", None, None),
         ("MINT-Tag Mitteldeutschland", None, None),
     ]),
    ("PG FF", "5. Sitzung der PG Familienfreundlichkeit", -140, 120,
     "Stadt Leipzig, Neues Rathaus, Martin-Luther-Ring 4–6, 04109 Leipzig", None, [
         ("Familienfreundliche Arbeitgeber: Zertifizierungen in der Region", None,
          "Die Kammern stellen ihre Siegel vor; eine gemeinsame Übersicht wird erstellt."),
         ("Kinderbetreuung in Randzeiten", None,
          "Gera und der Landkreis Greiz berichten über Modellprojekte."),
     ]),
    ("PG FF", "6. Sitzung der PG Familienfreundlichkeit", 77, 120,
     "Videokonferenz", ONLINE + "pg-ff", [
         ("Familienfreundlichkeit im Standortmarketing", None, None),
         ("Arbeitsplanung", None, None),
     ]),
]

#: candidate slots of the open date poll (AG VM): days from today
POLL_DAYS = (28, 30, 35)

# fmt: on

OPENING_ITEMS = [
    (
        "Begrüßung und Feststellung der Tagesordnung",
        10,
        "{lead} begrüßt die Teilnehmenden. Die Tagesordnung wird ohne Änderungen festgestellt.",
    ),
    (
        "Genehmigung des Protokolls der letzten Sitzung",
        5,
        "Das Protokoll der letzten Sitzung wird ohne Änderungen genehmigt.",
    ),
]
CLOSING_ITEM = (
    "Verschiedenes",
    10,
    "Keine weiteren Wortmeldungen. Der nächste Termin wird mit der Einladung bekanntgegeben.",
)
