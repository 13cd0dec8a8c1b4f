#!/usr/bin/env bash
# Creates (or replaces) the Secret "defectrefine-connections" that every DefectRefine pod reads its connection strings
# and the bearer-token signing key from. Values are generated or taken from the environment, never written to the
# repository. DR_AUTH_SIGNING_KEY (base64 of 32+ bytes) keeps a key, and so the tokens issued with it; else a new one.
# Two PostgreSQL roles: "postgres" is the services' connection as defectrefine_app, which owns nothing and may only
# read and write rows; "postgres-migrator" is the schema Job's, a role that may change the schema (DDL).
#   scripts/k8s-secrets.sh NAMESPACE --in-cluster
#       development: random passwords for the PostgreSQL and RabbitMQ that k8s/overlays/dev runs in the namespace
#       (the Job migrates as the superuser postgres; the dev PostgreSQL creates defectrefine_app at its first start)
#   DR_PG_PASSWORD=... DR_PG_MIGRATOR_USER=... DR_PG_MIGRATOR_PASSWORD=... DR_RABBIT_PASSWORD=... \
#     scripts/k8s-secrets.sh NAMESPACE --postgres-host H --rabbitmq-host H
#       a plant: the credentials of its own PostgreSQL and RabbitMQ, over verified TLS: SSL Mode=VerifyFull with the
#       CA mounted by k8s/overlays/plant at /etc/defectrefine/pg-ca/ca.crt, and amqps on 5671. The hosts must be names
#       on the servers' certificates. DR_PG_USER, DR_RABBIT_USER, DR_PG_DATABASE, DR_RABBIT_VHOST default to
#       defectrefine_app, defectrefine, defectrefine, /. DR_PG_MIGRATOR_USER is the schema's owner (with
#       CloudNativePG, the database owner of the Secret defectrefine-pg-app, "app" by default), never a superuser.
# --print writes the Secret as YAML to stdout instead of applying it (for a sealed-secrets or GitOps pipeline).
set -euo pipefail

die() { echo "k8s-secrets: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: $0 NAMESPACE (--in-cluster | --postgres-host HOST --rabbitmq-host HOST) [--print]"
namespace="$1"; shift
[[ "$namespace" =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || die "not a namespace name: '$namespace'"
mode="" pg_host="" mq_host="" print=0
while [ $# -gt 0 ]; do
  case "$1" in
    --in-cluster) mode=in-cluster; shift ;;
    --postgres-host) [ $# -ge 2 ] || die "--postgres-host needs a host"; pg_host="$2"; mode=external; shift 2 ;;
    --rabbitmq-host) [ $# -ge 2 ] || die "--rabbitmq-host needs a host"; mq_host="$2"; mode=external; shift 2 ;;
    --print) print=1; shift ;;
    *) die "unknown option '$1'" ;;
  esac
done
command -v kubectl >/dev/null || die "kubectl is not installed"

random() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }
case "$mode" in
  in-cluster)
    pg_host=postgres mq_host=rabbitmq
    # The role name is fixed: k8s/overlays/dev/postgres-init.yaml creates it, and the schema Job grants it.
    pg_user=defectrefine_app mq_user=defectrefine
    migrator_user=postgres
    pg_password="$(random)" migrator_password="$(random)" mq_password="$(random)"
    pg_tls="" mq_scheme=amqp mq_port=5672 ;;
  external)
    [ -n "$pg_host" ] && [ -n "$mq_host" ] || die "a plant needs both --postgres-host and --rabbitmq-host"
    pg_user="${DR_PG_USER:-defectrefine_app}" mq_user="${DR_RABBIT_USER:-defectrefine}"
    migrator_user="${DR_PG_MIGRATOR_USER:?set DR_PG_MIGRATOR_USER to the role that owns the schema (DDL)}"
    pg_password="${DR_PG_PASSWORD:?set DR_PG_PASSWORD to the password of $pg_user}"
    migrator_password="${DR_PG_MIGRATOR_PASSWORD:?set DR_PG_MIGRATOR_PASSWORD to the password of $migrator_user}"
    mq_password="${DR_RABBIT_PASSWORD:?set DR_RABBIT_PASSWORD to the RabbitMQ password}"
    [ "$pg_user" != "$migrator_user" ] || die "the services and the schema Job need two roles; DR_PG_USER equals DR_PG_MIGRATOR_USER"
    [ "$pg_user" != postgres ] && [ "$migrator_user" != postgres ] || die "a plant does not connect as the superuser postgres"
    # Verified TLS: the certificate must chain to the plant's CA (mounted by the overlay) and name the host.
    pg_tls=";SSL Mode=VerifyFull;Root Certificate=/etc/defectrefine/pg-ca/ca.crt"
    mq_scheme=amqps mq_port=5671 ;;
  *) die "say --in-cluster or give --postgres-host and --rabbitmq-host" ;;
esac
database="${DR_PG_DATABASE:-defectrefine}"
vhost="${DR_RABBIT_VHOST:-/}"
[ "$vhost" = "/" ] && vhost_path="" || vhost_path="$vhost"
# Passwords go into URIs and connection strings: refuse what would need escaping rather than escape it wrongly.
for value in "$pg_password" "$migrator_password" "$mq_password"; do
  [[ "$value" =~ ^[A-Za-z0-9._~-]+$ ]] || die "passwords may use letters, digits and . _ ~ - only"
done

signing_key="${DR_AUTH_SIGNING_KEY:-$(head -c 32 /dev/urandom | base64 -w 0)}"
[ "$(printf '%s' "$signing_key" | base64 -d 2>/dev/null | wc -c)" -ge 32 ] || die "DR_AUTH_SIGNING_KEY must be the base64 of at least 32 bytes"

secret=(kubectl create secret generic defectrefine-connections --namespace "$namespace" --dry-run=client -o yaml
  --from-literal=postgres="Host=$pg_host;Port=5432;Database=$database;Username=$pg_user;Password=$pg_password$pg_tls"
  --from-literal=postgres-migrator="Host=$pg_host;Port=5432;Database=$database;Username=$migrator_user;Password=$migrator_password$pg_tls"
  --from-literal=rabbitmq="$mq_scheme://$mq_user:$mq_password@$mq_host:$mq_port/$vhost_path"
  --from-literal=auth-signing-key="$signing_key")
# The dev overlay's own PostgreSQL and RabbitMQ set themselves up from these; a plant's are not ours to set.
if [ "$mode" = in-cluster ]; then
  secret+=(--from-literal=postgres-password="$migrator_password"
    --from-literal=postgres-app-password="$pg_password"
    --from-literal=rabbitmq-password="$mq_password")
fi
if [ "$print" -eq 1 ]; then
  "${secret[@]}"
else
  "${secret[@]}" | kubectl apply -f -
fi
