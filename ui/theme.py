"""Colours, badges, status icons and the app's calm style sheet.

Colours carry meaning the same way everywhere: each Met/panel category has
one hue (green: no formal action, blue: new assessment, red: formal risk
management) and each review state one icon.  Text always sits on a pale
tint of its hue, so it stays legible for long reading sessions.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

# category code → (text colour, tint)
CATEGORY_COLOURS = {
    "no_formal_action": ("#1b5e20", "#e3f1e4"),
    "new_assessment": ("#0d47a1", "#e1ecf8"),
    "formal_risk_management": ("#8e1b1b", "#f8e3e1"),
}
STATE_COLOURS = {
    "not_started": "#8a8f98",
    "draft": "#b26a00",
    "final": "#2e7d32",
    "recused": "#6a4c93",
}
DELAY_COLOURS = {"over_400": "#9a6700", "over_two_years": "#b3261e"}
DEMO_BANNER = "#fff4c2"
ERROR_TEXT = "#a23b00"


BANNER_TONES = dict(STATE_COLOURS, adjudicated="#3f2a78", muted="#5f6670")


def set_tone(widget, name: str, value: str) -> None:
    """Restyle ``widget`` through a dynamic property that STYLE_SHEET matches.

    Re-polishing one widget is cheap; ``setStyleSheet`` builds a style of the
    widget's own and re-polishes it and its children, which showed in every
    case switch.
    """
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


LOCKED_TEXT, LOCKED_BASE = "#6b7280", "#eef0f2"  # a final decision's inputs


def _tone_rules() -> str:
    """Rules for the Met-category badge and the decision banner, one per value."""
    rules = ['QLabel#CategoryBadge { color: #3c4043; background: #eceff1; '
             'border: 1px solid #3c4043; border-radius: 9px; padding: 2px 10px; '
             'font-weight: 600; }']
    rules += [f'QLabel#CategoryBadge[category="{code}"] {{ color: {fg}; background: {bg}; '
              f'border-color: {fg}; }}' for code, (fg, bg) in CATEGORY_COLOURS.items()]
    rules += [f'QLabel#DecisionBanner[tone="{tone}"] {{ color: {colour}; }}'
              for tone, colour in BANNER_TONES.items()]
    return "\n".join(rules) + "\n"


def category_brushes(code: str | None) -> tuple[QBrush, QBrush] | None:
    if code not in CATEGORY_COLOURS:
        return None
    fg, bg = CATEGORY_COLOURS[code]
    return QBrush(QColor(fg)), QBrush(QColor(bg))


@lru_cache(maxsize=None)
def state_icon(state: str, size: int = 16) -> QIcon:
    """A small drawn icon per review state (no image files to ship)."""
    pm = QPixmap(size * 2, size * 2)  # drawn at 2x for high-DPI screens
    pm.fill(Qt.GlobalColor.transparent)
    pm.setDevicePixelRatio(2.0)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(STATE_COLOURS.get(state, "#8a8f98"))
    r = QRectF(2, 2, size - 4, size - 4)
    if state == "not_started":
        p.setPen(QPen(colour, 1.6))
        p.drawEllipse(r)
    elif state == "draft":
        p.setPen(QPen(colour, 1.6))
        p.drawEllipse(r)
        path = QPainterPath()
        path.moveTo(r.center())
        path.arcTo(r, 90, 180)
        path.closeSubpath()
        p.fillPath(path, colour)
    elif state == "final":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(r)
        p.setPen(QPen(QColor("white"), 1.8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPolyline([QPointF(r.left() + 3, r.center().y()),
                        QPointF(r.center().x() - 1, r.bottom() - 3),
                        QPointF(r.right() - 2.5, r.top() + 3)])
    else:  # recused: a circle with a bar through it
        p.setPen(QPen(colour, 1.6))
        p.drawEllipse(r)
        p.drawLine(QPointF(r.left() + 2.5, r.bottom() - 2.5),
                   QPointF(r.right() - 2.5, r.top() + 2.5))
    p.end()
    return QIcon(pm)


STYLE_SHEET = """
QWidget { font-size: 10pt; }
QLabel#PageTitle { font-size: 20pt; font-weight: 600; color: #1f2a37; }
QLabel#CaseTitle { font-size: 15pt; font-weight: 600; color: #1f2a37; }
QLabel#Muted, QLabel[muted="true"] { color: #5f6670; }
QLabel#DemoBanner { background: #fff4c2; color: #5a4500; border-bottom: 1px solid #e0c96a;
                    padding: 5px 12px; font-weight: 600; }
