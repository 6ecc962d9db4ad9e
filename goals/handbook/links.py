"""Relative links in a plan's Markdown: found with their lines, or resolved against the address the
file came from (`import_plan --base-url`).

A handbook page links its neighbours relatively (the 2i2c plan: `[major projects](../projects/index.md)`);
on this site such a link leads nowhere. Text in, text out, line by line, so the line numbers that
the parser's errors and these warnings give are the file's own. Links in code (fenced blocks and
`code spans`) are text, not links, and stay as they are.
"""

import re
from urllib.parse import urljoin, urlsplit

from goals.handbook.markdown import FENCE

# An inline link or image, `[text](url "title")`, and a reference definition, `[ref]: url`.
INLINE_LINK = re.compile(r"\]\(\s*(?P<url><[^<>\n]*>|[^\s()<>]+)")
DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<url><[^<>\n]*>|\S+)")
CODE_SPAN = re.compile(r"(`+).+?\1")


def _is_relative(url):
    """A link with neither a scheme nor a host: "../projects/index.md", "/about", "#goals"."""
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[" and the like: not a link a browser follows anywhere
        return False
    return bool(url) and not parts.scheme and not url.startswith("//")


def _links(line):
    """(start, end, url) of each link address on the line, outside code spans."""
    code = [match.span() for match in CODE_SPAN.finditer(line)]
    matches = [*INLINE_LINK.finditer(line), *DEFINITION.finditer(line)]
    for match in sorted(matches, key=lambda match: match.start("url")):
        start, end = match.span("url")
        if any(code_start <= start < code_end for code_start, code_end in code):
            continue
        url = match["url"]
        yield start, end, url[1:-1] if url.startswith("<") else url


def _lines_outside_code(text):
    in_fence = False
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # numbered as the parser does
    for number, line in enumerate(lines, start=1):
        if FENCE.match(line):
            in_fence = not in_fence
            yield number, line, False
        else:
            yield number, line, not in_fence


def relative_links(text):
    """[(line, url)] for each relative link in the text, in order."""
    return [
        (number, url)
        for number, line, is_markdown in _lines_outside_code(text)
        if is_markdown
        for _, _, url in _links(line)
        if _is_relative(url)
    ]


def resolve_relative_links(text, base_url):
    """The text with each relative link made absolute against `base_url` (the file's own address)."""
    lines = []
    for _, line, is_markdown in _lines_outside_code(text):
        if is_markdown:
            for start, end, url in reversed(list(_links(line))):
                if _is_relative(url):
                    absolute = urljoin(base_url, url)
                    if line[start] == "<":  # <an address with spaces>
                        absolute = f"<{absolute}>"
                    line = f"{line[:start]}{absolute}{line[end:]}"
        lines.append(line)
    return "\n".join(lines)
