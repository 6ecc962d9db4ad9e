# Day, month, year: the site's English since before it was translated.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
# With seconds: the change history tells apart versions saved within a minute.
DATETIME_FORMAT = "j F Y, H:i:s"
