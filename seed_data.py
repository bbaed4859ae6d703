"""Demo data: the working and project groups of the Europäische Metropolregion Mitteldeutschland.

``flask seed`` calls :func:`seed` inside an app context and commits afterwards; ``seed()`` only
adds and flushes. It is idempotent: every row is looked up by its natural key first
(organisation and group by name, contact by first and last name, user by e-mail, meeting by
group and title, affiliation by contact and organisation, membership and seat by
organisation/contact, group, role and start date) and only created when missing. Existing rows
are never changed, so edits made in the app survive another ``flask seed``, and a user's
password is never reset.

The groups and the members of the project groups follow the region's own description
(``reference/metropolregion-arbeitsgruppen.txt``). Organisations are real public bodies and
companies of the region, but every person is invented, and every personal e-mail address uses
the reserved ``.example`` top-level domain (the organisation's web domain with ``.example`` in
place of its TLD), so no demo mail can reach a real person.

Dates: the history (foundings, memberships, most seats) uses fixed dates; what a demo needs to
be "recent" is relative to the day of the first ``flask seed``: meetings (some held, some
upcoming) and the change of the LVB delegate in the PG Elektromobilität about six months ago.
Rows with such relative dates are looked up without the date (by the rest of their natural key),
so that running ``flask seed`` again on a later day still creates nothing new.

Deliberate gaps for the reports: the PG Gewässerlandschaft Mitteldeutschland has no member from
Thüringen ("Länder balance"), and the PG Familienfreundlichkeit has no deputy lead.
"""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from crm.extensions import db
from crm.models import (
    Affiliation,
    AgendaItem,
    Contact,
    DateOption,
    Group,
    Invitation,
    Meeting,
    Membership,
    Organisation,
    Seat,
    User,
    Vote,
)
from crm.time import today

BERLIN = ZoneInfo("Europe/Berlin")

#: the demo logins (e-mail, password, role, name); the README lists them
DEMO_USERS = [
    ("admin@crm.example", "Admin-Demo-2026", "admin", "Alex Admin"),
    ("geschaeftsstelle@crm.example", "Sekretariat-Demo-2026", "secretariat", "Sabine Sekretariat"),
    ("leitung@crm.example", "Leitung-Demo-2026", "group_lead", "Lars Leitung"),
    ("vorstand@crm.example", "Vorstand-Demo-2026", "viewer", "Vera Vorstand"),
]
#: groups the demo group lead manages (by short name)
LEAD_USER_GROUPS = ("AG VM", "PG EM")
#: the demo group lead is linked to the person who leads this group
LEAD_USER_CONTACT_GROUP = "AG VM"

#: the region's own secretariat; its staff hold the secretariat seats
GESCHAEFTSSTELLE = "EMMD"

#: the change of the LVB delegate in the PG Elektromobilität: days relative to today
DELEGATE_CHANGE = -182

# Dates below are ISO strings (fixed) or ints (days relative to the day of seeding).
# The tables are aligned by hand, so the formatter leaves them alone.
# fmt: off

