#!/usr/bin/env bash
# RABBITMQ_NODE_IP_ADDRESS (0.0.0.0) and RABBITMQ_NODE_PORT (5672) place the listener; host networking moves them,
# with RABBITMQ_DIST_PORT and ERL_EPMD_PORT, off the host's own broker.
set -euo pipefail
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = ${RABBITMQ_NODE_IP_ADDRESS:-0.0.0.0}:${RABBITMQ_NODE_PORT:-5672}
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
loopback_users = none
CONF
echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
exec rabbitmq-server
