# One image for web, worker, beat and migrate (see docker-compose.yml).
FROM node:20-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SINERGIA_VAR_DIR=/app/var
WORKDIR /app
# The runtime packages only, each checked against its hash (the test tools are in requirements-dev.lock).
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY backend/ backend/
COPY infra/ infra/
COPY --from=frontend /src/frontend/dist frontend/dist
RUN cd backend && DEBUG=false SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app sinergia && chown -R sinergia /app/var
USER sinergia
WORKDIR /app/backend
EXPOSE 8000
CMD ["gunicorn", "-c", "/app/infra/gunicorn.conf.py", "sinergia.wsgi"]
