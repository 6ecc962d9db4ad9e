"""GitHub as a source: the REST/GraphQL client, the sync that `manage.py sync_github` runs, the
webhook that queues it, and plans read from a repository file. Only commands import the client
and the sync: no page request waits for GitHub (pyproject.toml's contract)."""
