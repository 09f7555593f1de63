# The intervention engine's image. It runs the worker by default (`python -m workers`); the
# same image runs `intervention ...` commands and the API (`python -m api`).
#
# Three stages: the first installs the dashboard's GOV.UK Frontend files from npm, at the
# versions package-lock.json pins; the second builds a virtual environment with them inside;
# the third copies only that environment onto a clean base and runs as an unprivileged user.
FROM node:20.19.5-bookworm-slim AS assets

WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/govuk-assets scripts/
RUN scripts/govuk-assets

FROM python:3.11.14-slim-bookworm AS build

WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY domain/ domain/
COPY eventstore/ eventstore/
COPY activities/ activities/
COPY workflows/ workflows/
COPY application/ application/
COPY workers/ workers/
COPY cli/ cli/
COPY api/ api/
COPY --from=assets /src/api/static/govuk/ api/static/govuk/
# The otel extra brings the OpenTelemetry SDK and OTLP exporter that tracing needs.
RUN /opt/venv/bin/pip install --no-cache-dir ".[otel]"

FROM python:3.11.14-slim-bookworm

# A fixed uid, so files on mounted volumes have a predictable owner.
RUN groupadd --system --gid 10001 engine \
    && useradd --system --uid 10001 --gid engine --home-dir /home/engine --create-home engine
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    INTERVENTION_DATA_DIR=/home/engine/data
USER 10001:10001
WORKDIR /home/engine
# Prometheus metrics, when INTERVENTION_METRICS_ADDRESS is 0.0.0.0:9464.
EXPOSE 9464
CMD ["python", "-m", "workers"]
