"""A statement as a PDF (ReportLab, pure Python): what the member owes for a period, in the member's language."""

from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from assets.models import CURRENCY_EXPONENTS

from . import selectors
from .models import Statement

GRID = colors.HexColor("#d0d5dd")
HEADER = colors.HexColor("#f2f4f7")


def amount_text(minor_units: int, currency: str) -> str:
    """12345, "EUR" → "123.45 EUR" in English, "123,45 EUR" in Spanish (the active language's number format)."""
    exponent = CURRENCY_EXPONENTS.get(currency, 2)
    value = Decimal(minor_units).scaleb(-exponent)
    return f"{formats.number_format(value, exponent, use_l10n=True, force_grouping=True)} {currency}"


def _day_text(day) -> str:
    return formats.date_format(day, "DATE_FORMAT", use_l10n=True)


def statement_pdf(statement: Statement) -> tuple[bytes, str]:
    """The statement's PDF and the language it is written in (selectors.billing_language of its member)."""
    language = selectors.billing_language(statement.member)
    with translation.override(language):
        return _render(statement), language


def _payment_text(status: str) -> str:
    return {
        Statement.PaymentStatus.OPEN: _("Awaiting payment"),
        Statement.PaymentStatus.PAID: _("Paid"),
        Statement.PaymentStatus.FAILED: _("Payment failed"),
        Statement.PaymentStatus.VOID: _("Void"),
    }[status]


def _table(rows: list[list], widths: list[float], numeric_from: int, *, total_row: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID),
        ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if total_row:
        style.append(("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"))
    table.setStyle(TableStyle(style))
    return table


def _render(statement: Statement) -> bytes:
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=11)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    period = statement.period
    member = statement.member
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Statement %(number)s") % {"number": statement.number},
        author=settings.CLUSTER_NAME,
        lang=translation.get_language(),
    )
    issued = timezone.localtime(statement.issued_at, timezone.get_default_timezone()).date()
    first_day = timezone.localtime(period.start, timezone.get_default_timezone()).date()
    story = [
        Paragraph(escape(settings.CLUSTER_NAME), styles["Title"]),
        Paragraph(escape(_("Statement %(number)s") % {"number": statement.number}), styles["Heading2"]),
        Spacer(1, 3 * mm),
        _table(
            [
                [_("Company"), member.name],
                [_("Tax id"), member.tax_id or "—"],
                [_("Statement number"), statement.number],
                [
                    _("Period"),
                    _("%(first)s to %(last)s")
                    % {"first": _day_text(first_day), "last": _day_text(selectors.period_last_day(period))},
                ],
                [_("Issued on"), _day_text(issued)],
                [_("Payment"), _payment_text(statement.payment_status)],
            ],
            [45 * mm, 129 * mm],
            numeric_from=2,
        ),
        Spacer(1, 6 * mm),
        Paragraph(escape(_("Lines")), styles["Heading3"]),
    ]
    lines = list(statement.lines.order_by("id"))
    if lines:
        rows = [[_("Description"), _("Net"), _("VAT"), _("Amount")]]
        for line in lines:
            rows.append([
                Paragraph(escape(line.description), cell),
                amount_text(line.net_minor, line.currency),
                amount_text(line.vat_minor, line.currency),
                amount_text(line.amount_minor, line.currency),
            ])  # fmt: skip
        story.append(_table(rows, [84 * mm, 30 * mm, 30 * mm, 30 * mm], numeric_from=1))
    else:
        story.append(Paragraph(escape(_("No lines.")), body))
    story += [Spacer(1, 6 * mm), Paragraph(escape(_("VAT breakdown")), styles["Heading3"])]
    totals = selectors.statement_totals(statement.id)
    rows = [[_("Currency"), _("Net"), _("VAT"), _("Total")]]
    for row in totals:
        currency = row["currency"]
        rows.append([
            currency,
            amount_text(row["net"], currency),
            amount_text(row["vat"], currency),
            amount_text(row["total"], currency),
        ])  # fmt: skip
    story.append(_table(rows, [84 * mm, 30 * mm, 30 * mm, 30 * mm], numeric_from=1))
    story.append(Spacer(1, 6 * mm))
    for row in totals:
        due = _("Total due: %(amount)s") % {"amount": amount_text(row["total"], row["currency"])}
        story.append(Paragraph(f"<b>{escape(due)}</b>", right))
    document.build(story)
    return buffer.getvalue()
