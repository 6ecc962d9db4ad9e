"""A local GitHub for the tests: a real HTTP server on 127.0.0.1 (a thread), answering the REST and
GraphQL shapes of GitHub's documentation. The real client (goals/github/client.py) talks to it.

It knows repositories, issues (with `sub_issues_summary`), pull requests (`merged_at`), milestones
(`open_issues`, `closed_issues`), sub-issues, Projects (v2) items over POST /graphql, file contents
(base64), answers lists a page at a time with Link headers, 304 to a matching If-None-Match, a
rate-limit 403 (x-ratelimit-remaining 0, x-ratelimit-reset) when told to, and 404 for a deleted
repository. Every request is logged, so tests can count them.
"""

import base64
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RESET_AT = 1893456000  # 2030-01-01 00:00 UTC


def user(login):
    return {"login": login, "id": abs(hash(login)) % 10**6, "type": "User"}


class FakeGitHub:
    def __init__(self):
        self.repos = {}  # (owner, repo) -> {"private": bool}
        self.issues = {}  # (owner, repo, number) -> issue JSON
        self.pulls = {}  # (owner, repo, number) -> pull JSON
        self.milestones = {}  # (owner, repo, number) -> milestone JSON
        self.sub_issues = {}  # (owner, repo, parent number) -> [child numbers]
        self.projects = {}  # (login, number) -> {"public": bool, "items": [item JSON]}
        self.files = {}  # (owner, repo, path, ref) -> text
        self.page_size = 30
        self.rate_limited = False
        self.remaining = 4999
        self.log = []  # (method, path with query, If-None-Match)
        self.tokens_seen = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # -- what the tests set up ------------------------------------------------------------------

    def add_repo(self, owner, repo, *, private=False):
        self.repos[(owner, repo)] = {"private": private}

    def delete_repo(self, owner, repo):
        self.repos.pop((owner, repo), None)

    def add_issue(
        self, owner, repo, number, *, title, state="open", author="octocat", closed_at=None, milestone=None
    ):
        self.repos.setdefault((owner, repo), {"private": False})
        self.issues[(owner, repo, number)] = {
            "id": 1000 + number,
            "node_id": f"I_{number}",
            "number": number,
            "html_url": f"https://github.com/{owner}/{repo}/issues/{number}",
            "title": title,
            "state": state,
            "state_reason": "completed" if state == "closed" else None,
            "user": user(author),
            "closed_at": closed_at,
            "milestone": {"number": milestone} if milestone else None,
            "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
        }
        return self.issues[(owner, repo, number)]

    def add_sub_issue(self, owner, repo, parent, number, **issue):
        self.add_issue(owner, repo, number, **issue)
        self.sub_issues.setdefault((owner, repo, parent), []).append(number)
        children = [self.issues[(owner, repo, n)] for n in self.sub_issues[(owner, repo, parent)]]
        done = sum(child["state"] == "closed" for child in children)
        self.issues[(owner, repo, parent)]["sub_issues_summary"] = {
            "total": len(children),
            "completed": done,
            "percent_completed": round(100 * done / len(children)),
        }

    def add_pull(self, owner, repo, number, *, title, merged_at=None, state=None, author="octocat"):
        self.repos.setdefault((owner, repo), {"private": False})
        self.pulls[(owner, repo, number)] = {
            "id": 2000 + number,
            "number": number,
            "html_url": f"https://github.com/{owner}/{repo}/pull/{number}",
            "title": title,
            "state": state or ("closed" if merged_at else "open"),
            "merged": merged_at is not None,
            "merged_at": merged_at,
            "user": user(author),
        }

    def add_milestone(self, owner, repo, number, *, title):
        self.repos.setdefault((owner, repo), {"private": False})
        self.milestones[(owner, repo, number)] = {"number": number, "title": title, "state": "open"}

    def add_project_item(self, login, number, item_id, *, status, content, public=True):
        project = self.projects.setdefault((login, number), {"public": public, "items": []})
        project["items"].append({"databaseId": item_id, "status": status, "content": content})

    def add_file(self, owner, repo, path, ref, text):
        self.repos.setdefault((owner, repo), {"private": False})
        self.files[(owner, repo, path, ref)] = text

    def requests_to(self, fragment=""):
        return [entry for entry in self.log if fragment in entry[1]]

    # -- the server -----------------------------------------------------------------------------

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                fake._answer(self, "GET")

            def do_POST(self):
                fake._answer(self, "POST")

        return Handler

    def _answer(self, handler, method):
        fake_etag = handler.headers.get("If-None-Match", "")
        self.log.append((method, handler.path, fake_etag))
        self.tokens_seen.append(handler.headers.get("Authorization", ""))
        if self.rate_limited:
            return self._send(
                handler,
                403,
                {"message": "API rate limit exceeded", "documentation_url": "https://docs.github.com/rest"},
                headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(RESET_AT)},
            )
        parts = urlsplit(handler.path)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if method == "POST" and parts.path == "/graphql":
            length = int(handler.headers.get("Content-Length") or 0)
            return self._send(handler, 200, self._graphql(json.loads(handler.rfile.read(length))))
        segments = parts.path.strip("/").split("/")
        if len(segments) < 3 or segments[0] != "repos":
            return self._send(handler, 404, {"message": "Not Found"})
        owner, repo, rest = segments[1], segments[2], segments[3:]
        if (owner, repo) not in self.repos:
            return self._send(handler, 404, {"message": "Not Found"})
        status, body, paged = self._rest(owner, repo, rest, query)
        if paged:
            return self._send_page(handler, body, query, fake_etag)
        return self._send(handler, status, body, etag_of=fake_etag if status == 200 else None)

    def _rest(self, owner, repo, rest, query):
        """(status, body, is a list) for a REST path below /repos/{owner}/{repo}."""
        if not rest:
            return (
                200,
                {"full_name": f"{owner}/{repo}", "private": self.repos[(owner, repo)]["private"]},
                False,
            )
        kind, number = rest[0], rest[1] if len(rest) > 1 else None
        if kind == "issues" and number is None:
            issues = [
                issue
                for (o, r, _), issue in sorted(self.issues.items())
                if (o, r) == (owner, repo)
                and str((issue["milestone"] or {}).get("number")) == query.get("milestone")
                and query.get("state", "open") in (issue["state"], "all")
            ]
            return 200, issues, True
        key = (owner, repo, int(number)) if number and number.isdigit() else None
        if kind == "issues" and rest[2:] == ["sub_issues"] and key in self.issues:
            return 200, [self.issues[(owner, repo, n)] for n in self.sub_issues.get(key, [])], True
        if kind == "issues" and len(rest) == 2 and key in self.issues:
            return 200, self.issues[key], False
        if kind == "pulls" and len(rest) == 2 and key in self.pulls:
            return 200, self.pulls[key], False
        if kind == "milestones" and len(rest) == 2 and key in self.milestones:
            milestone = dict(self.milestones[key])
            mine = [i for (o, r, _), i in self.issues.items() if (o, r) == (owner, repo)]
            mine = [i for i in mine if (i["milestone"] or {}).get("number") == key[2]]
            milestone["open_issues"] = sum(i["state"] == "open" for i in mine)
            milestone["closed_issues"] = sum(i["state"] == "closed" for i in mine)
            return 200, milestone, False
        if kind == "contents":
            path = "/".join(rest[1:])
            text = self.files.get((owner, repo, path, query.get("ref", "main")))
            if text is not None:
                content = base64.encodebytes(text.encode()).decode()
                sha = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
                return (
                    200,
                    {"type": "file", "encoding": "base64", "path": path, "sha": sha, "content": content},
                    False,
                )
        return 404, {"message": "Not Found"}, False

    def _graphql(self, request):
        variables = request.get("variables", {})
        project = self.projects.get((variables.get("login"), variables.get("number")))
        scope = "organization" if "organization(" in request["query"] else "user"
        if project is None:
            return {
                "data": {scope: None},
                "errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a ProjectV2."}],
            }
        start = int(variables.get("after") or 0)
        items = project["items"][start : start + self.page_size]
        has_next = start + self.page_size < len(project["items"])
        nodes = [
            {
                "databaseId": item["databaseId"],
                "fieldValueByName": {"name": item["status"]} if item["status"] else None,
                "content": item["content"],
            }
            for item in items
        ]
        return {
            "data": {
                scope: {
                    "projectV2": {
                        "public": project["public"],
                        "title": "Roadmap",
                        "items": {
                            "nodes": nodes,
                            "pageInfo": {"hasNextPage": has_next, "endCursor": str(start + self.page_size)},
                        },
                    }
                }
            }
        }

    def _send_page(self, handler, items, query, if_none_match):
        per_page = min(int(query.get("per_page", 30)), self.page_size)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []
        if page * per_page < len(items):
            parts = urlsplit(handler.path)
            others = "&".join(f"{k}={v}" for k, v in sorted(query.items()) if k != "page")
            links.append(f'<{self.url}{parts.path}?{others}&page={page + 1}>; rel="next"')
        headers = {"Link": ", ".join(links)} if links else {}
        # The ETag is over the whole list, so any change on any page changes the first page's.
        return self._send(handler, 200, chunk, headers=headers, etag_of=if_none_match, etag_body=items)

    def _send(self, handler, status, body, *, headers=None, etag_of=None, etag_body=None):
        payload = json.dumps(body).encode()
        headers = dict(headers or {})
        if etag_of is not None:
            digest = hashlib.sha1(
                json.dumps(etag_body if etag_body is not None else body).encode(), usedforsecurity=False
            )
            etag = f'W/"{digest.hexdigest()}"'
            headers["ETag"] = etag
            if etag_of == etag:
                status, payload = 304, b""
        if status != 304:
            self.remaining -= 1
        headers.setdefault("x-ratelimit-limit", "5000")
        headers.setdefault("x-ratelimit-remaining", str(max(self.remaining, 0)))
        headers.setdefault("x-ratelimit-reset", str(RESET_AT))
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        if payload:
            handler.wfile.write(payload)
