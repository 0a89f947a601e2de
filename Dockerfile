# The web, worker and beat image. Build: docker build -t datasharing .
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries and a font for the sealed PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install .

COPY --chown=app:app . .
RUN SECRET_KEY=build-only-not-a-secret SITE_URL=http://build.invalid DEBUG=false \
    ENV_FILE=/dev/null python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/var/signing && chown app:app /app/media /app/var/signing

USER app
EXPOSE 8000
CMD ["gunicorn", "datasharing.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
