# RabbitMQ from Debian 12's packages, configured the way the official image is (RABBITMQ_DEFAULT_USER and _PASS),
# for machines with no registry. Logs go to the console.
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends rabbitmq-server && rm -rf /var/lib/apt/lists/*
COPY rabbitmq-entrypoint.sh /usr/local/bin/rabbitmq-entrypoint.sh
ENV HOME=/var/lib/rabbitmq RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_CONFIG_FILE=/tmp/rabbitmq.conf \
    RABBITMQ_ENABLED_PLUGINS_FILE=/tmp/enabled_plugins RABBITMQ_LOGS=- RABBITMQ_CONF_ENV_FILE=/dev/null \
    PATH=/usr/lib/rabbitmq/bin:$PATH
USER rabbitmq
ENTRYPOINT ["/usr/local/bin/rabbitmq-entrypoint.sh"]