# ---------------------------------------------------------------------------------------------
# Organisations
# key (stored as short name), name, kind, state, parent key, street, postal code, city,
# website, phone
# ---------------------------------------------------------------------------------------------
ORGANISATIONS = [
    # the Metropolregion itself
    ("EMMD", "Europäische Metropolregion Mitteldeutschland e.V.", "association", "SN", None,
     "Schillerstraße 5", "04109", "Leipzig", "https://www.mitteldeutschland.com", "0341 600 16-0"),
    # cities
    ("Leipzig", "Stadt Leipzig", "city", "SN", None,
     "Martin-Luther-Ring 4–6", "04109", "Leipzig", "https://www.leipzig.de", "0341 123-0"),
    ("Halle", "Stadt Halle (Saale)", "city", "ST", None,
     "Marktplatz 1", "06108", "Halle (Saale)", "https://www.halle.de", "0345 221-0"),
    ("Chemnitz", "Stadt Chemnitz", "city", "SN", None,
     "Markt 1", "09111", "Chemnitz", "https://www.chemnitz.de", "0371 488-0"),
    ("Zwickau", "Stadt Zwickau", "city", "SN", None,
     "Hauptmarkt 1", "08056", "Zwickau", "https://www.zwickau.de", "0375 83-0"),
    ("Dresden", "Landeshauptstadt Dresden", "city", "SN", None,
     "Dr.-Külz-Ring 19", "01067", "Dresden", "https://www.dresden.de", "0351 488-0"),
    ("Magdeburg", "Landeshauptstadt Magdeburg", "city", "ST", None,
     "Alter Markt 6", "39104", "Magdeburg", "https://www.magdeburg.de", "0391 540-0"),
    ("Dessau-Roßlau", "Stadt Dessau-Roßlau", "city", "ST", None,
     "Zerbster Straße 4", "06844", "Dessau-Roßlau", "https://www.dessau-rosslau.de", "0340 204-0"),
    ("Jena", "Stadt Jena", "city", "TH", None,
     "Am Anger 15", "07743", "Jena", "https://www.jena.de", "03641 49-0"),
    ("Erfurt", "Landeshauptstadt Erfurt", "city", "TH", None,
     "Fischmarkt 1", "99084", "Erfurt", "https://www.erfurt.de", "0361 655-0"),
    ("Gera", "Stadt Gera", "city", "TH", None,
     "Kornmarkt 12", "07545", "Gera", "https://www.gera.de", "0365 838-0"),
    ("Weimar", "Stadt Weimar", "city", "TH", None,
     "Schwanseestraße 17", "99423", "Weimar", "https://stadt.weimar.de", "03643 762-0"),
    # districts
    ("LK Leipzig", "Landkreis Leipzig", "district", "SN", None,
     "Stauffenbergstraße 4", "04552", "Borna", "https://www.landkreisleipzig.de", "03433 241-0"),
    ("Nordsachsen", "Landkreis Nordsachsen", "district", "SN", None,
     "Schloßstraße 27", "04860", "Torgau", "https://www.landkreis-nordsachsen.de", "03421 758-0"),
    ("Saalekreis", "Saalekreis", "district", "ST", None,
     "Domplatz 9", "06217", "Merseburg", "https://www.saalekreis.de", "03461 40-0"),
    ("Anhalt-Bitterfeld", "Landkreis Anhalt-Bitterfeld", "district", "ST", None,
     "Am Flugplatz 1", "06366", "Köthen (Anhalt)", "https://www.anhalt-bitterfeld.de",
     "03496 60-0"),
    ("Mansfeld-Südharz", "Landkreis Mansfeld-Südharz", "district", "ST", None,
     "Rudolf-Breitscheid-Straße 20/22", "06526", "Sangerhausen",
     "https://www.mansfeldsuedharz.de", "03464 535-0"),
    ("Burgenlandkreis", "Burgenlandkreis", "district", "ST", None,
     "Schönburger Straße 41", "06618", "Naumburg (Saale)", "https://www.burgenlandkreis.de",
     "03445 73-0"),
    ("Wittenberg", "Landkreis Wittenberg", "district", "ST", None,
     "Breitscheidstraße 3", "06886", "Lutherstadt Wittenberg",
     "https://www.landkreis-wittenberg.de", "03491 479-0"),
    ("Altenburger Land", "Landkreis Altenburger Land", "district", "TH", None,
     "Lindenaustraße 9", "04600", "Altenburg", "https://www.altenburgerland.de", "03447 586-0"),
    ("Greiz", "Landkreis Greiz", "district", "TH", None,
     "Dr.-Rathenau-Platz 11", "07973", "Greiz", "https://www.landkreis-greiz.de", "03661 876-0"),
    # state ministries
    ("SMR", "Sächsisches Staatsministerium für Regionalentwicklung", "ministry", "SN", None,
     "Archivstraße 1", "01097", "Dresden", "https://www.smr.sachsen.de", "0351 564-50"),
    ("SMWA", "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr", "ministry",
     "SN", None, "Wilhelm-Buck-Straße 2", "01097", "Dresden", "https://www.smwa.sachsen.de",
     "0351 564-80"),
    ("SMWK", "Sächsisches Staatsministerium für Wissenschaft, Kultur und Tourismus", "ministry",
     "SN", None, "Wigardstraße 17", "01097", "Dresden", "https://www.smwk.sachsen.de",
     "0351 564-60"),
    ("MID", "Ministerium für Infrastruktur und Digitales des Landes Sachsen-Anhalt", "ministry",
     "ST", None, "Turmschanzenstraße 30", "39114", "Magdeburg",
     "https://mid.sachsen-anhalt.de", "0391 567-70"),
    ("MW", "Ministerium für Wirtschaft, Tourismus, Landwirtschaft und Forsten des Landes "
     "Sachsen-Anhalt", "ministry", "ST", None, "Hasselbachstraße 4", "39104", "Magdeburg",
     "https://mw.sachsen-anhalt.de", "0391 567-40"),
    ("MWU", "Ministerium für Wissenschaft, Energie, Klimaschutz und Umwelt des Landes "
     "Sachsen-Anhalt", "ministry", "ST", None, "Leipziger Straße 58", "39112", "Magdeburg",
     "https://mwu.sachsen-anhalt.de", "0391 567-10"),
    ("TMIL", "Thüringer Ministerium für Infrastruktur und Landwirtschaft", "ministry", "TH",
     None, "Werner-Seelenbinder-Straße 8", "99096", "Erfurt",
     "https://infrastruktur-landwirtschaft.thueringen.de", "0361 57411-0"),
    ("TMUEN", "Thüringer Ministerium für Umwelt, Energie und Naturschutz", "ministry", "TH",
     None, "Beethovenstraße 3", "99096", "Erfurt", "https://umwelt.thueringen.de",
     "0361 57391-0"),
    ("TMWWDG", "Thüringer Ministerium für Wirtschaft, Wissenschaft und Digitale Gesellschaft",
     "ministry", "TH", None, "Max-Reger-Straße 4–8", "99096", "Erfurt",
     "https://wirtschaft.thueringen.de", "0361 57381-0"),
    # chambers
    ("IHK Leipzig", "IHK zu Leipzig", "chamber", "SN", None,
     "Goerdelerring 5", "04109", "Leipzig", "https://www.leipzig.ihk.de", "0341 1267-0"),
    ("HWK Leipzig", "Handwerkskammer zu Leipzig", "chamber", "SN", None,
     "Dresdner Straße 11/13", "04103", "Leipzig", "https://www.hwk-leipzig.de", "0341 2188-0"),
    ("IHK Halle-Dessau", "IHK Halle-Dessau", "chamber", "ST", None,
     "Franckestraße 5", "06110", "Halle (Saale)", "https://www.halle.ihk.de", "0345 2126-0"),
    ("IHK Erfurt", "IHK Erfurt", "chamber", "TH", None,
     "Arnstädter Straße 34", "99096", "Erfurt", "https://www.erfurt.ihk.de", "0361 3484-0"),
    ("IHK Ostthüringen", "IHK Ostthüringen zu Gera", "chamber", "TH", None,
     "Gaswerkstraße 23", "07546", "Gera", "https://www.gera.ihk.de", "0365 8553-0"),
    # universities
    ("UL", "Universität Leipzig", "university", "SN", None,
     "Augustusplatz 10", "04109", "Leipzig", "https://www.uni-leipzig.de", "0341 97-108"),
    ("HTWK Leipzig", "Hochschule für Technik, Wirtschaft und Kultur Leipzig", "university",
     "SN", None, "Karl-Liebknecht-Straße 132", "04277", "Leipzig",
     "https://www.htwk-leipzig.de", "0341 3076-0"),
    ("TU Chemnitz", "Technische Universität Chemnitz", "university", "SN", None,
     "Straße der Nationen 62", "09111", "Chemnitz", "https://www.tu-chemnitz.de",
     "0371 531-0"),
    ("MLU", "Martin-Luther-Universität Halle-Wittenberg", "university", "ST", None,
     "Universitätsplatz 10", "06108", "Halle (Saale)", "https://www.uni-halle.de",
     "0345 55-20"),
    ("HS Merseburg", "Hochschule Merseburg", "university", "ST", None,
     "Eberhard-Leibnitz-Straße 2", "06217", "Merseburg", "https://www.hs-merseburg.de",
     "03461 46-0"),
    ("FSU Jena", "Friedrich-Schiller-Universität Jena", "university", "TH", None,
     "Fürstengraben 1", "07743", "Jena", "https://www.uni-jena.de", "03641 9-300"),
    ("EAH Jena", "Ernst-Abbe-Hochschule Jena", "university", "TH", None,
     "Carl-Zeiss-Promenade 2", "07745", "Jena", "https://www.eah-jena.de", "03641 205-0"),
    ("Bauhaus-Uni", "Bauhaus-Universität Weimar", "university", "TH", None,
     "Geschwister-Scholl-Straße 8", "99423", "Weimar", "https://www.uni-weimar.de",
     "03643 58-0"),
    # research institutes
    ("Fraunhofer IZI", "Fraunhofer-Institut für Zelltherapie und Immunologie IZI", "research",
     "SN", None, "Perlickstraße 1", "04103", "Leipzig", "https://www.izi.fraunhofer.de",
     "0341 35536-0"),
    ("UFZ", "Helmholtz-Zentrum für Umweltforschung – UFZ", "research", "SN", None,
     "Permoserstraße 15", "04318", "Leipzig", "https://www.ufz.de", "0341 6025-0"),
    ("IPB", "Leibniz-Institut für Pflanzenbiochemie", "research", "ST", None,
     "Weinberg 3", "06120", "Halle (Saale)", "https://www.ipb-halle.de", "0345 5582-0"),
    ("FLI", "Leibniz-Institut für Alternsforschung – Fritz-Lipmann-Institut", "research", "TH",
     None, "Beutenbergstraße 11", "07745", "Jena", "https://www.leibniz-fli.de",
     "03641 65-60"),
    # public companies (transport operators, utilities, marketing)
    ("LVB", "Leipziger Verkehrsbetriebe (LVB) GmbH", "public_company", "SN", "Leipzig",
     "Georgiring 3", "04103", "Leipzig", "https://www.lvb.de", "0341 492-0"),
    ("SWL", "Stadtwerke Leipzig GmbH", "public_company", "SN", "Leipzig",
     "Augsburger Straße 1", "04229", "Leipzig", "https://www.swl.de", "0341 121-0"),
    ("LTM", "Leipzig Tourismus und Marketing GmbH", "public_company", "SN", "Leipzig",
     "Augustusplatz 9", "04109", "Leipzig", "https://www.leipzig.travel", "0341 7104-0"),
    ("MDV", "Mitteldeutscher Verkehrsverbund GmbH", "public_company", "SN", None,
     "Prager Straße 8", "04103", "Leipzig", "https://www.mdv.de", "0341 86706-0"),
    ("HAVAG", "Hallesche Verkehrs-AG (HAVAG)", "public_company", "ST", "Halle",
     "Freiimfelder Straße 74", "06112", "Halle (Saale)", "https://www.havag.com",
     "0345 581-0"),
    ("NASA", "Nahverkehrsservice Sachsen-Anhalt GmbH (NASA)", "public_company", "ST", "MID",
     "Am Alten Theater 4", "39104", "Magdeburg", "https://www.nasa.de", "0391 53631-0"),
    # companies
    ("enviaM", "envia Mitteldeutsche Energie AG (enviaM)", "company", "SN", None,
     "Chemnitztalstraße 13", "09114", "Chemnitz", "https://www.enviam.de", "0371 482-0"),
    ("SAENA", "Sächsische Energieagentur – SAENA GmbH", "company", "SN", None,
     "Pirnaische Straße 9", "01069", "Dresden", "https://www.saena.de", "0351 4910-0"),
    ("BMW Leipzig", "BMW Group Werk Leipzig", "company", "SN", None,
     "BMW Allee 1", "04349", "Leipzig", "https://www.bmwgroup-werke.com", "0341 445-0"),
    ("LMBV", "Lausitzer und Mitteldeutsche Bergbau-Verwaltungsgesellschaft mbH (LMBV)",
     "company", "SN", None, "Walter-Köhn-Straße 2", "04356", "Leipzig", "https://www.lmbv.de",
     "0341 2222-0"),
    ("Ferropolis", "FERROPOLIS GmbH", "company", "ST", None,
     "Ferropolisstraße 1", "06773", "Gräfenhainichen", "https://www.ferropolis.de",
     "034953 351-0"),
    ("BIO Mitteldeutschland", "BIO Mitteldeutschland GmbH", "company", "ST", None,
     "Weinbergweg 22", "06120", "Halle (Saale)", "https://www.bio-mitteldeutschland.de",
     "0345 2798-0"),
    ("IMG", "Investitions- und Marketinggesellschaft Sachsen-Anhalt mbH", "company", "ST",
     None, "Am Alten Theater 6", "39104", "Magdeburg",
     "https://www.investieren-in-sachsen-anhalt.de", "0391 568-99"),
    ("Jenoptik", "JENOPTIK AG", "company", "TH", None,
     "Carl-Zeiss-Straße 1", "07743", "Jena", "https://www.jenoptik.de", "03641 65-0"),
    ("TTG", "Thüringer Tourismus GmbH", "company", "TH", None,
     "Willy-Brandt-Platz 1", "99084", "Erfurt", "https://www.thueringen-entdecken.de",
     "0361 37420"),
    # regional planning
    ("RPV Leipzig-Westsachsen", "Regionaler Planungsverband Leipzig-Westsachsen", "planning",
     "SN", None, "Bautzner Straße 67a", "04347", "Leipzig", "https://www.rpv-westsachsen.de",
     "0341 33741-0"),
    ("RPG Halle", "Regionale Planungsgemeinschaft Halle", "planning", "ST", None,
     "Hansering 15", "06108", "Halle (Saale)", "https://www.planungsregion-halle.de",
     "0345 29256-0"),
    ("RPG Ostthüringen", "Regionale Planungsgemeinschaft Ostthüringen", "planning", "TH",
     None, "Puschkinplatz 7", "07545", "Gera", "https://www.regionalplanung.thueringen.de",
     "0365 4870-0"),
    # associations, foundations, others
    ("biosaxony", "biosaxony e.V.", "association", "SN", None,
     "Tatzberg 47", "01307", "Dresden", "https://www.biosaxony.com", "0351 7965-0"),
    ("medways", "medways e.V.", "association", "TH", None,
     "Hans-Knöll-Straße 6", "07745", "Jena", "https://www.medways.eu", "03641 508-0"),
    ("Science2public", "Science2public – Gesellschaft für Wissenschaftskommunikation e.V.",
     "association", "ST", None, "Franckeplatz 1", "06110", "Halle (Saale)",
     "https://www.science2public.com", "0345 6866-0"),
    ("Kulturstiftung Sachsen", "Kulturstiftung des Freistaates Sachsen", "foundation", "SN",
     None, "Güntzstraße 34", "01307", "Dresden", "https://www.kdfs.de", "0351 8848-0"),
    ("Industriemuseum", "Zweckverband Sächsisches Industriemuseum", "other", "SN", None,
     "Zwickauer Straße 119", "09112", "Chemnitz",
     "https://www.saechsisches-industriemuseum.de", "0371 3676-0"),
    ("ThILLM", "Thüringer Institut für Lehrerfortbildung, Lehrplanentwicklung und Medien",
     "other", "TH", None, "Heinrich-Heine-Allee 2–4", "99438", "Bad Berka",
     "https://www.thillm.de", "036458 56-0"),
]

