#!/bin/sh
# Prepare a Temporal namespace for the intervention engine: create it, with its retention, if
# it does not exist, and register the search attributes the workflow keeps current (stage,
# track, next deadline, escalation level: the Web UI's columns). Needs only the `temporal` CLI,
# which takes its connection from its own variables (TEMPORAL_ADDRESS, TEMPORAL_TLS_CERT,
# TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA, TEMPORAL_API_KEY, ...). Safe to run again.
#   TEMPORAL_NAMESPACE            the namespace (default: default)
#   TEMPORAL_NAMESPACE_RETENTION  how long Temporal keeps a closed workflow's history (default 30d)
set -eu
namespace=${TEMPORAL_NAMESPACE:-default}
retention=${TEMPORAL_NAMESPACE_RETENTION:-30d}

tries=0
until temporal operator cluster health >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 60 ]; then
    echo "no healthy Temporal server at ${TEMPORAL_ADDRESS:-localhost:7233}" >&2
    exit 1
  fi
  echo "waiting for the Temporal server at ${TEMPORAL_ADDRESS:-localhost:7233}"
  sleep 2
done

if temporal operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace exists"
else
  temporal operator namespace create --namespace "$namespace" --retention "$retention"
fi

# A new namespace reaches the server's caches within seconds; attributes wait for it.
until temporal operator search-attribute list --namespace "$namespace" >/dev/null 2>&1; do
  sleep 1
done
# The names and types of workflows/search_attributes.py (tests/deploy holds them to it). One
# create per attribute: the command takes a single --type. Registering an attribute again with
# the same type succeeds; with another type it fails, and so does this script.
for attribute in InterventionStage=Keyword InterventionTrack=Keyword \
  InterventionNextDeadline=Datetime InterventionEscalationLevel=Int; do
  temporal operator search-attribute create --namespace "$namespace" \
    --name "${attribute%=*}" --type "${attribute#*=}"
done
echo "namespace $namespace is ready"
