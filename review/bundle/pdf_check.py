"""PDF documents checked before they are signed into a bundle.

A document that a member cannot open, or that would hold up their viewer,
should be found by the coordinator, not mid-review.  Each PDF is parsed
with pyHanko's reader (a well-kept PDF parser already among the
dependencies), its page tree walked with a guard against loops and deep
nesting, its pages counted and its page content measured.  What is refused
and what is only worth a warning:

- refused: unreadable or truncated (no cross-reference table or end marker),
  a page tree that loops back on itself, nesting deeper than
  :data:`MAX_DEPTH`, more than :data:`MAX_PAGES` pages or
  :data:`MAX_OBJECTS` objects, a page whose drawing instructions exceed
  :data:`MAX_PAGE_CONTENT` bytes, a page count that disagrees with the tree,
  or a document that cannot be checked within :data:`TIME_LIMIT` seconds or
  :data:`MEMORY_LIMIT` bytes;
- warned about: more than :data:`LONG_DOCUMENT` pages.

A hostile document can make any parser slow or hungry, so the check runs in
a worker process (:mod:`review.bundle.pdf_worker`) that is killed when it
overruns; :func:`inspect_pdf` itself is the plain check that runs there.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

MAX_PAGES = 20_000
LONG_DOCUMENT = 1_000
MAX_OBJECTS = 2_000_000
MAX_DEPTH = 32
MAX_PAGE_CONTENT = 32 << 20    # decoded bytes of one page's drawing instructions
MAX_CONTENT = 512 << 20        # … and of the whole document
TIME_LIMIT = 30.0              # seconds per document
MEMORY_LIMIT = 1536 << 20      # bytes of address space for the worker


@dataclass(frozen=True)
class PdfFacts:
    pages: int
    warning: str | None = None    # completes "The document X …", like a refusal


class PdfRefused(ValueError):
    """Why a PDF may not go into a bundle; the message completes 'The document X …'."""


def inspect_pdf(data: bytes) -> PdfFacts:
    """Parse and measure one PDF; raises PdfRefused with the reason."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    if b"%%EOF" not in data[-2048:]:
        raise PdfRefused("is truncated: it does not end like a complete PDF file. Copy it "
                         "again from the original.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise PdfRefused("is password-protected; save an unprotected copy.")
        objects = _object_count(reader)
        if objects > MAX_OBJECTS:
            raise PdfRefused(f"holds {objects:,} objects, more than a document may "
                             f"({MAX_OBJECTS:,}).")
        root = reader.root
        pages = _walk(root.raw_get("/Pages"), reader)
    except PdfRefused:
        raise
    except RecursionError:
        raise PdfRefused("has a page tree nested too deeply to read.") from None
    except MemoryError:
        raise PdfRefused("needs more memory to read than a document may.") from None
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, IndexError,
            OSError) as exc:
        raise PdfRefused(f"cannot be read as a PDF ({type(exc).__name__}: "
                         f"{str(exc)[:120]}). Open it and save it again as PDF.") from None
    if pages == 0:
        raise PdfRefused("has no pages.")
    warning = (f"is very long ({pages:,} pages); members can read it, but it may take a "
               "moment to open." if pages > LONG_DOCUMENT else None)
    return PdfFacts(pages, warning)


def _object_count(reader) -> int:
    size = reader.trailer_view.get("/Size", 0)
    try:
        return int(size)
    except (TypeError, ValueError):
        return 0


def _walk(ref, reader) -> int:
    """Pages under a page-tree node, refusing loops, deep nesting, too many pages and
    pages whose content is too large to draw."""
    from pyhanko.pdf_utils import generic
    seen: set[tuple[int, int]] = set()
    stack = [(ref, 0)]
    pages = 0
    content_total = 0
    while stack:
        node_ref, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PdfRefused(f"has a page tree nested more than {MAX_DEPTH} levels deep.")
        if isinstance(node_ref, generic.IndirectObject):
            key = (node_ref.idnum, node_ref.generation)
            if key in seen:
                raise PdfRefused("has a page tree that loops back on itself, which would "
                                 "hold up any viewer.")
            seen.add(key)
            node = node_ref.get_object()
        else:
            node = node_ref
        if not isinstance(node, generic.DictionaryObject):
            raise PdfRefused("has a damaged page tree (a node that is not a dictionary).")
        kind = node.get("/Type")
        kids = node.raw_get("/Kids") if "/Kids" in node else None
        if kind == "/Pages" or (kind is None and kids is not None):
            kids = kids.get_object() if isinstance(kids, generic.IndirectObject) else kids
            if not isinstance(kids, generic.ArrayObject):
                raise PdfRefused("has a damaged page tree (its /Kids is not a list).")
            for i in range(len(kids) - 1, -1, -1):
                stack.append((list.__getitem__(kids, i), depth + 1))
            continue
        pages += 1
        if pages > MAX_PAGES:
            raise PdfRefused(f"has more than {MAX_PAGES:,} pages, more than a document may.")
        size = _content_size(node)
        if size > MAX_PAGE_CONTENT:
            raise PdfRefused(f"has a page ({pages:,}) whose drawing instructions take "
                             f"{size / (1 << 20):,.0f} MiB: too complex for a viewer to show.")
        content_total += size
        if content_total > MAX_CONTENT:
            raise PdfRefused("has more drawing instructions in all than a viewer can show "
                             f"({MAX_CONTENT >> 20} MiB).")
    return pages


def _content_size(page) -> int:
    from pyhanko.pdf_utils import generic
    contents = page.get("/Contents")
    if contents is None:
        return 0
    streams = contents if isinstance(contents, generic.ArrayObject) else [contents]
    total = 0
    for stream in streams:
        stream = stream.get_object() if isinstance(stream, generic.IndirectObject) else stream
        if isinstance(stream, generic.StreamObject):
            total += len(stream.data)  # decoded: what a viewer has to interpret
            if total > MAX_PAGE_CONTENT:
                break
    return total