#: mail domains where replacing the website's TLD by .example would collide
MAIL_DOMAINS = {"LTM": "leipzig-travel.example", "Weimar": "weimar.example"}

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

# ---------------------------------------------------------------------------------------------
# Contacts (all invented): salutation, title, first name, last name (unique: the key below),
# organisation key, job title, department, with the organisation since
# ---------------------------------------------------------------------------------------------
CONTACTS = [
    # Geschäftsstelle
    ("Herr", "Dr.", "Matthias", "Lorenz", "EMMD", "Geschäftsführer", "Geschäftsstelle",
     "2014-07-01"),
    ("Frau", None, "Katrin", "König", "EMMD", "Referentin Arbeitsgruppen", "Geschäftsstelle",
     "2017-01-01"),
    ("Herr", None, "Björn", "Schäfer", "EMMD", "Referent Projektgruppen", "Geschäftsstelle",
     "2014-09-01"),
    ("Frau", None, "Anne", "Voß", "EMMD", "Projektmanagerin Mobilität und Energie",
     "Geschäftsstelle", "2015-04-01"),
    ("Frau", None, "Jana", "Ebert", "EMMD", "Projektassistenz", "Geschäftsstelle",
     "2018-01-15"),
    # Stadt Leipzig
    ("Frau", "Dr.", "Regina", "Albers", "Leipzig",
     "Bürgermeisterin und Beigeordnete für Wirtschaft, Arbeit und Digitales",
     "Dezernat Wirtschaft, Arbeit und Digitales", "2013-06-01"),
    ("Herr", None, "Jürgen", "Weiß", "Leipzig", "Amtsleiter", "Amt für Wirtschaftsförderung",
     "2006-03-01"),
    ("Frau", "Dr.", "Susanne", "Hoffmann", "Leipzig", "Abteilungsleiterin Mobilitätsstrategie",
     "Verkehrs- und Tiefbauamt", "2009-01-01"),
    ("Herr", None, "Lutz", "Brückner", "Leipzig", "Sachgebietsleiter Elektromobilität",
     "Verkehrs- und Tiefbauamt", "2012-05-01"),
    ("Frau", None, "Claudia", "Kaiser", "Leipzig", "Referentin Kulturentwicklung", "Kulturamt",
     "2008-09-01"),
    ("Herr", None, "Thomas", "Fischer", "Leipzig", "Sachgebietsleiter Gewässer",
     "Amt für Stadtgrün und Gewässer", "2011-02-01"),
    ("Frau", None, "Sabine", "Zimmermann", "Leipzig", "Koordinatorin Familienfreundlichkeit",
     "Amt für Jugend und Familie", "2016-10-01"),
    ("", None, "Robin", "Hartung", "Leipzig", "Referent*in Bevölkerungsstatistik",
     "Amt für Statistik und Wahlen", "2019-04-01"),
    # Stadt Chemnitz, Zwickau, Dresden
    ("Frau", None, "Käthe", "Groß", "Chemnitz", "Klimaschutzmanagerin", "Umweltamt",
     "2014-01-01"),
    ("Herr", None, "Andreas", "Richter", "Chemnitz", "Referent Industriekultur",
     "Kulturbetrieb", "2010-08-01"),
    ("Herr", None, "Ralf", "Schubert", "Zwickau", "Sachbearbeiter Ladeinfrastruktur",
     "Tiefbauamt", "2015-03-01"),
    ("Herr", None, "Uwe", "Lehmann", "Dresden", "Abteilungsleiter Standortentwicklung",
     "Amt für Wirtschaftsförderung", "2007-01-01"),
    # Stadt Halle (Saale), Magdeburg, Dessau-Roßlau
    ("Herr", None, "Egbert", "Stolle", "Halle", "Beigeordneter für Stadtentwicklung und Umwelt",
     "Geschäftsbereich Stadtentwicklung und Umwelt", "2012-09-01"),
    ("Frau", None, "Dörte", "Müller-Lüdenscheidt", "Halle",
     "Fachbereichsleiterin Wirtschaft und Wissenschaft", "Fachbereich Wirtschaft",
     "2008-04-01"),
    ("Herr", None, "Stefan", "Krause", "Halle", "Teamleiter Verkehrsplanung",
     "Fachbereich Mobilität", "2010-01-01"),
    ("Frau", "Dr.", "Ines", "Neumann", "Halle", "Referentin Kulturelles Erbe",
     "Fachbereich Kultur", "2011-05-01"),
    ("Herr", None, "Frank", "Becker", "Halle", "Sachgebietsleiter Bildungsmanagement",
     "Fachbereich Bildung", "2013-08-01"),
    ("Frau", None, "Petra", "Kühn", "Magdeburg", "Sachgebietsleiterin Demografie",
     "Amt für Statistik", "2005-10-01"),
    ("Frau", None, "Ulrike", "Schulze", "Dessau-Roßlau", "Welterbe-Koordinatorin",
     "Amt für Kultur", "2009-06-01"),
    ("Herr", None, "Hagen", "Dittrich", "Dessau-Roßlau", "Sachgebietsleiter Verkehrsplanung",
     "Tiefbauamt", "2004-01-01"),
    # Jena, Erfurt, Gera, Weimar
    ("Frau", None, "Bettina", "Ruppert", "Jena", "Dezernentin für Stadtentwicklung und Umwelt",
     "Dezernat 3", "2014-05-01"),
    ("Frau", "Dr.", "Friederike", "Wagner", "Jena", "Klimaschutzmanagerin",
     "Fachdienst Umweltschutz", "2013-02-01"),
    ("Herr", None, "Martin", "Seidel", "Jena", "Referent Wirtschafts- und Wissenschaftsstandort",
     "Wirtschaftsförderung", "2009-11-01"),
    ("Herr", "Dr.", "Klaus", "Hartmann", "Erfurt", "Amtsleiter",
     "Amt für Wirtschaftsförderung", "2008-01-01"),
    ("Herr", None, "Sven", "Wolf", "Gera", "Fachdienstleiter Stadtentwicklung",
     "Fachdienst Stadtentwicklung", "2012-03-01"),
    ("Frau", "Dr.", "Gudrun", "Thiele", "Weimar", "Kulturdirektorin", "Kulturdirektion",
     "2010-09-01"),
    # districts
    ("Herr", None, "Heiko", "Franke", "LK Leipzig", "Leiter Wirtschaftsförderung",
     "Stabsstelle Wirtschaftsförderung", "2011-01-01"),
    ("Frau", None, "Bärbel", "Meißner", "LK Leipzig", "Referentin Kreisentwicklung",
     "Stabsstelle Kreisentwicklung", "2014-06-01"),
    ("Frau", None, "Antje", "Winkler", "Nordsachsen", "Sachgebietsleiterin Wirtschaftsförderung",
     "Amt für Kreisentwicklung", "2012-01-01"),
    ("Herr", None, "Jens", "Baumann", "Saalekreis", "Amtsleiter",
     "Amt für Wirtschaftsförderung und Kreisentwicklung", "2010-04-01"),
    ("Frau", None, "Kerstin", "Schmidt", "Anhalt-Bitterfeld", "Referentin Kreisentwicklung",
     "Stabsstelle Kreisentwicklung", "2013-01-01"),
    ("Herr", None, "Rüdiger", "Otto", "Mansfeld-Südharz", "Leiter Wirtschaftsförderung",
     "Fachbereich Wirtschaft", "2009-07-01"),
    ("Frau", None, "Monika", "Jähnig", "Burgenlandkreis", "Amtsleiterin",
     "Amt für Kreisentwicklung und Tourismus", "2011-09-01"),
    ("Herr", None, "Günter", "Große", "Wittenberg", "Klimaschutzmanager",
     "Stabsstelle Klimaschutz", "2015-02-01"),
    ("Herr", None, "Marco", "Köhler", "Altenburger Land", "Fachdienstleiter Wirtschaft",
     "Fachdienst Wirtschaftsförderung", "2012-11-01"),
    ("Frau", None, "Simone", "Ludwig", "Greiz", "Demografiebeauftragte",
     "Stabsstelle Kreisentwicklung", "2013-05-01"),
    # ministries
    ("Herr", "Dr.", "Rainer", "Peters", "SMR", "Referatsleiter",
     "Referat Raumordnung und Landesentwicklung", "2008-01-01"),
    ("Frau", None, "Carola", "Jung", "SMR", "Referentin",
     "Referat Raumordnung und Landesentwicklung", "2016-04-01"),
    ("Herr", None, "Michael", "Ziegler", "SMWA", "Referent", "Referat Verkehrspolitik",
     "2011-01-01"),
    ("Frau", "Dr.", "Beate", "Arnold", "SMWK", "Referatsleiterin",
     "Referat Kultur- und Tourismusentwicklung", "2010-01-01"),
    ("Frau", "Dr.", "Heike", "Sommer", "MID", "Referatsleiterin", "Referat Raumordnung",
     "2009-05-01"),
    ("Herr", None, "Tobias", "Bauer", "MID", "Referent",
     "Referat Öffentlicher Personennahverkehr", "2014-08-01"),
    ("Frau", None, "Nadine", "Haas", "MW", "Referentin", "Referat Tourismus", "2012-02-01"),
    ("Herr", None, "Karsten", "Pietsch", "MWU", "Referent", "Referat Forschung und Transfer",
     "2011-10-01"),
    ("Herr", "Dr.", "Gerd", "Vogel", "TMIL", "Referatsleiter", "Referat Raumordnung",
     "2015-01-01"),
    ("Herr", "Dr.", "Eckhard", "Böhme", "TMIL", "Referatsleiter", "Referat Landesplanung",
     "1998-04-01"),
    ("Herr", None, "Mirko", "Seifert", "TMIL", "Referent",
     "Referat Öffentlicher Personennahverkehr", "2013-03-01"),
    ("Frau", "Dr.", "Sophie", "Engel", "TMUEN", "Referatsleiterin",
     "Referat Energieeffizienz und Elektromobilität", "2019-04-01"),
    ("Herr", None, "Philipp", "Roth", "TMUEN", "Referent Elektromobilität",
     "Referat Energieeffizienz und Elektromobilität", "2015-06-01"),
    ("Herr", "Dr.", "Oliver", "Kraft", "TMWWDG", "Referatsleiter", "Referat Wirtschaftsstruktur",
     "2010-01-01"),
    # chambers
    ("Herr", "Dr.", "Henning", "Schröder", "IHK Leipzig", "Geschäftsführer Standortpolitik",
     "Geschäftsbereich Standortpolitik", "2015-01-01"),
    ("Herr", None, "Torsten", "Heinrich", "HWK Leipzig", "Abteilungsleiter Berufsbildung",
     "Abteilung Berufsbildung", "2009-01-01"),
    ("", None, "Sascha", "Nowak", "HWK Leipzig", "Referent*in Fachkräftesicherung",
     "Abteilung Berufsbildung", "2020-02-01"),
    ("Frau", None, "Cornelia", "Lange", "IHK Halle-Dessau", "Geschäftsbereichsleiterin",
     "Geschäftsbereich Standortpolitik", "2006-01-01"),
    ("Herr", None, "Steffen", "Möller", "IHK Erfurt", "Referent Regionalentwicklung",
     "Abteilung Standortpolitik", "2010-03-01"),
    ("Herr", None, "Carsten", "Stein", "IHK Ostthüringen", "Referent Fachkräfte und Bildung",
     "Geschäftsbereich Bildung", "2012-06-01"),
    # universities
    ("Herr", "Prof. Dr.", "Hans-Georg", "Wendt", "UL", "Prorektor für Forschung", "Rektorat",
     "2005-04-01"),
    ("Frau", "Prof. Dr.", "Gisela", "Wunderlich", "UL", "Professorin für Bevölkerungssoziologie",
     "Institut für Soziologie", "2011-10-01"),
    ("Herr", "Prof. Dr.", "Bernd", "Schneider", "HTWK Leipzig", "Prorektor Forschung",
     "Rektorat", "2012-10-01"),
    ("Frau", "Dr.", "Anja", "Horn", "TU Chemnitz", "Leiterin Transferstelle",
     "Zentrum für Wissens- und Technologietransfer", "2010-07-01"),
    ("Frau", "Prof. Dr.", "Christiane", "Albrecht", "MLU", "Professorin für Regionalentwicklung",
     "Institut für Geowissenschaften und Geographie", "2007-10-01"),
    ("Frau", "Prof. Dr.", "Lena", "Fuchs", "HS Merseburg", "Professorin für Technikgeschichte",
     "Fachbereich Ingenieur- und Naturwissenschaften", "2014-03-01"),
    ("Herr", "Prof. Dr.", "Jörg", "Marx", "FSU Jena", "Vizepräsident für Forschung",
     "Präsidialbereich", "2006-10-01"),
    ("Herr", "Prof. Dr.", "Christoph", "Koch", "EAH Jena", "Professor für Didaktik der Technik",
     "Fachbereich Grundlagenwissenschaften", "2015-04-01"),
    ("Frau", "Prof. Dr.", "Ursula", "Kästner", "Bauhaus-Uni", "Professorin für Denkmalpflege",
     "Fakultät Architektur und Urbanistik", "2009-10-01"),
    # research institutes
    ("Herr", "Dr.", "Felix", "Braun", "Fraunhofer IZI", "Leiter Business Development",
     "Geschäftsfeldentwicklung", "2012-01-01"),
    ("Frau", "Dr.", "Miriam", "Schwarz", "UFZ", "Wissenschaftlerin", "Department Seenforschung",
     "2010-05-01"),
    ("Frau", "Dr.", "Eva", "Brandt", "IPB", "Leiterin Technologietransfer", "Verwaltung",
     "2011-03-01"),
    ("Herr", "Dr.", "Sebastian", "Ullrich", "FLI", "Referent Technologietransfer",
     "Stabsstelle Transfer", "2014-01-01"),
    # public companies
    ("Frau", None, "Sandra", "Kühne", "LVB", "Leiterin Elektromobilität",
     "Unternehmensentwicklung", "2018-02-01"),
    ("Herr", None, "Ronny", "Maier", "SWL", "Leiter Ladeinfrastruktur", "Vertrieb",
     DELEGATE_CHANGE),
    ("Frau", None, "Josephine", "Mai", "LTM", "Teamleiterin Tourismusmarketing", "Marketing",
     "2013-07-01"),
    ("Herr", None, "Karl-Heinz", "Hahn", "MDV", "Bereichsleiter Planung", "Verbundplanung",
     "2003-01-01"),
    ("Herr", None, "Dirk", "Lindner", "HAVAG", "Bereichsleiter Betrieb", "Betrieb", "2008-01-01"),
    ("Frau", "Dr.", "Maren", "Ehrlich", "NASA", "Leiterin Verkehrsplanung", "Planung",
     "2012-04-01"),
    # companies
    ("Herr", "Dr.", "Niklas", "Paul", "enviaM", "Leiter Elektromobilität",
     "Neue Geschäftsfelder", "2014-09-01"),
    ("Frau", None, "Franziska", "Kunze", "SAENA", "Projektleiterin",
     "Kompetenzzentrum Elektromobilität", "2017-05-01"),
    ("Herr", None, "Patrick", "Dietrich", "BMW Leipzig", "Referent Standortkommunikation",
     "Kommunikation und Politik", "2013-01-01"),
    ("Herr", None, "Gunnar", "Bergmann", "LMBV", "Projektleiter Gewässer",
     "Sanierungsbereich Mitteldeutschland", "2008-06-01"),
    ("Frau", "Dr.", "Lisa", "Sauer", "Jenoptik", "Leiterin Public Affairs",
     "Unternehmenskommunikation", "2016-08-01"),
    ("Herr", None, "Enrico", "Thieme", "Ferropolis", "Geschäftsführer", "Geschäftsführung",
     "2011-01-01"),
    ("Frau", "Dr.", "Johanna", "Werner", "BIO Mitteldeutschland", "Clustermanagerin",
     "Clustermanagement", "2011-06-01"),
    ("Herr", None, "Maximilian", "Busch", "IMG", "Projektmanager Standortmarketing",
     "Standortmarketing und Tourismus", "2012-01-01"),
    ("Frau", None, "Doreen", "Barth", "TTG", "Produktmanagerin Kultur", "Produktmanagement",
     "2014-04-01"),
    # planning, associations, foundations, others
    ("Herr", "Dr.", "Holger", "Zeidler", "RPV Leipzig-Westsachsen", "Verbandsdirektor",
     "Regionale Planungsstelle", "2009-01-01"),
    ("Frau", None, "Martina", "Reuter", "RPG Halle", "Leiterin", "Regionale Planungsstelle",
     "2010-01-01"),
    ("Herr", None, "Jörn", "Fiedler", "RPG Ostthüringen", "Referent Regionalplanung",
     "Regionale Planungsstelle", "2012-01-01"),
    ("Herr", "Dr.", "André", "Scholz", "biosaxony", "Geschäftsführer", "Geschäftsstelle",
     "2012-05-01"),
    ("Frau", None, "Nicole", "Ebeling", "medways", "Netzwerkmanagerin", "Geschäftsstelle",
     "2013-01-01"),
    ("Frau", "Dr.", "Hannah", "Beyer", "Science2public", "Projektleiterin MINT",
     "Projekte", "2016-01-01"),
    ("", None, "Alex", "Petzold", "Science2public", "Projektkoordination", "Projekte",
     "2021-03-01"),
    ("Herr", None, "Rolf", "Matthes", "ThILLM", "Referent MINT", "Abteilung Unterricht",
     "2011-08-01"),
    ("Herr", "Dr.", "Manfred", "Kühnel", "Kulturstiftung Sachsen", "Programmleiter",
     "Förderprogramme", "2010-02-01"),
    ("Frau", None, "Marlies", "Sänger", "Industriemuseum", "Museumsleiterin",
     "Industriemuseum Chemnitz", "2012-01-01"),
]

