# comisionbot: the Telegram bot, as a small image with a non-root user and the database on a volume.
FROM python:3.11-slim AS build
WORKDIR /src
# Every top-level package of pyproject.toml's [tool.setuptools.packages.find] (tests/test_packaging.py checks it).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY db ./db
COPY handlers ./handlers
COPY lang ./lang
COPY seed ./seed
RUN pip install --no-cache-dir --prefix=/install ".[postgres]"

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    TZ=America/Mexico_City \
    DATABASE_URL=sqlite:////data/comisionbot.db
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin comisionbot \
    && mkdir -p /data && chown comisionbot /data
USER comisionbot
WORKDIR /data
VOLUME ["/data"]
# Webhook mode listens here (WEBHOOK_URL, WEBHOOK_PORT); polling needs no port.
EXPOSE 8443
HEALTHCHECK --interval=60s --timeout=10s --start-period=60s --retries=3 CMD ["comisionbot", "health"]
STOPSIGNAL SIGTERM
CMD ["comisionbot", "run"]
