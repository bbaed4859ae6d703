"""Demo groups (after the region's own description) and their member organisations."""

# Dates are ISO strings (fixed) or ints (days relative to the day of seeding).
# The tables are aligned by hand, so the formatter leaves them alone.
# fmt: off


# ---------------------------------------------------------------------------------------------
# Groups: short name, name, kind, founded on, parent group (short name), description
# ---------------------------------------------------------------------------------------------
GROUPS = [
    ("LA", "Lenkungsausschuss", "committee", "2014-07-01", None,
     "Der Lenkungsausschuss steuert die Arbeit der Europäischen Metropolregion "
     "Mitteldeutschland zwischen den Mitgliederversammlungen. Er beschließt das "
     "Arbeitsprogramm, nimmt die Berichte der Arbeits- und Projektgruppen entgegen und "
     "bereitet die Entscheidungen des Vorstands vor."),
    ("AG LRE", "AG Landes- und Regionalentwicklung", "working_group", "2010-03-15", None,
     "In der AG Landes- und Regionalentwicklung arbeiten die für die Raumordnung zuständigen "
     "Ministerien der Länder Sachsen, Sachsen-Anhalt und Thüringen gemeinsam mit Vertretern "
     "von Planungsverbänden, Wirtschaft, Kammern und Hochschulen an Fragen der räumlichen "
     "Entwicklung in Mitteldeutschland."),
    ("AG WS", "AG Wirtschaft und Standortentwicklung", "working_group", "2010-03-15", None,
     "Die Wirtschaft in Mitteldeutschland entwickelt sich dynamisch und erfolgreich. Die AG "
     "will die bewährten Cluster Automotive und Chemie/Kunststoffe ausbauen und weitere "
     "prägende Branchen wie Logistik, Biotechnologie und Ernährungswirtschaft nachhaltig "
     "stärken, damit die Region eine der wirtschaftlich bedeutendsten in Deutschland bleibt."),
    ("AG WF", "AG Wissenschaft und Forschung", "working_group", "2010-06-01", None,
     "Plattform für Dialog und Wissenstransfer zwischen mitteldeutschen Universitäten, "
     "Hochschulen und Forschungsinstituten sowie Kommunen und Ländern: Austausch über "
     "Entwicklungsstrategien und Projekte, Kooperationen in größeren Verbundvorhaben und die "
     "Koordination der Landesstrategien für Wissenschaft und Forschung in Sachsen, "
     "Sachsen-Anhalt und Thüringen."),
    ("AG VM", "AG Verkehr und Mobilität", "working_group", "2010-06-01", None,
     "Dank ihrer zentralen Lage in Europa, der guten Erreichbarkeit per Schiene, Straße und "
     "Flugzeug sowie als Standort der Automobilindustrie hat sich Mitteldeutschland zu einer "
     "dynamisch wachsenden Mobilitäts- und Logistikregion entwickelt. Die AG stimmt "
     "länderübergreifende Verkehrsprojekte ab."),
    ("AG KT", "AG Kultur und Tourismus", "working_group", "2011-02-01", None,
     "Sieben UNESCO-Welterbestätten, zahlreiche Orte mit Europäischem Kulturerbe-Siegel, eine "
     "reiche Industriekultur sowie reizvolle Berg-, Heide-, Seen- und Flusslandschaften: Die "
     "AG macht die Kulturregion Mitteldeutschland gemeinsam sichtbar."),
    ("AG DB", "AG Demographie und Bildung", "working_group", "2013-09-01", None,
     "Der demographische Wandel betrifft auch Mitteldeutschland. Unternehmen, Kammern, "
     "Universitäten, Hochschulen und Gebietskörperschaften zeigen in der AG kreative Wege "
     "auf, um diesen Wandel nicht nur zu begleiten, sondern zu gestalten."),
    ("PG IGF", "PG Industrie- und Gewerbeflächen", "project_group", "2015-01-20", "AG WS",
     "Entstanden aus der seit 2009 arbeitenden Steuerungsgruppe „Interkommunale "
     "Gewerbeflächenentwicklung in der Region Halle/Leipzig“. Die Städte Leipzig und Halle "
     "(Saale) und die Landkreise der Region arbeiten mit den Regionalen Planungsverbänden an "
     "einer interkommunal abgestimmten Planung, Entwicklung und Vermarktung von Flächen. "
     "Erstes Vorhaben: eine integrierte Industrie- und Gewerbeflächen-Potenzialstudie für die "
     "neun Gebietskörperschaften."),
    ("PG LS", "PG Life Sciences", "project_group", "2012-05-01", "AG WF",
     "Vertreter der maßgeblichen Biotechnologie-Standorte und Branchennetzwerke aus Sachsen, "
     "Sachsen-Anhalt und Thüringen. Vorhaben sind u. a. die Partnering-Konferenz "
     "„bionection“, der mitteldeutsche Branchentreff der Biotechnologie und Medizintechnik "
     "sowie der Clusterpreis „Life Sciences“ des IQ Innovationspreises Mitteldeutschland."),
    ("PG EM", "PG Elektromobilität", "project_group", "2016-06-14", "AG VM",
     "Im Juni 2016 unter dem Dach der Metropolregion gegründet, um länderübergreifende "
     "Kompetenzen und Know-how zur Elektromobilität zu bündeln, Maßnahmen zu ihrem Ausbau zu "
     "planen und den Informationsfluss in der Region zu koordinieren."),
    ("PG GWL", "PG Gewässerlandschaft Mitteldeutschland", "project_group", "2017-04-01",
     "AG KT",
     "Zentraler Umsetzungsschritt des Tourismuswirtschaftlichen Gesamtkonzepts für die "
     "Gewässerlandschaft im mitteldeutschen Raum (TWGK): Koordination des länderübergreifenden "
     "Masterplans für die 6.500 km² große Gewässerlandschaft bis 2030 und Vernetzungsplattform, "
     "u. a. zur Vorbereitung der World Canals Conference in Leipzig."),
    ("PG IK", "PG Industriekultur", "project_group", "2016-11-01", "AG KT",
     "Mitteldeutschland blickt auf mehr als 500 Jahre Geschichte als Industrie-, Gewerbe- und "
     "Bergbauregion zurück. Die PG macht diese gemeinsame Industriekultur stärker bewusst und "
     "nutzbar und bearbeitet länderübergreifende Themen in Sachsen, Sachsen-Anhalt und "
     "Thüringen – mit Städten, Landkreisen, Vereinen, Unternehmen, Hochschulen, Museen und der "
     "Kulturstiftung des Freistaates Sachsen."),
    ("PG MINT", "PG MINT Mitteldeutschland", "project_group", "2017-09-01", "AG DB",
     "Zahlreiche Initiativen fördern das Interesse von Kindern und Jugendlichen an "
     "Mathematik, Informatik, Naturwissenschaft und Technik. Die PG vernetzt die lokalen "
     "Akteure, stimmt Angebote aufeinander ab und plant eine zentrale Informationsplattform für "
     "alle MINT-Aktivitäten in der Region."),
    ("PG FF", "PG Familienfreundlichkeit", "project_group", "2018-03-01", "AG DB",
     "Familienfreundliche Lebens- und Arbeitsbedingungen sind ein wichtiger Faktor für die "
     "Attraktivität des Standortes Mitteldeutschland. Die PG fördert entsprechende Strukturen "
     "und Angebote in der Region und vernetzt die beteiligten Akteure."),
]