#: ended main affiliations (the person left without a successor affiliation here)
AFFILIATION_ENDS = {"Böhme": "2022-06-30", "Dittrich": "2021-12-31"}

#: earlier affiliations: last name, organisation, job title, department, starts on, ends on
PAST_AFFILIATIONS = [
    ("Maier", "LVB", "Projektleiter Elektromobilität", "Unternehmensentwicklung",
     "2012-04-01", DELEGATE_CHANGE - 1),
    ("Engel", "SAENA", "Projektleiterin Elektromobilität", "Kompetenzzentrum Elektromobilität",
     "2013-01-01", "2019-03-31"),
    ("König", "Leipzig", "Sachbearbeiterin", "Referat Europäische und internationale "
     "Zusammenarbeit", "2011-03-01", "2016-12-31"),
    ("Schröder", "IHK Halle-Dessau", "Referent Standortpolitik",
     "Geschäftsbereich Standortpolitik", "2008-01-01", "2014-12-31"),
]

#: people who gave consent (instead of the default legal basis): when, how
CONSENTS = {
    "Hartung": ("2023-05-10 14:12", "Anmeldeformular AG-Sitzung 05/2023"),
    "Nowak": ("2024-02-20 09:05", "Visitenkarte und schriftliche Einwilligung, Jahreskonferenz"),
    "Petzold": ("2021-03-15 11:30", "E-Mail an die Geschäftsstelle"),
    "Dietrich": ("2019-11-07 16:45", "Anmeldeformular Mitteldeutscher Mobilitätstag 2019"),
    "Sauer": ("2022-09-29 10:00", "Newsletter-Anmeldung (Double-Opt-in)"),
    "Mai": ("2020-06-03 13:20", "Anmeldeformular AG-Sitzung 06/2020"),
}

