# DATE_FORMAT is Django's ("2 de diciembre de 2026"); short dates keep the month's name, in lower case.
SHORT_DATE_FORMAT = "j b Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i:s"
