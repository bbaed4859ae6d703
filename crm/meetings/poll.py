"""The date poll: proposed slots, the invitees' yes / maybe / no, the matrix, the pick."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l

from crm.audit import services as audit
from crm.meetings.models import VOTE_ANSWERS, DateOption, Invitation, Meeting, Vote
from crm.meetings.notifications import blocked_invitees, notify
from crm.meetings.operations import send_invitations
from crm.meetings.rules import MeetingError, check_times
from crm.time import utcnow

#: statuses in which slots may still be proposed or removed
OPEN = ("draft", "polling")


def add_date_option(meeting: Meeting, starts_at: datetime, ends_at: datetime) -> DateOption:
    """Return a newly proposed slot for the date poll."""
    if meeting.status not in OPEN:
        raise MeetingError(_l("Termine können nur vor der Festlegung vorgeschlagen werden."))
    check_times(starts_at, ends_at)
    if any(o.starts_at == starts_at for o in meeting.date_options):
        raise MeetingError(_l("Dieser Termin ist bereits vorgeschlagen."), "starts_on")
    option = DateOption(starts_at=starts_at, ends_at=ends_at)
    meeting.date_options.append(option)
    return option


def remove_date_option(option: DateOption) -> None:
    """Withdraw a proposed slot (with its votes)."""
    meeting = option.meeting
    if meeting.status not in OPEN:
        raise MeetingError(_l("Termine können nur vor der Festlegung entfernt werden."))
    meeting.date_options.remove(option)


def start_poll(meeting: Meeting) -> int:
    """Open the date poll and mail each invitee their personal link; return mails queued."""
    if meeting.status != "draft":
        raise MeetingError(_l("Die Umfrage kann nur aus dem Entwurf gestartet werden."))
    if len(meeting.date_options) < 2:
        raise MeetingError(_l("Bitte mindestens zwei Termine vorschlagen."))
    if not meeting.invitations:
        raise MeetingError(_l("Bitte zuerst Personen einladen."))
    before = audit.snapshot(meeting)
    meeting.status = "polling"
    blocked = blocked_invitees(meeting)
    count = sum(1 for i in meeting.invitations if notify(i, "poll", blocked=blocked))
    audit.record_update(meeting, before, summary=audit.Message(audit.N_("Terminumfrage gestartet")))
    return count


def vote(invitation: Invitation, answers: dict[int, str]) -> None:
    """Store (or change) an invitee's yes / maybe / no per slot."""
    meeting = invitation.meeting
    if meeting.status != "polling":
        raise MeetingError(_l("Die Terminumfrage ist abgeschlossen."))
    options = {o.id for o in meeting.date_options}
    current = {v.date_option_id: v for v in invitation.votes}
    for option_id, answer in answers.items():
        if option_id not in options or answer not in VOTE_ANSWERS:
            raise MeetingError(_l("Ungültige Antwort."))
        if option_id in current:
            current[option_id].answer = answer
        else:
            invitation.votes.append(Vote(date_option_id=option_id, answer=answer))
    invitation.responded_at = utcnow()


@dataclass
class PollRow:
    option: DateOption
    yes: int = 0
    maybe: int = 0
    no: int = 0
    best: bool = False

    @property
    def score(self) -> float:
        return self.yes + self.maybe / 2


@dataclass
class PollMatrix:
    rows: list[PollRow] = field(default_factory=list)
    #: invitation id -> {option id: answer}
    answers: dict[int, dict[int, str]] = field(default_factory=dict)
    answered: int = 0


def poll_matrix(meeting: Meeting) -> PollMatrix:
    """Return the slots with yes/maybe/no totals, the best ones marked (most yes, maybe = ½)."""
    matrix = PollMatrix()
    for option in meeting.date_options:
        row = PollRow(option)
        matrix.rows.append(row)
        for v in option.votes:
            setattr(row, v.answer, getattr(row, v.answer) + 1)
            matrix.answers.setdefault(v.invitation_id, {})[option.id] = v.answer
    matrix.answered = len(matrix.answers)
    best = max((r.score for r in matrix.rows), default=0)
    for r in matrix.rows:
        r.best = best > 0 and r.score == best
    return matrix


def pick_date_option(meeting: Meeting, option: DateOption) -> tuple[int, list[Invitation]]:
    """Fix the meeting on a slot, close the poll, send the invitations; return (sent, no mail)."""
    if meeting.status != "polling" or option.meeting_id != meeting.id:
        raise MeetingError(_l("Ein Termin kann nur während der Umfrage festgelegt werden."))
    meeting.starts_at = option.starts_at
    meeting.ends_at = option.ends_at
    return send_invitations(meeting)
