"""The one normaliser: case, umlauts, ß and both German spellings fold the same way."""

import pytest

from crm.search.normalize import normalize, phone_key, search_key, search_terms


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["Müller", "Mueller", "muller", "MÜLLER", "MUELLER"], "muller"),
        (["Straße", "strasse", "STRASSE", "Strasse"], "strasse"),
        (["Jörg", "Joerg", "jorg", "JÖRG"], "jorg"),
        (["Weiß-Größer", "Weiss-Groesser", "weiss-grosser"], "weiss-grosser"),
        (["Bad Ueckermünde", "bad ueckermuende", "Bad Uckermunde"], "bad uckermunde"),
        (["Café René", "cafe rene"], "cafe rene"),
    ],
)
def test_spellings_fold_to_one_form(spellings, folded):
    assert {normalize(s) for s in spellings} == {folded}


def test_every_word_of_a_stored_text_is_found_by_itself():
    # a word later in the text folds like the same word typed alone (digraph at word start)
    stored = search_key("Landkreis Vorpommern", "Ueckermünde", "info@ueckermuende.de")
    for word in ("ueckermünde", "Ückermünde", "vorpommern", "info@ueckermuende.de"):
        assert all(term in stored for term in search_terms(word)), word


def test_search_terms_split_words_and_reduce_phone_numbers_to_digits():
    assert search_terms("  Jörg   Müller ") == ["jorg", "muller"]
    assert search_terms("0341/123-456") == ["0341123456"]
    assert search_terms("") == [] and search_terms(None) == []


def test_phone_key_gives_digits_and_the_national_form():
    assert phone_key("+49 341 123-456") == "49341123456 0341123456"
    assert phone_key("0341 123456") == "0341123456"
    assert phone_key("") == "" and phone_key(None) == ""
