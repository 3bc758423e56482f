"""Bytes to text: gzip, size caps, binary sniffing and the encoding decision."""

from __future__ import annotations

import gzip

import pytest

from pipeline.parse.decode import NotAPageError, decode_page

GERMAN = "<html><head><title>Größe</title></head><body><p>Die Anlage in München öffnet – für 25 Mio. €.</p></body></html>"
POLISH = "<html><body><p>Zakład w Gdańsku otrzymał certyfikat. Główny Inspektor Farmaceutyczny wydał zgodę na produkcję.</p></body></html>"


def test_valid_utf8_wins_over_a_wrong_declaration():
    body = GERMAN.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8")
    page = decode_page(body)
    assert page.encoding == "utf-8" and "München" in page.text
    assert any("bytes are UTF-8" in w for w in page.warnings)


def test_windows_1252_declared_as_utf8_is_recovered():
    body = GERMAN.replace("<head>", '<head><meta charset="utf-8">').encode("cp1252")
    page = decode_page(body)
    assert page.encoding == "cp1252" and "München öffnet – für 25 Mio. €" in page.text


def test_central_european_bytes_are_guessed_right():
    page = decode_page(POLISH.encode("cp1250"))
    assert "Gdańsku" in page.text and "Główny" in page.text


def test_http_header_is_used_when_the_page_says_nothing():
    body = "<html><body><p>Ελληνικό κείμενο για τη θεραπεία</p></body></html>".encode("iso-8859-7")
    page = decode_page(body, content_type="text/html; charset=ISO-8859-7")
    assert page.encoding == "iso8859-7" and "θεραπεία" in page.text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_unicode_with_and_without_bom(codec):
    page = decode_page(GERMAN.encode(codec))
    assert "München" in page.text and not page.text.startswith("\ufeff")


def test_mostly_utf8_page_with_a_few_bad_bytes_stays_utf8():
    body = GERMAN.encode("utf-8").replace(b"Anlage", b"Anl\xe4ge")
    page = decode_page(body)
    assert page.encoding == "utf-8" and "München" in page.text
    assert any("not valid UTF-8" in w for w in page.warnings)


def test_cap_does_not_break_a_multibyte_character_into_a_guess():
    body = ("<html><body><p>" + "é" * 1000 + "</p></body></html>").encode("utf-8")
    page = decode_page(body, max_bytes=1001)  # cuts the 2-byte é in half
    assert page.encoding == "utf-8"
    assert any("parsed the first 1001" in w for w in page.warnings)


def test_gzip_bomb_is_bounded():
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 20_000_000)
    page = decode_page(bomb, max_bytes=100_000)
    assert len(page.text) <= 100_000
    assert any("larger than 100000" in w for w in page.warnings)


def test_concatenated_gzip_members_are_all_read():
    body = gzip.compress(b"<html><body><p>first part ") + gzip.compress(b"second part</p></body></html>")
    assert "second part" in decode_page(body).text


@pytest.mark.parametrize(
    ("body", "content_type", "what"),
    [
        (b"", None, "empty"),
        (b"  \n\t ", None, "empty"),
        (b"%PDF-1.7\n...", None, "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", None, "JPEG"),
        (b"GIF89a\x01\x00", None, "GIF"),
        (b"PK\x03\x04\x14\x00", None, "ZIP"),
        (b"\x00\x01\x02\x03\x04\x05garbage\x00\x00", None, "binary"),
        (b'{"items": [1, 2, 3]}', "application/json", "JSON"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', None, "feed"),
        (b"anything", "image/png", "image/png"),
    ],
)
def test_non_pages_are_refused_with_a_reason(body, content_type, what):
    with pytest.raises(NotAPageError, match=what):
        decode_page(body, content_type=content_type)


def test_text_without_markup_is_kind_text():
    page = decode_page(b"A plain note about a plant.\n\nSecond paragraph.")
    assert page.kind == "text"


def test_control_characters_are_removed():
    page = decode_page(b"<html><body><p>a\x00b\x0bc\x1fd</p></body></html>")
    assert "abcd" in page.text


# --- undeclared single-byte pages: Western or Central European code page ------------------------

def _page(text: str, head: str = "", lang: str | None = None) -> str:
    attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{attr}><head>{head}<title>Notizie</title></head><body><p>{text}</p></body></html>"


ITALIAN_SHORT = "Il vaccino sarà prodotto a Castel Romano e la città è già pronta."


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (ITALIAN_SHORT, "cp1252"),
        ("La société a inauguré son usine à Évry, où elle fabriquera des vecteurs dès l'été.", "cp1252"),
        ("La planta, que abrirá en otoño, costará 70 millones y tendrá 130 empleados en San Sebastián.", "cp1252"),
        ("O laboratório de terapia génica em Lisboa terá uma área de três mil metros e começará já.", "cp1252"),
        ("Zakład w Gdańsku otrzymał certyfikat. Główny Inspektor Farmaceutyczny wydał zgodę.", "cp1250"),
        ("Společnost otevřela nový závod v Brně, kde bude vyrábět léčivé přípravky.", "cp1250"),
        ("Podjetje je odprlo novo tovarno v Mengšu, kjer bodo čez leto izdelovali virusne vektorje.", "cp1250"),
        ("A vállalat új gyárat nyitott Gödöllőn, ahol génterápiás készítményeket fognak gyártani.", "cp1250"),
        ("Zakład w Gdańsku otrzymał certyfikat. Świadectwo jest ważne przez trzy lata.", "iso8859_2"),
    ],
)
def test_undeclared_code_page_follows_the_language_of_the_text(text, codec):
    page = decode_page(_page(text).encode(codec))
    assert text in page.text, page.encoding