# ---------------------------------------------------------------------------------------------
# Memberships per group: organisation key, role, starts on (None: group founded), ends on
# ---------------------------------------------------------------------------------------------
MEMBERSHIPS = {
    "LA": [
        ("Leipzig", "lead", None, None),
        ("Halle", "member", None, None),
        ("Jena", "member", None, None),
        ("IHK Leipzig", "member", None, None),
        ("IHK Halle-Dessau", "member", None, None),
        ("IHK Erfurt", "member", None, None),
    ],
    "AG LRE": [
        ("SMR", "lead", None, None),
        ("MID", "member", None, None),
        ("TMIL", "member", None, None),
        ("RPV Leipzig-Westsachsen", "member", None, None),
        ("RPG Halle", "member", None, None),
        ("RPG Ostthüringen", "member", None, None),
        ("IHK Leipzig", "member", None, None),
        ("IHK Halle-Dessau", "member", None, None),
        ("IHK Erfurt", "member", None, None),
        ("MLU", "member", "2014-01-01", None),
    ],
    "AG WS": [
        ("IHK Leipzig", "lead", None, None),
        ("Leipzig", "member", None, None),
        ("Halle", "member", None, None),
        ("Chemnitz", "member", None, None),
        ("Dresden", "member", None, None),
        ("Jena", "member", None, None),
        ("Erfurt", "member", None, None),
        # the organisation that changed its role: guest first, full member since 2019
        ("IHK Halle-Dessau", "guest", None, "2018-12-31"),
        ("IHK Halle-Dessau", "member", "2019-01-01", None),
        ("IHK Erfurt", "member", None, None),
        ("SMWA", "member", None, None),
        ("MW", "member", None, None),
        ("TMWWDG", "member", None, None),
        ("IMG", "member", "2012-01-01", None),
        ("BMW Leipzig", "member", "2015-01-01", None),
        ("Jenoptik", "member", "2017-01-01", None),
    ],
    "AG WF": [
        ("UL", "lead", None, None),
        ("MLU", "member", None, None),
        ("FSU Jena", "member", None, None),
        ("TU Chemnitz", "member", None, None),
        ("HTWK Leipzig", "member", "2013-01-01", None),
        ("UFZ", "member", None, None),
        ("SMWK", "member", None, None),
        ("MWU", "member", None, None),
        ("TMWWDG", "member", None, None),
        ("Jena", "member", None, None),
    ],
    "AG VM": [
        ("Leipzig", "lead", None, None),
        ("Halle", "member", None, None),
        ("Erfurt", "member", None, None),
        ("Dessau-Roßlau", "member", None, "2021-12-31"),
        ("MDV", "member", None, None),
        ("LVB", "member", None, None),
        ("HAVAG", "member", None, None),
        ("NASA", "member", None, None),
        ("SMWA", "member", None, None),
        ("MID", "member", None, None),
        ("TMIL", "member", None, None),
    ],
    "AG KT": [
        ("Leipzig", "lead", None, None),
        ("Halle", "member", None, None),
        ("Dessau-Roßlau", "member", None, None),
        ("Weimar", "member", None, None),
        ("LTM", "member", None, None),
        ("TTG", "member", None, None),
        ("IMG", "member", None, None),
        ("SMWK", "member", None, None),
        ("MW", "member", None, None),
        ("Kulturstiftung Sachsen", "advisory", "2016-01-01", None),
    ],
    "AG DB": [
        ("Magdeburg", "lead", None, None),
        ("Gera", "member", None, None),
        ("Greiz", "member", None, None),
        ("Leipzig", "member", None, None),
        ("Halle", "member", None, None),
        ("HWK Leipzig", "member", None, None),
        ("IHK Ostthüringen", "member", None, None),
        ("UL", "member", "2015-01-01", None),
    ],
    "PG IGF": [
        # the nine Gebietskörperschaften of the Potenzialstudie
        ("Leipzig", "lead", None, None),
        ("Halle", "member", None, None),
        ("LK Leipzig", "member", None, None),
        ("Saalekreis", "member", None, None),
        ("Anhalt-Bitterfeld", "member", None, None),
        ("Mansfeld-Südharz", "member", None, None),
        ("Burgenlandkreis", "member", None, None),
        ("Altenburger Land", "member", None, None),
        ("Nordsachsen", "member", None, None),
        # the regional planning associations advise
        ("RPV Leipzig-Westsachsen", "advisory", None, None),
        ("RPG Halle", "advisory", None, None),
        ("RPG Ostthüringen", "advisory", None, None),
    ],
    "PG LS": [
        ("BIO Mitteldeutschland", "lead", None, None),
        ("biosaxony", "member", None, None),
        ("medways", "member", None, None),
        ("Fraunhofer IZI", "member", None, None),
        ("IPB", "member", None, None),
        ("FLI", "member", "2014-01-01", None),
    ],
    "PG EM": [
        ("Leipzig", "lead", None, None),
        ("Halle", "member", None, None),
        ("Chemnitz", "member", None, None),
        ("Zwickau", "member", None, None),
        ("Jena", "member", None, None),
        ("LK Leipzig", "member", None, None),
        ("Wittenberg", "member", None, None),
        ("LVB", "member", None, None),
        ("HAVAG", "member", None, None),
        ("NASA", "member", None, None),
        ("enviaM", "member", None, None),
        ("TMUEN", "member", None, None),
        ("SAENA", "member", None, None),
        ("BMW Leipzig", "guest", None, "2020-12-31"),
    ],
    # deliberately without a member from Thüringen (for the "Länder balance" report)
    "PG GWL": [
        ("Leipzig", "lead", None, None),
        ("LK Leipzig", "member", None, None),
        ("Burgenlandkreis", "member", None, None),
        ("Saalekreis", "member", None, None),
        ("LMBV", "member", None, None),
        ("UFZ", "member", None, None),
        ("LTM", "member", None, None),
        ("SMWK", "member", None, None),
        ("MW", "member", None, None),
    ],
    "PG IK": [
        ("Chemnitz", "lead", None, None),
        ("Leipzig", "member", None, None),
        ("Industriemuseum", "member", None, None),
        ("Ferropolis", "member", None, None),
        ("HS Merseburg", "member", None, None),
        ("Bauhaus-Uni", "member", None, None),
        ("Kulturstiftung Sachsen", "member", None, None),
    ],
    "PG MINT": [
        ("Science2public", "lead", None, None),
        ("TU Chemnitz", "member", None, None),
        ("EAH Jena", "member", None, None),
        ("HS Merseburg", "member", None, None),
        ("ThILLM", "member", None, None),
        ("IHK Ostthüringen", "member", None, None),
        ("Halle", "member", "2019-01-01", None),
    ],
    "PG FF": [
        ("Leipzig", "lead", None, None),
        ("Gera", "member", None, None),
        ("Greiz", "member", None, None),
        ("Anhalt-Bitterfeld", "member", None, None),
        ("HWK Leipzig", "member", None, None),
    ],
}

# fmt: on
