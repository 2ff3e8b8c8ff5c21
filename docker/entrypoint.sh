#!/bin/sh
# Entry point of the sanctions-screen image.
#   docker run IMAGE                      -> sanctions-screen serve (on $SANCTIONS_HOST:$SANCTIONS_PORT)
#   docker run IMAGE check FILE ...       -> sanctions-screen check FILE ...
#   docker run IMAGE sh                   -> any other program, as is
# SANCTIONS_UPDATE_ON_START=true fetches new list versions into $SANCTIONS_DATA_DIR first.
# With no list data (none baked in, mounted or fetched) the embedded demo list is used.
set -eu

case "${1:-}" in
  "" | -* | serve | check | screen | compare | lists | update | keys | batch | text)
    set -- sanctions-screen "$@" ;;
  *)
    command -v "$1" >/dev/null 2>&1 || set -- sanctions-screen "$@" ;;
esac

if [ "$1" = sanctions-screen ]; then
  case "${SANCTIONS_UPDATE_ON_START:-false}" in
    1 | true | yes | on)
      if [ "${2:-}" != update ]; then
        echo "sanctions-screen: updating the lists in ${SANCTIONS_DATA_DIR:-?} before start" >&2
        sanctions-screen update >&2 \
          || echo "sanctions-screen: list update failed; using the lists already there" >&2
      fi ;;
  esac
  if [ -n "${SANCTIONS_DATA_DIR:-}" ] && [ "${2:-}" != update ] \
     && [ -z "$(ls "$SANCTIONS_DATA_DIR" 2>/dev/null)" ]; then
    echo "sanctions-screen: no list data in $SANCTIONS_DATA_DIR; using the embedded DEMO list" \
         "(bake lists in with --build-arg LIST_DATA, mount them there, or set" \
         "SANCTIONS_UPDATE_ON_START=true)" >&2
    unset SANCTIONS_DATA_DIR
  fi
  if [ "${2:-}" = serve ]; then
    case " $* " in *" --host"*) ;; *) set -- "$@" --host "${SANCTIONS_HOST:-0.0.0.0}" ;; esac
    case " $* " in *" --port"*) ;; *) set -- "$@" --port "${SANCTIONS_PORT:-8000}" ;; esac
  fi
fi
exec "$@"