#: people who asked not to be contacted
NO_CONTACT = {
    "Böhme": "Im Ruhestand; wünscht keine Einladungen und Zusendungen mehr.",
    "Dittrich": "Im Ruhestand seit 2022; bittet, nicht mehr angeschrieben zu werden.",
}

# ---------------------------------------------------------------------------------------------
# Seats per group: contact (last name), role, starts on, ends on, organisation represented.
# None means: starts when the person, their organisation and the group were all there;
# ends when the person's affiliation or the organisation's membership ended; represents the
# person's main organisation.
# ---------------------------------------------------------------------------------------------
SEATS = {
    "LA": [
        ("Albers", "lead", None, None, None),
        ("Stolle", "deputy_lead", None, None, None),
        ("Ruppert", "delegate", None, None, None),
        ("Schröder", "delegate", None, None, None),
        ("Lange", "delegate", None, None, None),
        ("Möller", "delegate", None, None, None),
        ("Lorenz", "secretariat", None, None, None),
    ],
    "AG LRE": [
        ("Peters", "lead", None, None, None),
        ("Sommer", "deputy_lead", None, None, None),
        ("Jung", "deputy_delegate", None, None, None),
        ("Böhme", "delegate", None, None, None),
        ("Vogel", "deputy_delegate", None, "2022-06-30", None),
        ("Vogel", "delegate", "2022-07-01", None, None),
        ("Zeidler", "delegate", None, None, None),
        ("Reuter", "delegate", None, None, None),
        ("Fiedler", "delegate", None, None, None),
        ("Schröder", "delegate", None, None, None),
        ("Lange", "delegate", None, None, None),
        ("Möller", "delegate", None, None, None),
        ("Albrecht", "delegate", None, None, None),
        ("König", "secretariat", None, None, None),
    ],
    "AG WS": [
        ("Schröder", "lead", None, None, None),
        ("Lange", "guest", None, "2018-12-31", None),
        ("Lange", "deputy_lead", "2019-01-01", None, None),
        ("Weiß", "delegate", None, None, None),
        ("Müller-Lüdenscheidt", "delegate", None, None, None),
        ("Lehmann", "delegate", None, None, None),
        ("Seidel", "delegate", None, None, None),
        ("Hartmann", "delegate", None, None, None),
        ("Möller", "delegate", None, None, None),
        ("Ziegler", "delegate", None, None, None),
        ("Haas", "delegate", None, None, None),
        ("Kraft", "delegate", None, None, None),
        ("Busch", "delegate", None, None, None),
        ("Dietrich", "delegate", None, None, None),
        ("Sauer", "delegate", None, None, None),
        ("Groß", "deputy_delegate", None, None, None),
        ("König", "secretariat", None, None, None),
    ],
    "AG WF": [
        ("Wendt", "lead", None, None, None),
        ("Albrecht", "deputy_lead", None, None, None),
        ("Marx", "delegate", None, None, None),
        ("Horn", "delegate", None, None, None),
        ("Schneider", "delegate", None, None, None),
        ("Schwarz", "delegate", None, None, None),
        ("Arnold", "delegate", None, None, None),
        ("Pietsch", "delegate", None, None, None),
        ("Kraft", "delegate", None, None, None),
        ("Seidel", "deputy_delegate", None, None, None),
        ("König", "secretariat", None, None, None),
    ],
    "AG VM": [
        ("Hoffmann", "lead", None, None, None),
        ("Hahn", "deputy_lead", None, None, None),
        ("Brückner", "deputy_delegate", None, None, None),
        ("Krause", "delegate", None, None, None),
        ("Hartmann", "delegate", None, None, None),
        ("Dittrich", "delegate", None, None, None),
        ("Kühne", "delegate", None, None, None),
        ("Lindner", "delegate", None, None, None),
        ("Ehrlich", "delegate", None, None, None),
        ("Ziegler", "delegate", None, None, None),
        ("Bauer", "delegate", None, None, None),
        ("Seifert", "delegate", None, None, None),
        ("Voß", "secretariat", None, None, None),
    ],
    "AG KT": [
        ("Kaiser", "lead", None, None, None),
        ("Thiele", "deputy_lead", None, None, None),
        ("Neumann", "delegate", None, None, None),
        ("Schulze", "delegate", None, None, None),
        ("Mai", "delegate", None, None, None),
        ("Barth", "delegate", None, None, None),
        ("Busch", "delegate", None, None, None),
        ("Arnold", "delegate", None, None, None),
        ("Haas", "delegate", None, None, None),
        ("Kühnel", "guest", None, None, None),
        ("König", "secretariat", None, None, None),
    ],
    "AG DB": [
        ("Kühn", "lead", None, None, None),
        ("Wolf", "deputy_lead", None, None, None),
        ("Ludwig", "delegate", None, None, None),
        ("Hartung", "delegate", None, None, None),
        ("Becker", "delegate", None, None, None),
        ("Heinrich", "delegate", None, None, None),
        ("Nowak", "deputy_delegate", None, None, None),
        ("Stein", "delegate", None, None, None),
        ("Wunderlich", "delegate", None, None, None),
        ("König", "secretariat", None, None, None),
    ],
    "PG IGF": [
        ("Weiß", "lead", None, None, None),
        ("Müller-Lüdenscheidt", "deputy_lead", None, None, None),
        ("Franke", "delegate", None, None, None),
        ("Baumann", "delegate", None, None, None),
        ("Schmidt", "delegate", None, None, None),
        ("Otto", "delegate", None, None, None),
        ("Jähnig", "delegate", None, None, None),
        ("Köhler", "delegate", None, None, None),
        ("Winkler", "delegate", None, None, None),
        ("Meißner", "deputy_delegate", None, None, None),
        ("Zeidler", "guest", None, None, None),
        ("Reuter", "guest", None, None, None),
        ("Fiedler", "guest", None, None, None),
        ("Schäfer", "secretariat", None, None, None),
    ],
    "PG LS": [
        ("Werner", "lead", None, None, None),
        ("Scholz", "deputy_lead", None, None, None),
        ("Ebeling", "delegate", None, None, None),
        ("Braun", "delegate", None, None, None),
        ("Brandt", "delegate", None, None, None),
        ("Ullrich", "delegate", None, None, None),
        ("Schäfer", "secretariat", None, None, None),
    ],
    "PG EM": [
        ("Brückner", "lead", None, None, None),
        ("Wagner", "deputy_lead", None, None, None),
        ("Krause", "delegate", None, None, None),
        ("Groß", "delegate", None, None, None),
        ("Schubert", "delegate", None, None, None),
        ("Meißner", "delegate", None, None, None),
        ("Große", "delegate", None, None, None),
        # the LVB delegate changed about six months ago
        ("Maier", "delegate", None, DELEGATE_CHANGE - 1, "LVB"),
        ("Kühne", "delegate", DELEGATE_CHANGE, None, None),
        ("Lindner", "delegate", None, None, None),
        ("Ehrlich", "delegate", None, None, None),
        ("Paul", "delegate", None, None, None),
        # Dr. Engel moved from SAENA to the Thüringer Umweltministerium in 2019
        ("Engel", "delegate", None, "2019-03-31", "SAENA"),
        ("Roth", "delegate", None, "2019-03-31", None),
        ("Engel", "delegate", "2019-04-01", None, None),
        ("Roth", "deputy_delegate", "2019-04-01", None, None),
        ("Kunze", "delegate", "2019-04-01", None, None),
        ("Dietrich", "guest", None, "2020-12-31", None),
        ("Voß", "secretariat", None, None, None),
    ],
    "PG GWL": [
        ("Fischer", "lead", None, None, None),
        ("Meißner", "deputy_lead", None, None, None),
        ("Jähnig", "delegate", None, None, None),
        ("Baumann", "delegate", None, None, None),
        ("Bergmann", "delegate", None, None, None),
        ("Schwarz", "delegate", None, None, None),
        ("Mai", "delegate", None, None, None),
        ("Arnold", "delegate", None, None, None),
        ("Haas", "delegate", None, None, None),
        ("Schäfer", "secretariat", None, None, None),
    ],
    "PG IK": [
        ("Richter", "lead", None, None, None),
        ("Fuchs", "deputy_lead", None, None, None),
        ("Kaiser", "delegate", None, None, None),
        ("Sänger", "delegate", None, None, None),
        ("Thieme", "delegate", None, None, None),
        ("Kästner", "delegate", None, None, None),
        ("Kühnel", "delegate", None, None, None),
        ("Schäfer", "secretariat", None, None, None),
    ],
    "PG MINT": [
        ("Beyer", "lead", None, None, None),
        ("Matthes", "deputy_lead", None, None, None),
        ("Petzold", "deputy_delegate", None, None, None),
        ("Horn", "delegate", None, None, None),
        ("Koch", "delegate", None, None, None),
        ("Fuchs", "delegate", None, None, None),
        ("Stein", "delegate", None, None, None),
        ("Becker", "delegate", None, None, None),
        ("Schäfer", "secretariat", None, None, None),
    ],
    # deliberately without a deputy lead (for the "groups without deputy" report)
    "PG FF": [
        ("Zimmermann", "lead", None, None, None),
        ("Wolf", "delegate", None, None, None),
        ("Ludwig", "delegate", None, None, None),
        ("Schmidt", "delegate", None, None, None),
        ("Heinrich", "delegate", None, None, None),
        ("Nowak", "deputy_delegate", None, None, None),
        ("Ebert", "secretariat", None, None, None),
    ],
}

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


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _day(value: str | int | None, today: date) -> date | None:
    """Return a date from an ISO string (fixed) or an int (days relative to ``today``)."""
    if value is None:
        return None
    if isinstance(value, int):
        return today + timedelta(days=value)
    return date.fromisoformat(value)


