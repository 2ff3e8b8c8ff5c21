# sanctions-screen container: the REST API by default (`serve`), any CLI command otherwise.
#
# Build (docker/build.sh does all of this, and builds the wheels first):
#   pip wheel . -w dist/
#   docker build --network none -t sanctions-screen \
#     [--build-arg BASE_IMAGE=python:3.11-slim-bookworm] [--build-arg LIST_DATA=path/in/context] .
#
# BASE_IMAGE  an image with python3 (>= 3.11) and its venv module, e.g. python:3.11-slim-bookworm;
#             docker/build-base.sh makes one from Debian's packages when no image registry is
#             reachable. The same base is used for both stages (the venv points at its python3).
# LIST_DATA   a folder of official list files (in the build context) baked into /srv/lists with
#             their parse cache, for reproducible CI runs. Without it the container serves the
#             embedded demo list, or what `SANCTIONS_UPDATE_ON_START=true` fetches at start.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
LABEL org.sanctions-screen.stage=build
ARG LIST_DATA=docker/empty-lists
ENV PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1 SANCTIONS_WATCHLISTS_DIR=/opt/sanctions-screen/share/watchlists
COPY watchlists/ /opt/sanctions-screen/share/watchlists/
COPY dist/ /tmp/wheels/
COPY docker/install.sh /tmp/install.sh
RUN sh /tmp/install.sh
COPY ${LIST_DATA}/ /srv/lists/
# Parse the baked-in lists once now: the container then starts from the parse cache.
RUN if ls /srv/lists/* >/dev/null 2>&1; then \
      /opt/sanctions-screen/bin/sanctions-screen lists --data-dir /srv/lists >/dev/null; fi \
 && chmod -R a+rX /srv/lists

FROM ${BASE_IMAGE}
ARG APP_UID=10001
RUN echo "screen:x:${APP_UID}:${APP_UID}:sanctions-screen:/var/lib/sanctions-screen:/usr/sbin/nologin" >> /etc/passwd \
 && echo "screen:x:${APP_UID}:" >> /etc/group \
 && mkdir -p /var/lib/sanctions-screen /workspace \
 && chown ${APP_UID}:${APP_UID} /var/lib/sanctions-screen
COPY --from=build /opt/sanctions-screen /opt/sanctions-screen
COPY --from=build --chown=${APP_UID}:${APP_UID} /srv/lists /srv/lists
COPY docker/entrypoint.sh /usr/local/bin/sanctions-screen-entrypoint
COPY docker/healthcheck.py /opt/sanctions-screen/healthcheck.py
ENV PATH=/opt/sanctions-screen/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/sanctions-screen \
    SANCTIONS_WATCHLISTS_DIR=/opt/sanctions-screen/share/watchlists \
    SANCTIONS_DATA_DIR=/srv/lists \
    SANCTIONS_STATE_DIR=/var/lib/sanctions-screen \
    SANCTIONS_HOST=0.0.0.0 \
    SANCTIONS_PORT=8000
USER ${APP_UID}:${APP_UID}
WORKDIR /workspace
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3", "/opt/sanctions-screen/healthcheck.py"]
ENTRYPOINT ["/usr/local/bin/sanctions-screen-entrypoint"]
CMD ["serve"]
