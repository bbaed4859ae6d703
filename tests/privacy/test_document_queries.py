"""The erasure's walk over meeting and circular files loads the files' owners at once."""

from __future__ import annotations

from crm.circulars import attachments as circular_files
from crm.circulars.models import Circular
from crm.extensions import db
from crm.meetings.attachments import save_attachment
from crm.privacy.documents import remove_attachments_with, remove_circular_attachments_with


def _reads(queries, table: str) -> int:
    return sum(1 for sql, _ in queries if sql.lstrip().startswith("SELECT") and table in sql)


def test_the_walk_over_meeting_files_reads_their_meetings_once(app, make, count_queries):
    group = make.group("AG Dokumente")
    meetings = [make.meeting(group, title=f"Sitzung {n}") for n in range(3)]
    for meeting in meetings:
        save_attachment(meeting, "mustermann.txt", b"Bericht von Erika Mustermann", "material")
        save_attachment(meeting, "andere.txt", b"Bericht von Karla Kollegin", "material")
    db.session.commit()
    db.session.expire_all()
    with count_queries() as queries:
        titles = remove_attachments_with({"Mustermann"})
    assert sorted(titles) == ["Sitzung 0", "Sitzung 1", "Sitzung 2"]
    assert _reads(queries, "FROM meetings") == 1
    assert _reads(queries, "FROM attachments") <= 3  # the files, their owners' files, orphans


def test_the_walk_over_circular_files_reads_their_circulars_once(app, count_queries):
    circulars = [Circular(subject=f"Rundschreiben {n}", body="anbei", query="") for n in range(3)]
    db.session.add_all(circulars)
    db.session.flush()
    for circular in circulars:
        uploads = [("mustermann.txt", b"Erika Mustermann"), ("andere.txt", b"Karla Kollegin")]
        circular_files.add(circular, circular_files.check(circular, uploads))
    db.session.commit()
    db.session.expire_all()
    with count_queries() as queries:
        subjects = remove_circular_attachments_with({"Mustermann"})
    assert sorted(subjects) == ["Rundschreiben 0", "Rundschreiben 1", "Rundschreiben 2"]
    assert _reads(queries, "FROM circulars") == 1
