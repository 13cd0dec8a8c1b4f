# What nginx's unprivileged image offers, from Debian 12's packages: nginx as a non-root user on 8080, serving
# /usr/share/nginx/html. The base of the UI image where no registry is reachable (scripts/images.sh).
ARG BASE=local/debian:bookworm
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends nginx-light wget && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /usr/share/nginx/html /tmp/nginx && chown -R www-data:www-data /usr/share/nginx/html /tmp/nginx
COPY nginx.conf /etc/nginx/nginx.conf
USER www-data
EXPOSE 8080
CMD ["nginx", "-g", "daemon off;"]
