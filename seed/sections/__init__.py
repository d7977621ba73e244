"""One extractor per part of the informe, each reading the document model into a :class:`ParsedInforme`.

The order matters only where one part needs another: the cover gives the quarter; sessions come before the
attendance columns and acuerdo headings that name them; the activities before the figures that count them.
"""

from __future__ import annotations

from seed.document import Document
from seed.informe import InformeFormatError, ParsedInforme
from seed.sections.activities import read_activities
from seed.sections.acuerdos import read_acuerdos, read_mentions
from seed.sections.attendance import read_attendance
from seed.sections.base import place_blocks
from seed.sections.convenios import read_convenios
from seed.sections.cover import read_cover
from seed.sections.figures import read_figures
from seed.sections.integration import read_integration
from seed.sections.passages import read_passages
from seed.sections.representation import read_representation
from seed.sections.sessions import finish_sessions, read_sessions


def read_informe(document: Document) -> ParsedInforme:
    """Everything the informe says, from its document model; raise :class:`InformeFormatError` when the
    document is not an informe or holds nothing an informe must hold."""
    placed = place_blocks(document)
    reading = read_cover(placed, document.source_name, document.form)
    read_sessions(reading)
    read_attendance(reading)
    read_representation(reading)
    read_acuerdos(reading)
    read_convenios(reading)
    read_activities(reading)
    read_integration(reading)
    read_mentions(reading)
    read_figures(reading)
    read_passages(reading)
    finish_sessions(reading)
    informe = reading.informe
    informe.warnings[:0] = document.warnings
    if not informe.held and not informe.attendance:
        raise InformeFormatError(
            "El archivo no contiene sesiones ni asistencia legibles: no parece un informe trimestral de la "
            "Comisión o está incompleto (¿cortado?)."
        )
    return informe
