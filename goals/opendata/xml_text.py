"""Text that XML 1.0 can carry. The feeds and badges are XML documents, and XML 1.0 has no way at
all to write most control characters (not even as a character reference); a form or an import can
still let one into a title. They are dropped, so the document stays well formed; escaping the rest
(`<`, `&`, quotes) is the XML writer's and the template's job."""

import re

NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text):
    """`text` without the characters XML 1.0 forbids."""
    return NOT_IN_XML.sub("", text)
