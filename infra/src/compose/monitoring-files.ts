import { BOT_IDS } from '@psycheos/platform';

/** The Prometheus image infra/compose/monitoring.yml runs (pinned, like every image of ours). */
export const PROMETHEUS_IMAGE = 'prom/prometheus:v3.5.0';

/**
 * infra/monitoring/prometheus.yml: what Prometheus scrapes under compose. The bots are found
 * by their service names in Docker's DNS, so a bot not listed in COMPOSE_FILE is simply no
 * target (not a target that is down), and `--scale pro=2` gives two targets.
 */
export function renderPrometheusConfig(): string {
  return `# What Prometheus scrapes under compose (infra/compose/monitoring.yml). Written by
# \`npm run compose:render\` from the bots the code knows; do not edit
# (infra/src/compose/monitoring-files.ts).
global:
  scrape_interval: 15s
  evaluation_interval: 15s

rule_files:
  - /etc/prometheus/alerts.yml

scrape_configs:
  - job_name: psycheos-gateway
    authorization:
      credentials_file: /prometheus/metrics-token
    static_configs:
      - targets: ["gateway:8080"]
  # Every replica of every enabled bot: each serves its own /metrics on port 8080.
  - job_name: psycheos-bots
    authorization:
      credentials_file: /prometheus/metrics-token
    dns_sd_configs:
      - names: [${BOT_IDS.map((bot) => JSON.stringify(bot)).join(', ')}]
        type: A
        port: 8080
        refresh_interval: 30s
    # No relabelling: each bot's metrics carry their own \`service\` label (the bot), which a
    # target label of that name would push aside as exported_service.
`;
}

/**
 * infra/compose/monitoring.yml: Prometheus beside the platform, scraping the gateway and
 * every bot with METRICS_TOKEN and evaluating infra/monitoring/alerts.yml. Its page is
 * published on loopback only (an SSH tunnel or the host's proxy reaches it).
 */
export function renderMonitoringComposeFile(): string {
  return `# Prometheus for the platform. Written by \`npm run compose:render\`; do not edit
# (infra/src/compose/monitoring-files.ts). Enabled by adding this file to COMPOSE_FILE, e.g.
#
#   COMPOSE_FILE=docker-compose.yml:infra/compose/pro.yml:infra/compose/monitoring.yml
#
# It scrapes the gateway and each enabled bot (all replicas) with METRICS_TOKEN and
# evaluates infra/monitoring/alerts.yml; its page is at http://127.0.0.1:9090 on the host
# (PROMETHEUS_BIND to change the address). Wire its alerts to a person with Alertmanager.
services:
  prometheus:
    image: ${PROMETHEUS_IMAGE}
    restart: unless-stopped
    # The token goes to a file (Prometheus reads credentials from files, never from the
    # environment), in Prometheus' own volume, readable by its user alone.
    entrypoint: ["/bin/sh", "-c"]
    command:
      - >-
        umask 077 && printf %s "$$METRICS_TOKEN" > /prometheus/metrics-token &&
        exec /bin/prometheus --config.file=/etc/prometheus/prometheus.yml
        --storage.tsdb.path=/prometheus --storage.tsdb.retention.time=15d
    environment:
      METRICS_TOKEN: \${METRICS_TOKEN:?METRICS_TOKEN is not set in .env; monitoring scrapes with it (openssl rand -hex 32)}
    volumes:
      - ./infra/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - ./infra/monitoring/alerts.yml:/etc/prometheus/alerts.yml:ro
      - prometheus-data:/prometheus
    ports:
      - "\${PROMETHEUS_BIND:-127.0.0.1}:9090:9090"
    # internal: the services' ports; edge: only so the page can be published.
    networks: [internal, edge]

volumes:
  prometheus-data:
`;
}
