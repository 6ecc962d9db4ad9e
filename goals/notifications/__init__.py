"""E-mail: check-in reminders to owners, the weekly digest to the board, preferences, unsubscribe.

Nothing here runs in a web request but the preference and unsubscribe pages: `manage.py
send_reminders` builds and sends every e-mail (sending.py), from templates in templates/emails/.
"""
