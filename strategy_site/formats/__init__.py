"""Date formats per language (FORMAT_MODULE_PATH), where the site's differ from Django's.

Templates and code write dates with the named formats, `|date:"DATE_FORMAT"` ("2 December 2026",
"2 de diciembre de 2026") and `|date:"SHORT_DATE_FORMAT"` ("2 Dec 2026", "2 dic 2026"), never a
literal English pattern; anything not set here is Django's for that language.
"""
