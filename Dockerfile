# The site as one stateless image: gunicorn serving Django, whitenoise serving the static files.
# Build:  docker build -t strategy-site .
# Run:    docker run -p 8000:8000 -e DJANGO_SECRET_KEY=... -e DJANGO_ALLOWED_HOSTS=plan.example.org \
#           -e DATABASE_URL=postgres://... -e REDIS_URL=redis://... -v /shared/media:/data/media strategy-site
# Migrate once per release (the Procfile's `release` step): docker run ... strategy-site python manage.py migrate
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --create-home --uid 10001 app \
    && mkdir -p /data/media \
    && chown app /data/media

WORKDIR /app
# Requirements first, so a code change does not reinstall them. psycopg2-binary ships wheels: no
# compiler or libpq needed.
COPY requirements.txt .
RUN pip install -r requirements.txt

# Everything else that .dockerignore lets through (no .venv, .git, databases, media, tests).
COPY . .

# The translations' .mo files, built from the .po catalogues; gettext is needed for this step only.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gettext >/dev/null \
    && python manage.py compilemessages -v0 \
    && apt-get purge -y -qq gettext >/dev/null && rm -rf /var/lib/apt/lists/*

# Hashed, compressed static files baked into the image. The key here is a placeholder: collectstatic
# needs settings to load, not a secret, and the real key only ever comes from the environment.
RUN DJANGO_DEBUG=False DJANGO_SECRET_KEY=collectstatic-only DJANGO_ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput -v0

USER app
ENV DJANGO_DEBUG=False \
    DJANGO_MEDIA_ROOT=/data/media \
    PORT=8000
EXPOSE 8000
# The same command as the Procfile's `web` process.
CMD ["gunicorn", "strategy_site.wsgi", "--config", "gunicorn.conf.py"]
