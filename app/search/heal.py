"""The index checks itself when it is opened (issue 11 item 6). No Flask imports.

- A schema stamp (``hallmark_index.json``: the layout version and the schema's fields) is written when
  the index is created; an index without it, or written by another layout, is rebuilt (an upgrade
  forces a reindex, as Paperless-ngx does).
- A checksum per segment file (``hallmark_sums.json``: size and SHA-256), written after every commit
  under the index's file lock. Whoosh segment files never change once written, so any difference is
  damage (truncated, zeroed, replaced); a segment file missing from the sums (written before this
  existed, or a crash between commit and sums) is probed by reading it all, then added.
- While a damaged index is rebuilt in the background, searches are answered by `scan_search`, a plain
  scan of the database's documents with the same literal matching, so no request fails.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os

from .interface import Hit, SearchResult

LAYOUT_VERSION = 6  # raise when the index layout changes in a way the field list does not show
STAMP = "hallmark_index.json"
SUMS = "hallmark_sums.json"


class Damaged(Exception):
    """The index on disk cannot be trusted; str() says why (in English, for the log)."""


def schema_signature(schema) -> dict:
    return {
        "layout": LAYOUT_VERSION,
        "fields": sorted(f"{name}:{type(schema[name]).__name__}" for name in schema.names()),
    }


def write_stamp(index_dir: str, schema) -> None:
    _write_json(os.path.join(index_dir, STAMP), schema_signature(schema))


def check_stamp(index_dir: str, schema) -> None:
    try:
        with open(os.path.join(index_dir, STAMP), encoding="utf-8") as fh:
            found = json.load(fh)
    except (OSError, ValueError):
        raise Damaged("no schema stamp (index written by an older version)") from None
    if found != schema_signature(schema):
        raise Damaged(f"index schema {found.get('layout')} differs from {LAYOUT_VERSION}")


def segment_files(index_dir: str, ix) -> list[str]:
    """The files of the index's current segments and its table of contents."""
    names = set()
    for seg in ix._segments():
        names.update(os.path.basename(p) for p in glob.glob(os.path.join(index_dir, f"{seg.segment_id()}*")))
    names.update(os.path.basename(p) for p in glob.glob(os.path.join(index_dir, f"_{ix.indexname}_*.toc")))
    return sorted(names)


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_sums(index_dir: str) -> dict:
    try:
        with open(os.path.join(index_dir, SUMS), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def write_sums(index_dir: str, ix) -> None:
    """Record the current segment files (caller holds the file lock, right after a commit)."""
    old = _read_sums(index_dir)
    sums = {}
    for name in segment_files(index_dir, ix):
        path = os.path.join(index_dir, name)
        size = os.path.getsize(path)
        known = old.get(name)
        sums[name] = known if known and known[0] == size and not name.endswith(".toc") else [size, _sha256(path)]
    _write_json(os.path.join(index_dir, SUMS), sums)


def check_segments(index_dir: str, ix) -> list[str]:
    """Files whose size or checksum differ from the sums, and files listed there but gone. Files not
    in the sums are probed by reading every stored document and term; they raise Damaged if broken."""
    sums = _read_sums(index_dir)
    problems, unknown = [], []
    current = segment_files(index_dir, ix)
    for name in current:
        path = os.path.join(index_dir, name)
        if name not in sums:
            unknown.append(name)
            continue
        size, digest = sums[name]
        if os.path.getsize(path) != size:
            problems.append(f"{name}: {os.path.getsize(path)} bytes, {size} when written")
        elif not name.endswith(".toc") and _sha256(path) != digest:
            problems.append(f"{name}: content changed since it was written")
    for seg in ix._segments():
        if not glob.glob(os.path.join(index_dir, f"{seg.segment_id()}*")):
            problems.append(f"segment {seg.segment_id()}: files missing")
    if not problems and any(not n.endswith(".toc") for n in unknown):
        probe(ix)
    return problems


def probe(ix) -> None:
    """Read every segment through: stored fields and every field's terms and posting lists."""
    try:
        with ix.searcher() as s:
            reader = s.reader()
            for docnum in range(reader.doc_count_all()):
                if not reader.is_deleted(docnum):
                    reader.stored_fields(docnum)
            for fieldname in ix.schema.names():
                if not ix.schema[fieldname].indexed:
                    continue
                for term in reader.lexicon(fieldname):
                    for _ in reader.postings(fieldname, term).all_ids():
                        pass
    except Exception as exc:  # noqa: BLE001 - any failure while reading is damage
        raise Damaged(f"segment unreadable: {exc.__class__.__name__}: {exc}") from None


def _write_json(path: str, value) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(value, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# ----------------------------------------------------------------------------- the database scan
def scan_search(
    docs, pq, filters: dict, sort: str, page: int, per_page, include_restricted: bool, today, normalize, passes
) -> SearchResult:
    """Answer a query from the documents themselves (each SearchDoc from the database): the same
    literal rule as the index (every group has a term in the text, no excluded term), title hits
    first, then newest. Slow for a large library, but right, and only used while the index heals."""
    groups, excluded, terms = pq.groups, pq.excluded, pq.terms
    found = []
    for doc in docs:
        if not include_restricted and not doc.visible_on(today):
            continue
        if filters and not passes(doc, filters):
            continue
        text = normalize(f"{doc.title} {doc.number} {doc.body}")
        if groups and not all(any(t in text for t in g) for g in groups):
            continue
        if any(t in text for t in excluded):
            continue
        title = normalize(f"{doc.title} {doc.number}")
        title_match = bool(terms) and any(t in title for t in terms)
        score = float(sum(text.count(t) for t in terms)) + (100.0 if title_match else 0.0)
        found.append((doc, score, title_match))
    if sort == "date":
        found.sort(key=lambda x: (x[0].date.toordinal() if x[0].date else 0), reverse=True)
    else:
        found.sort(key=lambda x: (x[1], x[0].date.toordinal() if x[0].date else 0), reverse=True)
    total = len(found)
    if per_page is not None:
        start = max(page - 1, 0) * per_page
        found = found[start : start + per_page]
    return SearchResult(total, [Hit(d.key, s, t) for d, s, t in found], terms)
