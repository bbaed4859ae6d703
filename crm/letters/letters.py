"""Serial letters as one PDF: one DIN 5008 form-B letter per person, each on a new page.

Form B: the address field (85 × 45 mm) sits 20 mm from the left and 45 mm from the top
edge, where a DL window envelope shows it: 17.7 mm for the return line and notes, then
the address (``crm.contacts.salutation.address_lines``), written from 25 mm. The information block is beside
it at 125 mm, the text starts below the first fold mark. Each letter is laid out as its
own document so that its pages count from 1; page numbers appear only on letters of
more than one page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import markdown
import nh3
from markupsafe import escape

from crm.contacts.salutation import address_block, salutation_of

MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def german_date(day: date) -> str:
    """Return "2. Dezember 2026" (DIN 5008 allows the spelled-out month in running text)."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


@dataclass
class Letterhead:
    """What an admin configures (``LETTERHEAD_*`` and ``LETTER_*`` settings)."""

    sender_line: str = ""
    logo: str | None = None
    footer: list[str] = field(default_factory=list)
    closing: str = "Mit freundlichen Grüßen"
    signature: str = ""
    info: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_config(cls, config) -> Letterhead:
        logo = config.get("LETTERHEAD_LOGO") or None
        return cls(
            sender_line=config.get("LETTER_SENDER_LINE", ""),
            logo=logo if logo and Path(logo).is_file() else None,
            footer=[x for x in (config.get("LETTERHEAD_FOOTER") or "").split("|") if x.strip()],
            closing=config.get("LETTER_CLOSING") or "Mit freundlichen Grüßen",
            signature=config.get("LETTER_SIGNATURE", ""),
            info=[
                tuple(part.strip() for part in item.split(":", 1))
                for item in (config.get("LETTER_INFO") or "").split("|")
                if ":" in item
            ],
        )


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def _css(head: Letterhead, numbered: bool) -> str:
    footer = _css_string("\n".join(head.footer))
    numbers = (
        '@bottom-right { content: "Seite " counter(page) " von " counter(pages);'
        ' font-size: 8pt; font-family: "DejaVu Sans", sans-serif;'
        " vertical-align: top; padding-top: 4mm; }"
        if numbered
        else ""
    )
    return f"""
@page {{
  size: A4; margin: 20mm 20mm 32mm 25mm;
  @bottom-left {{ content: {footer}; white-space: pre; font-size: 7.5pt; color: #444;
                  font-family: "DejaVu Sans", sans-serif;
                  vertical-align: top; padding-top: 4mm; }}
  {numbers}
}}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35;
        margin: 0; }}
.first {{ position: relative; height: 80mm; }}
.logo {{ position: absolute; right: 0; top: -8mm; max-height: 22mm; max-width: 60mm; }}
.address {{ position: absolute; left: -5mm; top: 25mm; width: 85mm; height: 45mm;
            box-sizing: border-box; padding-left: 5mm; overflow: hidden; }}
.return {{ height: 17.7mm; font-size: 7pt; display: flex; align-items: flex-end; }}
.return span {{ display: block; padding-bottom: 1mm; text-decoration: underline; }}
.recipient {{ height: 27.3mm; font-size: 10pt; line-height: 1.2; }}
.info {{ position: absolute; left: 100mm; top: 30mm; width: 75mm; font-size: 8.5pt; }}
.info dt {{ float: left; clear: left; width: 28mm; color: #444; }}
.info dd {{ margin: 0 0 0 29mm; }}
h1.subject {{ font-size: 10.5pt; font-weight: bold; margin: 0 0 8mm; }}
.body p {{ margin: 0 0 3mm; }}
.closing {{ margin-top: 6mm; }}
.signature {{ margin-top: 14mm; }}
"""


def letter_html(row, subject: str, body_html: str, head: Letterhead, on: date) -> str:
    """Return the HTML of one letter to ``row``."""
    lines = "<br>".join(str(escape(x)) for x in address_block(row).splitlines())
    info = "".join(
        f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>"
        for k, v in (*head.info, ("Datum", german_date(on)))
    )
    logo = (
        f'<img class="logo" src="{Path(head.logo).resolve().as_uri()}" alt="">' if head.logo else ""
    )
    return f"""<section class="letter">
<div class="first">{logo}
  <div class="address"><div class="return"><span>{escape(head.sender_line)}</span></div>
  <div class="recipient">{lines}</div></div>
  <dl class="info">{info}</dl>
</div>
<h1 class="subject">{escape(subject)}</h1>
<div class="body"><p>{escape(salutation_of(row))}</p>{body_html}</div>
<p class="closing">{escape(head.closing)}</p>
<p class="signature">{escape(head.signature)}</p>
</section>"""


def body_html(markdown_text: str) -> str:
    """Return the letter body from Markdown, sanitised (no scripts, no remote images)."""
    html = markdown.markdown(markdown_text or "", extensions=["sane_lists"])
    return nh3.clean(html, tags={"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3"})


def letters_pdf(
    rows: Iterable, subject: str, body: str, head: Letterhead, on: date | None = None
) -> bytes:
    """Return one PDF with a letter to each row, every letter starting on a new page."""
    from weasyprint import CSS, HTML

    on = on or date.today()
    content = body_html(body)
    plain, numbered = CSS(string=_css(head, False)), CSS(string=_css(head, True))
    documents = []
    for row in rows:
        html = HTML(
            string=f"<html lang='de'><body>{letter_html(row, subject, content, head, on)}</body></html>",
            base_url=".",
        )
        document = html.render(stylesheets=[plain])
        if len(document.pages) > 1:
            document = html.render(stylesheets=[numbered])
        documents.append(document)
    if not documents:
        return HTML(string="<p></p>").write_pdf()
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()
