"""Readers: the kind of file told from its content, text decoding, and the document model each form gives."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import docx
import pytest

from seed.document import Block, BlockKind, Document, expand_header, join_lines, make_table
from seed.readers import UnreadableInforme, decode_text, detect_kind, read_document
from seed.readers.footnotes import clean_line
from tests.fixtures.make_fixtures import scanned_pdf


def test_the_kind_comes_from_the_content_not_the_name() -> None:
    assert detect_kind(b"%PDF-1.4 ...") == "pdf"
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert detect_kind(buffer.getvalue()) == "docx"
    assert detect_kind(b"# Informe\n\nTexto") == "text"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Word 97-2003 (.doc)"),
        (b"{\\rtf1\\ansi informe}" + b" " * 300, "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 600, "imagen"),
        (scanned_pdf(), "no contiene texto (¿es un escaneo?)"),
    ],
)
def test_what_cannot_be_read_says_what_is_supported(data: bytes, says: str) -> None:
    with pytest.raises(UnreadableInforme) as error:
        read_document(data, "informe")
    assert says in str(error.value) and "Formatos admitidos" in str(error.value)


def test_a_zip_that_is_no_word_file_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("datos.csv", "a,b")
    with pytest.raises(UnreadableInforme, match="archivo comprimido"):
        detect_kind(buffer.getvalue())


def test_utf16_with_bom_and_a_stray_byte_only_touch_their_line() -> None:
    text = "Décima sesión ordinaria\nAcuerdo de la Comisión\n"
    assert decode_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text
    stray = "Décima sesión ordinaria\n".encode() + b"Sesi\xf3n urgente\n" + "Año 2021\n".encode()
    assert decode_text(stray).split("\n")[:3] == ["Décima sesión ordinaria", "Sesión urgente", "Año 2021"]


def test_merged_header_cells_are_expanded() -> None:
    rows = [["Integrantes", "Asistencia a las sesiones", "", ""], ["", "Décima", "Décima primera", "Décima segunda"]]
    assert expand_header(rows, 2) == [
        ["Integrantes", "Asistencia a las sesiones", "Asistencia a las sesiones", "Asistencia a las sesiones"],
        ["Integrantes", "Décima", "Décima primera", "Décima segunda"],
    ]
    table = make_table([*rows, ["Partido MORENA", "X", "", "X"]])
    assert table.header_rows == 2 and table.header[2] == "Asistencia a las sesiones Décima primera"


def _row(number: str, date: str, subject: str) -> str:
    """A table line as ``pdftotext -layout`` writes it: the third column always starts at 39, even when the
    date reaches it with a single space between."""
    return f"{number:<9}{date}".ljust(38) + " " + subject if subject else f"{number:<9}{date}"


LAID_OUT = "\n".join(
    [
        "                         Comisión de Vinculación",
        "",
        "I. Sesiones",
        "Durante el trimestre la Comisión celebró dos sesiones ordinarias.",
        "",
        _row(" No.", "Fecha", "Asunto"),
        "",
        _row("  1.", "Martes 6 de abril de 2021", "Envío de la convocatoria para la"),
        _row("", "", "observación electoral."),
        "",
        _row("  2.", "Miércoles 14 de septiembre de", "Invitación a seguir la primera sesión."),
        _row("", "2021.", ""),
        "",
        "",
        "                                Página 1",
        "\f                         Comisión de Vinculación",
        "",
        _row(" No.", "Fecha", "Asunto"),
        "",
        _row("  3.", "Jueves 15 de abril de 2021", "Aviso sobre las acreditaciones."),
        "",
        "",
        "                                Página 2",
        "\f                         Comisión de Vinculación",
        "",
        "Texto final del informe.",
        "",
        "                                Página 3",
    ]
)


def test_laid_out_text_columns_pages_and_furniture() -> None:
    document = read_document(LAID_OUT.encode(), "copiado.txt")
    assert document.form == "layout"
    texts = [b.text for b in document.blocks if b.kind != BlockKind.TABLE]
    assert not any("Página" in t or t == "Comisión de Vinculación" for t in texts)
    tables = [b for b in document.blocks if b.kind == BlockKind.TABLE]
    assert len(tables) == 1  # continued on the next page, its repeated header dropped
    assert tables[0].header == ["No.", "Fecha", "Asunto"]
    assert tables[0].body == [
        ["1.", "Martes 6 de abril de 2021", "Envío de la convocatoria para la observación electoral."],
        ["2.", "Miércoles 14 de septiembre de 2021.", "Invitación a seguir la primera sesión."],
        ["3.", "Jueves 15 de abril de 2021", "Aviso sobre las acreditaciones."],
    ]


def test_word_headings_lists_merged_cells_and_footnote_calls() -> None:
    document = docx.Document()
    document.add_heading("I. Sesiones", level=1)
    paragraph = document.add_paragraph("La Comisión celebró dos sesiones.")
    paragraph.add_run("1").font.superscript = True
    document.add_paragraph("CVOE/001/21. Aprobación del orden del día.", style="List Bullet")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text = "Integrantes", "Asistencia"
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(1, 1).text, table.cell(1, 2).text = "Primera sesión ordinaria", "Segunda sesión ordinaria"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(2, 0).text, table.cell(2, 1).text, table.cell(2, 2).text = "Partido MORENA", "X", ""
    note = document.add_paragraph()
    note.add_run("1").font.superscript = True
    note.add_run(" Ambas sesiones fueron virtuales.")
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_document(buffer.getvalue(), "informe.docx")
    kinds = [(b.kind, b.level) for b in read.blocks]
    assert kinds[:3] == [(BlockKind.HEADING, 1), (BlockKind.PARAGRAPH, 0), (BlockKind.NOTE, 1)]
    assert read.blocks[1].text == "La Comisión celebró dos sesiones."
    assert read.blocks[3].kind == BlockKind.ITEM
    grid = read.blocks[4]
    assert grid.header == ["Integrantes", "Asistencia Primera sesión ordinaria", "Asistencia Segunda sesión ordinaria"]
    assert grid.body == [["Partido MORENA", "X", ""]]


def test_a_cut_pdf_or_word_file_gets_a_clear_answer() -> None:
    from tests.conftest import FIXTURES

    pdf = (FIXTURES / "publicado" / "cvoe_2020_t4.pdf").read_bytes()
    word = (FIXTURES / "publicado" / "cvoe_2020_t4.docx").read_bytes()
    for cut, says in ((pdf[: len(pdf) // 2], "PDF está dañado"), (word[:20000], "dañado")):
        with pytest.raises(UnreadableInforme) as error:
            read_document(cut, "cortado")
        assert says in str(error.value) and "Formatos admitidos" in str(error.value)


def test_pipe_tables_are_tables_with_their_header_above_the_rule() -> None:
    text = (
        "**Tabla 1. Sesiones**\n"
        "| No. | Sesión | Fecha |\n|---|:---:|---|\n"
        "| 1. | Sexta sesión ordinaria | 27 de julio de 2021 |\n"
        "| 2. | Primera sesión extraordinaria |  |\n"
        "| **Total** | **2 sesiones** | a \\| b |\n"
        "Texto después de la tabla.\n"
    )
    blocks = read_document(text.encode(), "informe.md").blocks
    table = next(b for b in blocks if b.kind == BlockKind.TABLE)
    assert table.caption == "Tabla 1. Sesiones"
    assert table.header_rows == 1 and table.header == ["No.", "Sesión", "Fecha"]
    assert table.body == [
        ["1.", "Sexta sesión ordinaria", "27 de julio de 2021"],
        ["2.", "Primera sesión extraordinaria", ""],
        ["Total", "2 sesiones", "a | b"],
    ]
    assert blocks[-1].kind == BlockKind.PARAGRAPH and blocks[-1].text == "Texto después de la tabla."


def test_a_pipe_table_without_outer_pipes_and_two_header_rows() -> None:
    text = (
        "Grupo | Asistencia | \nCargo | Sexta sesión ordinaria | Octava sesión ordinaria\n"
        "---|---|---\nPresidencia | X | X\n"
    )
    table = read_document(text.encode(), "informe.md").blocks[0]
    assert table.kind == BlockKind.TABLE and table.header_rows == 2
    assert table.body == [["Presidencia", "X", "X"]]


def test_every_table_is_a_rectangle_whatever_rows_a_reader_found_short() -> None:
    # A PDF copy can lose a row's last cells; extractors read any column of any row.
    ragged = Block(BlockKind.TABLE, rows=[["Acuerdo", "Texto", "Observaciones"], ["CVOE/002/22", "Minuta"], ["x"]])
    document = Document([ragged], form="layout")
    assert [len(row) for row in document.blocks[0].rows] == [3, 3, 3]
    assert document.blocks[0].rows[-1] == ["x", "", ""]


# A table as pdftotext -layout prints a PDF whose cells are centred in their rows: a row's first line holds
# one column only, the date's "de 2022" has a space where no column parts, blank lines part the rows.
CENTRED_CONVENIOS = (
    "Se suscribieron dos instrumentos jurídicos:\n"
    "                               Tabla 2.1 Convenios suscritos en el trimestre\n\n"
    "                                            Tipo de                                                  Fecha de\n"
    " No.          Institución                                               Objeto\n"
    "                                         instrumento                                                suscripción\n\n"  # noqa: E501
    "                                                           Establecer las bases de\n"
    "        Universidad Autónoma\n"
    "                                    Convenio General       actividades académicas, de           Miércoles 20 de abril\n"  # noqa: E501
    " 1.     de la Ciudad de\n"
    "                                    de Colaboración        investigación y de difusión de la    de 2022\n"
    "        México (UACM)\n"
    "                                                           cultura democrática.\n\n"
    "        Instituto de\n"
    "        Transparencia, Acceso\n"
    "                                                           Realizar acciones conjuntas de\n"
    "        a la Información\n"
    "                                                           capacitación y difusión en\n"
    "        Pública, Protección de      Convenio de Apoyo                                           Martes 31 de mayo\n"  # noqa: E501
    " 2.                                                        materia de transparencia,\n"
    "        Datos Personales y          y Colaboración                                              de 2022\n"
    "                                                           protección de datos personales y\n"
    "        Rendición de Cuentas\n"
    "                                                           participación ciudadana.\n"
    "        de la Ciudad de\n"
    "        México (INFO CDMX)\n\n"
    "Durante el trimestre se dio seguimiento a siete convenios.\n"
)


def test_laid_out_table_with_cells_centred_in_rows_parted_by_blank_lines() -> None:
    document = read_document(CENTRED_CONVENIOS.encode(), "copiado.txt")
    tables = [b for b in document.blocks if b.kind == BlockKind.TABLE]
    assert len(tables) == 1
    assert tables[0].header == ["No.", "Institución", "Tipo de instrumento", "Objeto", "Fecha de suscripción"]
    first, second = tables[0].body
    assert first[1:3] == ["Universidad Autónoma de la Ciudad de México (UACM)", "Convenio General de Colaboración"]
    assert first[4] == "Miércoles 20 de abril de 2022"
    assert second[1].startswith("Instituto de Transparencia, Acceso a la Información Pública")
    assert second[1].endswith("de la Ciudad de México (INFO CDMX)")
    assert second[2:] == [
        "Convenio de Apoyo y Colaboración",
        "Realizar acciones conjuntas de capacitación y difusión en materia de transparencia, protección de datos"
        " personales y participación ciudadana.",
        "Martes 31 de mayo de 2022",
    ]


# pdftotext -layout of an attendance table (ReportLab PDF), with its legend glued under the last row.
ATTENDANCE_WITH_LEGEND = Path(__file__).parent / "fixtures" / "fragmentos" / "asistencia_con_leyenda.txt"


def test_a_legend_right_under_a_laid_out_table_is_no_row_of_it() -> None:
    document = read_document(ATTENDANCE_WITH_LEGEND.read_bytes(), "copiado.txt")
    (table,) = [b for b in document.blocks if b.kind == BlockKind.TABLE]
    assert [row[1] for row in table.body][-2:] == ["Oscar Alejandro Rodríguez Paz", "Juan Manuel Rodríguez Martínez"]
    assert table.body[-1][2:] == ["Asistió", "No asistió", "Asistió", "Asistió"]
    assert any("N/A: no ocupaba" in b.text for b in document.blocks if b.kind != BlockKind.TABLE)


def test_a_cell_merged_down_a_group_of_laid_out_rows_goes_to_each_of_them() -> None:
    path = Path(__file__).parent / "fixtures" / "fragmentos" / "instancias_en_celdas_unidas.txt"
    (table,) = [b for b in read_document(path.read_bytes(), "copiado.txt").blocks if b.kind == BlockKind.TABLE]
    vinculacion = "Comisión de Vinculación con los Organismos Públicos Locales"
    capacitacion = "Comisión de Capacitación y Organización Electoral"
    assert [row[2] for row in table.body] == [vinculacion] * 3 + [capacitacion] * 2 + [
        "Consejo Local del INE en la Ciudad de México"
    ]


def test_a_first_row_without_data_is_no_header_line_when_the_labels_are_centred() -> None:
    path = Path(__file__).parent / "fixtures" / "fragmentos" / "representaciones_sin_datos.txt"
    (table,) = [b for b in read_document(path.read_bytes(), "copiado.txt").blocks if b.kind == BlockKind.TABLE]
    assert table.header == ["Partido político", "Representación", "Periodo"]
    assert table.body[0] == ["Partido Acción Nacional (PAN)", "Andrés Sánchez Miranda", "Todo el trimestre"]
    assert table.body[1] == [
        "Partido Revolucionario Institucional (PRI)",
        "Rocío Gutiérrez Lara",
        "Hasta el 19 de mayo de 2022",
    ]


def test_a_footnote_call_marked_in_a_laid_out_row_keeps_its_cells_in_their_columns() -> None:
    line = "Partido MORENA2                         X                X       X"
    cleaned = clean_line(line, {"2"})
    assert "MORENA⟦2⟧" in cleaned
    assert [k for k, ch in enumerate(cleaned) if ch == "X"] == [k for k, ch in enumerate(line) if ch == "X"]


def test_a_party_merged_down_two_representatives_rows_goes_to_both() -> None:
    path = Path(__file__).parent / "fixtures" / "fragmentos" / "representantes_en_celda_unida.txt"
    (table,) = [b for b in read_document(path.read_bytes(), "copiado.txt").blocks if b.kind == BlockKind.TABLE]
    pri = [row for row in table.body if "(PRI)" in row[0]]
    assert [row[1:] for row in pri] == [
        ["Rocío Gutiérrez Lara", "Hasta el 19 de mayo de 2022"],
        ["Gerardo Ávila Sandoval", "A partir del 20 de mayo de 2022"],
    ]
    assert len(table.body) == 8


def test_a_date_a_narrow_column_broke_inside_its_year_is_whole_again() -> None:
    assert join_lines(["05/07/202", "2"]) == "05/07/2022"
    assert join_lines(["Sesión 12", "3"]) == "Sesión 12 3"