def test_declared_html_lang_chooses_the_western_family_for_a_few_words():
    # too short for a language classifier: 'Sarŕ cosě.' would be as plausible as 'Sarà così.'
    body = _page("Sarà così.", lang="it-IT").encode("cp1252")
    page = decode_page(body)
    assert page.encoding == "cp1252" and "Sarà così." in page.text


def test_http_content_language_chooses_the_family():
    western = decode_page(_page("Sarà così.").encode("cp1252"), content_language="it")
    assert "Sarà così." in western.text
    central = decode_page(_page("Będą źródła.").encode("cp1250"), content_language="pl-PL")
    assert "Będą źródła." in central.text


def test_meta_content_language_chooses_the_family():
    head = '<meta http-equiv="Content-Language" content="cs">'
    page = decode_page(_page("Výroba léčiv.", head=head).encode("cp1250"))
    assert "Výroba léčiv." in page.text


def test_readings_that_differ_only_in_symbols_stay_western():
    # cp1250 reads '¡' as 'ˇ' and ISO-8859-2 as 'Ą' before a capital: no Central European letter
    # inside a word, so nothing speaks for a Central European code page
    page = decode_page(_page("¡Olé!").encode("cp1252"))
    assert page.encoding == "cp1252" and "¡Olé!" in page.text


def test_units_and_signs_do_not_turn_a_western_page_central():
    # 'm³' reads as 'mł' in cp1250, a letter inside a word; the Italian text decides
    text = "Il nuovo stabilimento di 2.000 m³ sarà pronto entro l'anno, già autorizzato dalla regione."
    page = decode_page(_page(text).encode("cp1252"))
    assert text in page.text


def test_confident_text_language_beats_a_wrong_html_lang():
    text = ("Zakład w Gdańsku otrzymał certyfikat. Główny Inspektor Farmaceutyczny wydał zgodę na produkcję "
            "leków terapii genowej w nowym zakładzie. Świadectwo jest ważne przez trzy lata, a zakład zatrudni "
            "stu pracowników.")
    page = decode_page(_page(text, lang="en").encode("cp1250"))  # a CMS default left at 'en'
    assert text in page.text


def test_iso_8859_15_letters_beat_cp1252_signs():
    text = "Le cœur du projet : une œuvre commune à Évry, financée par la région."
    page = decode_page(_page(text).encode("iso8859_15"))  # cp1252 reads œ as '½'
    assert text in page.text


def test_scripts_and_styles_do_not_vote_on_the_language():
    script = ("<script>var s = 'Zaklad w Gdansku otrzymal certyfikat, Glowny Inspektor wydal zgode';</script>"
              "<style>.zaklad{}</style>")
    page = decode_page(_page(ITALIAN_SHORT, head=script).encode("cp1252"))
    assert ITALIAN_SHORT in page.text


def test_visible_text_is_linear_on_unclosed_scripts():
    import time

    from pipeline.parse.decode import visible_text

    markup = "<p>word</p>" + "<script>x" * 50_000 + "<style>" * 50_000
    started = time.perf_counter()
    assert visible_text(markup, 4000) == "word"
    assert time.perf_counter() - started < 1.0