QLabel#FieldError, QLabel#Hint[tone="error"] { color: %(error)s; }
QLabel#Hint { color: #5f6670; }
QLabel#Hint[tone="ok"] { color: #2e7d32; }
QLabel#Hint[tone="warn"] { color: #b26a00; }
QLabel#VerifyResult { font-weight: 600; }
QLabel#VerifyResult[tone="ok"] { color: #2e7d32; }
QLabel#VerifyResult[tone="warn"] { color: #b26a00; }
QLabel#VerifyResult[tone="error"] { color: %(error)s; }
QLabel#SavedState { color: #2e7d32; font-weight: 600; }
QLabel#SavedState[state="pending"] { color: #b26a00; }
QLabel#SavedState[state="failed"] { color: #b3261e; }
QGroupBox { font-weight: 600; margin-top: 12px; border: 1px solid #d9dde3; border-radius: 6px;
            padding: 6px 4px 4px 4px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1f2a37; }
QGroupBox QCheckBox, QGroupBox QRadioButton, QGroupBox QLabel { font-weight: normal; }
QTableView { gridline-color: #eceff1; selection-background-color: #cfe0f5;
             selection-color: #111; alternate-background-color: #f7f9fb; }
QHeaderView::section { background: #f1f3f5; border: none; border-bottom: 1px solid #d9dde3;
                       padding: 4px 6px; font-weight: 600; color: #3c4043; }
QPushButton { padding: 5px 12px; }
QPushButton#Primary { background: #1f5fa8; color: white; border: 1px solid #174a84;
                      border-radius: 4px; font-weight: 600; }
QPushButton#Primary:disabled { background: #9db3cc; border-color: #9db3cc; }
QPushButton#WelcomeButton { padding: 12px 18px; font-size: 11pt; text-align: left; }
QTextBrowser, QPlainTextEdit { selection-background-color: #cfe0f5; selection-color: #111; }
QStatusBar QLabel { padding: 0 6px; }
/* Focus is always visible: a keyboard-only reviewer must see where Space will land.
   Rules for the focused state only: a rule that matched every check box or text
   pane (a transparent border, say) moved them all to style-sheet drawing and
   doubled the time of a case switch.  Text fields keep Fusion's own focus frame. */
QCheckBox:focus, QRadioButton:focus { background: #cfe0f5; }
QPushButton:focus { border: 2px solid #1f5fa8; border-radius: 4px; background: #e1ecf8; }
QPushButton#Primary:focus { border: 2px solid #0b2f57; background: #174a84; }
QToolButton:focus, QComboBox:focus { border: 2px solid #1f5fa8; border-radius: 3px; }
/* A flat frame for tab pages: Fusion's, drawn with gradients, took 3-4 ms a paint. */
QTabWidget::pane { border: 1px solid #d9dde3; top: -1px; }
/* Flat scroll bars: Fusion's are drawn with gradients, about 1 ms for a tall one,
   and a case switch repaints three or four of them. */
QScrollBar:vertical { background: #f1f3f5; width: 12px; margin: 0; border: none; }
QScrollBar:horizontal { background: #f1f3f5; height: 12px; margin: 0; border: none; }
QScrollBar::handle { background: #c4c9d0; border-radius: 4px; margin: 2px; }
QScrollBar::handle:vertical { min-height: 28px; }
QScrollBar::handle:horizontal { min-width: 28px; }
QScrollBar::handle:hover { background: #a9b0b9; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
""" % {"error": ERROR_TEXT} + _tone_rules()
