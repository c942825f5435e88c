"""The one-pass phrase automaton: boundaries, wildcards, accents, duplicates."""

from __future__ import annotations

from pppcheck.matching.normalize import normalize
from pppcheck.matching.phrases import PhraseTable


def _found(phrases: list[str], text: str) -> dict[str, list[str]]:
    table = PhraseTable()
    ids = {p: table.add(p) for p in phrases}
    norm = normalize(text)
    hits = table.scan(norm)
    return {p: [text[a:b] for a, b in hits.get(i, [])] for p, i in ids.items()}


def test_word_boundaries_are_respected() -> None:
    found = _found(["data", "api"], "Metadata and the API; rapid data.")
    assert found["data"] == ["data"]
    assert found["api"] == ["API"]


def test_case_accents_and_hyphens_are_ignored() -> None:
    found = _found(
        ["proprieté de la collectivite", "open source"], "PROPRIÉTÉ de la Collectivité, Open-Source"
    )
    assert found["proprieté de la collectivite"] == ["PROPRIÉTÉ de la Collectivité"]
    assert found["open source"] == ["Open-Source"]


def test_trailing_wildcard_matches_word_endings() -> None:
    found = _found(["reconduit*"], "reconduit, reconduite et reconduits; reconduction")
    assert found["reconduit*"] == ["reconduit", "reconduite", "reconduits"]


def test_inner_wildcard_is_verified_at_the_candidate() -> None:
    found = _found(
        ["propriét* de la collectivit*"], "propriétaire de la collectivité; propriété du titulaire"
    )
    assert found["propriét* de la collectivit*"] == ["propriétaire de la collectivité"]


def test_duplicate_phrases_share_one_id() -> None:
    table = PhraseTable()
    assert table.add("Open Data") == table.add("open  data") == table.add("OPEN-DATA")
    assert len(table) == 1


def test_non_word_edges_need_no_boundary() -> None:
    found = _found(["{{", "[insert"], "The {{agency}} shall [Insert date].")
    assert found["{{"] == ["{{"]
    assert found["[insert"] == ["[Insert"]


def test_many_phrases_one_pass() -> None:
    phrases = [f"term{i} clause" for i in range(3000)]
    text = " ".join(f"term{i} clause" for i in range(0, 3000, 7))
    found = _found(phrases, text)
    assert sum(1 for v in found.values() if v) == len(range(0, 3000, 7))


def test_a_pickled_table_scans_and_grows_like_the_original() -> None:
    """The cached pack stores phrase texts only; phrases and ids are rebuilt on demand."""
    import pickle

    table = PhraseTable()
    ids = [table.add(p) for p in ["open data", "data*", "open*source", "api"]]
    atom = table.add_atom("portal")
    text = normalize("The open data portal and its open-source API; metadata.")
    loaded = pickle.loads(pickle.dumps(table))
    assert loaded.scan_all(text).phrases == table.scan_all(text).phrases
    assert loaded.scan_all(text).atoms == {atom: {0}}
    assert loaded.phrases == table.phrases
    assert len(loaded) == len(table) == 4
    assert [loaded.add(p) for p in ["open data", "data*", "open*source", "api"]] == ids
    new = loaded.add("platform")
    assert new == 4 and loaded.phrases[new].text == "platform"
    assert loaded.scan(normalize("A data platform."))[new] == [(7, 15)]


def test_hits_are_placed_in_sentences_by_the_offset_map() -> None:
    """The scan places a hit in the sentence its start falls in; before the first sentence
    start a phrase hit is in none (-1) and an atom counts in the first, as the pass did."""
    table = PhraseTable()
    data = table.add("data")
    atom = table.add_atom("ata")
    text = "data x data y data"
    scan = table.scan_all(text, [5, 7, 14])
    assert scan.phrase(data) == {-1: [(0, 4)], 1: [(7, 11)], 2: [(14, 18)]}
    assert scan.atom_sentences(atom) == {0, 1, 2}


def test_more_sentences_than_a_short_offset_map_holds() -> None:
    table = PhraseTable()
    word = table.add("ab")
    count = 70_000  # beyond 65,535: the map switches to 4-byte entries
    text = "ab " * count
    scan = table.scan_all(text, range(0, 3 * count, 3))
    found = scan.phrase(word)
    assert len(found) == count
    assert found[count - 1] == [(3 * (count - 1), 3 * (count - 1) + 2)]


def test_a_scan_keeps_the_keys_it_was_made_with() -> None:
    """Phrases added after a scan (a pack grown later) are absent from it, not misread."""
    table = PhraseTable()
    data = table.add("data")
    scan = table.scan_all("open data portal")
    portal = table.add("portal")
    assert scan.phrase(data) == {0: [(5, 9)]}
    assert scan.phrase(portal) == {}
    assert table.scan_all("open data portal").phrase(portal) == {0: [(10, 16)]}


def test_occurring_keeps_the_phrases_and_atoms_whose_key_is_in_the_text() -> None:
    """The presence filter drops absent phrases and atoms, keeps the given order, and keeps a
    phrase whose key occurs even where its boundaries fail (its hits are checked later)."""
    table = PhraseTable()
    data, api, metadata_only = table.add("data"), table.add("api"), table.add("metadata")
    absent = table.add("portal")
    rapid, missing_atom = table.add_atom("apid"), table.add_atom("zzz")
    scan = table.scan_all("rapid metadata")
    assert scan.occurring([absent, metadata_only, data, api]) == [metadata_only, data, api]
    assert scan.phrase(data) == {} and scan.phrase(api) == {}  # inside words: no hit
    assert scan.atoms_occurring([missing_atom, rapid]) == [rapid]
    later = table.add("rapid")  # added after the scan: absent from it
    assert scan.occurring([later, data]) == [data]