def _local(day: date, at: time = time(10, 0)) -> datetime:
    """Return the aware UTC datetime of a local Europe/Berlin wall-clock time."""
    return datetime.combine(day, at, tzinfo=BERLIN).astimezone(UTC)


def _midweek(day: date, forward: bool) -> date:
    """Move ``day`` to the nearest Tuesday–Thursday in the given direction."""
    step = timedelta(days=1 if forward else -1)
    while day.weekday() not in (1, 2, 3):
        day += step
    return day


def _mix(*parts: str) -> int:
    """Return a stable number 0–99 for deterministic variety (RSVPs, phone extensions)."""
    return zlib.crc32("|".join(parts).encode()) % 100


def _fold(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return text.lower().translate(table)


def _mail_domain(key: str, website: str) -> str:
    """Return the organisation's web domain under the reserved .example TLD."""
    if key in MAIL_DOMAINS:
        return MAIL_DOMAINS[key]
    host = website.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")
    return host.rsplit(".", 1)[0] + ".example"


def _extension(phone: str, number: int) -> str:
    """Return a direct line: the switchboard number with another extension."""
    base = phone.rsplit("-", 1)[0] if "-" in phone else phone
    return f"{base}-{number}"


def _get_or_create(model, key: dict, values: dict | None = None):
    """Return ``(row, created)``: the row matching ``key``, or a new one with ``values``."""
    row = db.session.scalar(sa.select(model).filter_by(**key).limit(1))
    if row is not None:
        return row, False
    row = model(**key, **(values or {}))
    db.session.add(row)
    return row, True


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


class _Ctx:
    """What the steps share: today, and the rows by their keys."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.now = datetime.now(UTC)
        self.orgs: dict[str, Organisation] = {}
        self.groups: dict[str, Group] = {}
        self.contacts: dict[str, Contact] = {}
        self.users: dict[str, User] = {}


# ---------------------------------------------------------------------------------------------
# steps
# ---------------------------------------------------------------------------------------------
def _organisations(ctx: _Ctx) -> None:
    for key, name, kind, state, parent, street, plz, city, website, phone in ORGANISATIONS:
        local = "poststelle" if kind == "ministry" else "info"
        org, _ = _get_or_create(
            Organisation,
            {"name": name},
            {
                "short_name": key,
                "kind": kind,
                "state": state,
                "parent": ctx.orgs[parent] if parent else None,
                "street": street,
                "postal_code": plz,
                "city": city,
                "website": website,
                "email": f"{local}@{_mail_domain(key, website)}",
                "phone": phone,
            },
        )
        ctx.orgs[key] = org
    db.session.flush()


def _groups(ctx: _Ctx) -> None:
    for key, name, kind, founded, parent, description in GROUPS:
        group, _ = _get_or_create(
            Group,
            {"name": name},
            {
                "short_name": key,
                "kind": kind,
                "founded_on": _day(founded, ctx.today),
                "parent": ctx.groups[parent] if parent else None,
                "description": description,
            },
        )
        ctx.groups[key] = group
    db.session.flush()


def _group_founded(key: str, today: date) -> date:
    return next(_day(g[3], today) for g in GROUPS if g[0] == key)


def _memberships(ctx: _Ctx) -> None:
    for group_key, rows in MEMBERSHIPS.items():
        group = ctx.groups[group_key]
        for org_key, role, start, end in rows:
            starts_on = _day(start, ctx.today) or _group_founded(group_key, ctx.today)
            _get_or_create(
                Membership,
                {
                    "organisation": ctx.orgs[org_key],
                    "group": group,
                    "role": role,
                    "starts_on": starts_on,
                },
                {"ends_on": _day(end, ctx.today)},
            )
    db.session.flush()


def _affiliation_periods(today: date) -> dict[tuple[str, str], tuple[date, date | None]]:
    """Return (last name, organisation key) -> (starts on, ends on) from the data above."""
    periods = {}
    for c in CONTACTS:
        periods[(c[3], c[4])] = (_day(c[7], today), _day(AFFILIATION_ENDS.get(c[3]), today))
    for last, org, _job, _dept, start, end in PAST_AFFILIATIONS:
        periods[(last, org)] = (_day(start, today), _day(end, today))
    return periods


def _contacts(ctx: _Ctx) -> None:
    org_rows = {o[0]: o for o in ORGANISATIONS}
    for salutation, title, first, last, org_key, job, dept, since in CONTACTS:
        kind = org_rows[org_key][2]
        if last in CONSENTS:
            legal_basis = "consent"
        elif org_key == GESCHAEFTSSTELLE:
            legal_basis = "contract"
        elif kind in ("company", "public_company", "association", "foundation", "other"):
            legal_basis = "legitimate_interest"
        else:
            legal_basis = "public_task"
        values = {
            "salutation": salutation,
            "title": title,
            "legal_basis": legal_basis,
            "is_no_contact": last in NO_CONTACT,
            "notes": NO_CONTACT.get(last),
        }
        if last in CONSENTS:
            given, source = CONSENTS[last]
            values["consent_given_at"] = (
                datetime.fromisoformat(given).replace(tzinfo=BERLIN).astimezone(UTC)
            )
            values["consent_source"] = source
        contact, _ = _get_or_create(Contact, {"first_name": first, "last_name": last}, values)
        ctx.contacts[last] = contact

        rows = [(org_key, job, dept, since, AFFILIATION_ENDS.get(last))]
        rows += [(o, j, d, s, e) for name, o, j, d, s, e in PAST_AFFILIATIONS if name == last]
        for a_org, a_job, a_dept, a_start, a_end in rows:
            key, _name, _kind, _state, _parent, _street, _plz, _city, website, phone = org_rows[
                a_org
            ]
            local = f"{_fold(first[0])}.{_fold(last)}"
            _get_or_create(
                Affiliation,
                {"contact": contact, "organisation": ctx.orgs[a_org]},
                {
                    "job_title": a_job,
                    "department": a_dept,
                    "email": f"{local}@{_mail_domain(key, website)}",
                    "phone": _extension(phone, 100 + 9 * _mix(last, a_org)),
                    "is_primary": True,
                    "starts_on": _day(a_start, ctx.today),
                    "ends_on": _day(a_end, ctx.today),
                },
            )
    db.session.flush()


def _seats(ctx: _Ctx) -> None:
    periods = _affiliation_periods(ctx.today)
    main_org = {c[3]: c[4] for c in CONTACTS}
    for group_key, rows in SEATS.items():
        group = ctx.groups[group_key]
        founded = _group_founded(group_key, ctx.today)
        memberships = MEMBERSHIPS[group_key]
        for last, role, start, end, org_key in rows:
            org_key = org_key or main_org[last]
            aff_start, aff_end = periods[(last, org_key)]
            member_rows = [m for m in memberships if m[0] == org_key]
            candidates = [founded, aff_start]
            ends = [aff_end]
            if member_rows:
                candidates.append(min(_day(m[2], ctx.today) or founded for m in member_rows))
                if all(m[3] for m in member_rows):
                    ends.append(max(_day(m[3], ctx.today) for m in member_rows))
            starts_on = _day(start, ctx.today) or max(candidates)
            known_ends = [e for e in ends if e]
            ends_on = _day(end, ctx.today) or (min(known_ends) if known_ends else None)
            key = {"contact": ctx.contacts[last], "group": group, "role": role}
            values = {"ends_on": ends_on}
            if isinstance(start, int):
                # a date relative to the day of seeding: match without it
                key["organisation"] = ctx.orgs[org_key]
                values["starts_on"] = starts_on
            else:
                key["starts_on"] = starts_on
                values["organisation"] = ctx.orgs[org_key]
            _get_or_create(Seat, key, values)
    db.session.flush()


def _users(ctx: _Ctx) -> None:
    for email, password, role, name in DEMO_USERS:
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        if user is None:
            user = User(email=email, name=name, role=role)
            user.set_password(password)
            if role == "group_lead":
                user.managed_groups = [ctx.groups[k] for k in LEAD_USER_GROUPS]
                lead = db.session.scalar(
                    sa.select(Seat)
                    .filter_by(group=ctx.groups[LEAD_USER_CONTACT_GROUP], role="lead")
                    .order_by(Seat.starts_on.desc())
                    .limit(1)
                )
                user.contact = lead.contact if lead else None
            db.session.add(user)
        ctx.users[role] = user
    db.session.flush()


def _seat_holders(group: Group, on: date) -> list[Seat]:
    """Return the group's seats on a day, one per person (the first by role order)."""
    seats = db.session.scalars(
        sa.select(Seat)
        .where(
            Seat.group_id == group.id,
            Seat.starts_on <= on,
            sa.or_(Seat.ends_on.is_(None), Seat.ends_on >= on),
        )
        .order_by(Seat.id)
    ).all()
    by_person: dict[int, Seat] = {}
    for seat in seats:
        by_person.setdefault(seat.contact_id, seat)
    return list(by_person.values())


def _meetings(ctx: _Ctx) -> None:
    for group_key, title, days, minutes, location, online_url, items in MEETINGS:
        group = ctx.groups[group_key]
        meeting = db.session.scalar(sa.select(Meeting).filter_by(group=group, title=title))
        if meeting is not None:
            continue
        creator = ctx.users["group_lead"] if group_key in LEAD_USER_GROUPS else None
        creator = creator or ctx.users["secretariat"]
        meeting = Meeting(
            group=group,
            title=title,
            location=location,
            online_url=online_url,
            created_by_id=creator.id,
            description=f"Reguläre Sitzung der Gruppe „{group.name}“.",
        )
        if days is None:
            meeting.status = "polling"
            on = ctx.today
            for offset in POLL_DAYS:
                slot = _midweek(ctx.today + timedelta(days=offset), forward=True)
                start = _local(slot)
                meeting.date_options.append(
                    DateOption(starts_at=start, ends_at=start + timedelta(minutes=minutes))
                )
        else:
            on = _midweek(ctx.today + timedelta(days=days), forward=days > 0)
            meeting.status = "held" if days < 0 else "scheduled"
            meeting.starts_at = _local(on)
            meeting.ends_at = meeting.starts_at + timedelta(minutes=minutes)
        agenda = [(t, None, d, None) for t, d, _r in OPENING_ITEMS]
        agenda += [(t, desc, 45, result) for t, desc, result in items]
        agenda.append((CLOSING_ITEM[0], None, CLOSING_ITEM[1], None))
        for position, (item_title, desc, duration, _result) in enumerate(agenda, start=1):
            meeting.agenda_items.append(
                AgendaItem(
                    position=position,
                    title=item_title,
                    description=desc,
                    duration_minutes=duration,
                )
            )
        db.session.add(meeting)
        holders = _seat_holders(group, on)
        _invite(ctx, meeting, holders)
        if meeting.status == "held":
            meeting.minutes = _minutes(meeting, on, holders, items)
            meeting.minutes_status = "approved"
    db.session.flush()


def _invite(ctx: _Ctx, meeting: Meeting, holders: list[Seat]) -> None:
    """Invite the seat holders; RSVPs and attendance vary deterministically."""
    for seat in holders:
        x = _mix(meeting.title, seat.contact.last_name)
        always = seat.role in ("lead", "secretariat")
        invitation = Invitation(
            contact=seat.contact, organisation=seat.organisation, rsvp="pending", attended="unknown"
        )
        meeting.invitations.append(invitation)
        if meeting.status == "held":
            invitation.sent_at = meeting.starts_at - timedelta(days=21)
            invitation.responded_at = meeting.starts_at - timedelta(days=10 + x % 7)
            if x < 15 and not always:
                invitation.rsvp, invitation.attended = "declined", "no"
            else:
                invitation.rsvp = "accepted"
                invitation.attended = "no" if 15 <= x < 21 and not always else "yes"
        else:
            invitation.sent_at = ctx.now - timedelta(days=5)
            if meeting.status == "scheduled":
                if x < 40 or always:
                    invitation.rsvp = "accepted"
                elif x < 47:
                    invitation.rsvp = "declined"
                elif x < 55:
                    invitation.rsvp = "tentative"
                if invitation.rsvp != "pending":
                    invitation.responded_at = ctx.now - timedelta(days=x % 4)
            elif x % 3:
                # date poll: two in three have voted
                for i, option in enumerate(meeting.date_options):
                    answer = ("yes", "yes", "maybe", "no")[_mix(meeting.title, str(i), str(x)) % 4]
                    invitation.votes.append(Vote(date_option=option, answer=answer))
                invitation.responded_at = ctx.now - timedelta(days=x % 4)


def _minutes(meeting: Meeting, on: date, holders: list[Seat], items) -> str:
    """Return Markdown minutes for a held meeting."""
    lead = next((s.contact.full_name for s in holders if s.role == "lead"), "Die Leitung")
    clerk = next((s.contact.full_name for s in holders if s.role == "secretariat"), "–")
    present = sum(1 for i in meeting.invitations if i.attended == "yes")
    ends = meeting.ends_at.astimezone(BERLIN)
    lines = [
        f"# Protokoll: {meeting.title}",
        "",
        f"- **Datum:** {on:%d.%m.%Y}, 10:00–{ends:%H:%M} Uhr",
        f"- **Ort:** {meeting.location or 'Videokonferenz'}",
        f"- **Sitzungsleitung:** {lead}",
        f"- **Protokoll:** {clerk}",
        f"- **Anwesend:** {present} Personen (siehe Anwesenheitsliste)",
    ]
    results = [r.format(lead=lead) for _t, _d, r in OPENING_ITEMS]
    results += [r or "Zur Kenntnis genommen." for _t, _d, r in items]
    results.append(CLOSING_ITEM[2])
    for n, (item, result) in enumerate(zip(meeting.agenda_items, results, strict=True), 1):
        lines += ["", f"## TOP {n}: {item.title}", "", result]
    return "\n".join(lines) + "\n"


def seed() -> dict[str, int]:
    """Load the demo data (idempotent); the caller commits. Return row counts afterwards."""
    ctx = _Ctx(today())
    _organisations(ctx)
    _groups(ctx)
    _memberships(ctx)
    _contacts(ctx)
    _seats(ctx)
    _users(ctx)
    _meetings(ctx)
    return {
        "organisations": _count(Organisation),
        "contacts": _count(Contact),
        "affiliations": _count(Affiliation),
        "groups": _count(Group),
        "memberships": _count(Membership),
        "seats": _count(Seat),
        "meetings": _count(Meeting),
        "invitations": _count(Invitation),
        "users": _count(User),
    }
