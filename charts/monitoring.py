"""Monitoring, when MONITORING is not `none`: the PostgreSQL exporter, the Traefik metrics
port closed to all but the scraper, and with `prometheus-operator` the PodMonitors, the
PrometheusRule and the Grafana dashboard.

The exporter is a Deployment of its own next to PostgreSQL (not a sidecar): it rolls,
restarts and is resourced without touching the database pod.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch, int_or_string, secret_env
from charts.network import scraper_peer
from charts.postgres import connection_env
from charts.workload import http_probe
from imports import k8s
from imports.com.coreos.monitoring import (
    PodMonitor,
    PodMonitorSpec,
    PodMonitorSpecNamespaceSelector,
    PodMonitorSpecPodMetricsEndpoints,
    PodMonitorSpecSelector,
    PrometheusRule,
    PrometheusRuleSpec,
    PrometheusRuleSpecGroups,
    PrometheusRuleSpecGroupsRules,
    PrometheusRuleSpecGroupsRulesExpr,
)
from model.alerts import GROUP, alerts
from model.dashboard import FILE_NAME, SIDECAR_LABEL, dashboard_json
from model.monitoring import (
    ENSURE_EXPORTER_ROLE_SCRIPT,
    METRICS_PATH,
    METRICS_PORT_NAME,
    POSTGRES_EXPORTER,
    POSTGRES_EXPORTER_PORT,
    SCRAPE_INTERVAL,
    TRAEFIK,
    exporter_args,
    exporter_env,
    scrape_annotations,
)
from model.secret_revisions import secret_revision
from model.settings import Resources, Settings
from model.topology import BACKEND, POSTGRES, POSTGRES_PORT

# The exporter idles at ~15 MiB; one scrape every SCRAPE_INTERVAL costs milliseconds.
EXPORTER_RESOURCES = Resources(cpu_request="10m", cpu_limit="100m", memory_request="32Mi", memory_limit="64Mi")
# The pod labels the PodMonitors read the job name from (model/monitoring.py).
JOB_LABEL = "app.kubernetes.io/name"
# The Traefik chart's entrypoints (container ports of the same names): served to everyone,
# as before; `traefik` also answers the kubelet's probes (/ping).
TRAEFIK_OPEN_PORTS = ("web", "websecure", "traefik")
EXPORTER_REVISION_HISTORY = 3


class MonitoringChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.exporter = Component(POSTGRES_EXPORTER, "metrics", settings.app_name)
        self._exporter()
        controller = settings.ingress_controller
        if controller.is_k3s_traefik:
            self._traefik_metrics_policy(controller.namespace, controller.pod_labels)
        if settings.monitoring == "prometheus-operator":
            backend = Component(BACKEND, "", settings.app_name)
            self._pod_monitor(BACKEND, backend.selector)
            self._pod_monitor(POSTGRES_EXPORTER, self.exporter.selector)
            if controller.is_k3s_traefik:
                self._pod_monitor(TRAEFIK, controller.pod_labels, namespace=controller.namespace)
            self._rules()
            self._dashboard()

    def _exporter(self) -> None:
        settings = self.settings
        secret = secret_revision(settings, POSTGRES_EXPORTER).name
        pod = RestrictedPod(
            self, self.exporter, {"tmp": Scratch("/tmp", size="16Mi")}, image_pull_secret=settings.image_pull_secret
        )
        # The role and its password are (re)set before every start, so a changed
        # POSTGRES_EXPORTER_PASSWORD takes effect with the next rollout.
        ensure_role = pod.container(
            "ensure-role",
            settings.image_ref("postgres"),
            EXPORTER_RESOURCES,
            command=["sh", "-c", ENSURE_EXPORTER_ROLE_SCRIPT],
            env=[
                *connection_env(settings.postgres_user, settings.postgres_db, secret),
                secret_env(secret, "POSTGRES_EXPORTER_PASSWORD"),
            ],
        )
        exporter = pod.container(
            POSTGRES_EXPORTER,
            settings.image_ref("postgres_exporter"),
            EXPORTER_RESOURCES,
            args=exporter_args(f":{POSTGRES_EXPORTER_PORT}"),
            ports=[k8s.ContainerPort(name=METRICS_PORT_NAME, container_port=POSTGRES_EXPORTER_PORT, protocol="TCP")],
            env=[
                *(
                    k8s.EnvVar(name=name, value=value)
                    for name, value in exporter_env(POSTGRES, POSTGRES_PORT, settings.postgres_db).items()
                ),
                secret_env(secret, "POSTGRES_EXPORTER_PASSWORD", name="DATA_SOURCE_PASS"),
            ],
            # The landing page never touches the database: a database outage shows as
            # pg_up 0 (an alert), not as a restarting exporter.
            startup_probe=http_probe("/", METRICS_PORT_NAME, period=2, failures=30),
            liveness_probe=http_probe("/", METRICS_PORT_NAME, period=20, failures=3),
            readiness_probe=http_probe("/", METRICS_PORT_NAME, period=10, failures=2),
        )
        labels = self.exporter.labels(settings.postgres_exporter_tag)
        k8s.KubeDeployment(
            self,
            "deployment",
            metadata=k8s.ObjectMeta(name=POSTGRES_EXPORTER, labels=labels),
            spec=k8s.DeploymentSpec(
                replicas=1,
                revision_history_limit=EXPORTER_REVISION_HISTORY,
                selector=k8s.LabelSelector(match_labels=self.exporter.selector),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(
                        labels=labels,
                        annotations=scrape_annotations(settings.monitoring, POSTGRES_EXPORTER_PORT) or None,
                    ),
                    spec=pod.spec([exporter], init_containers=[ensure_role], termination_grace_period_seconds=10),
                ),
            ),
        )

    def _traefik_metrics_policy(self, namespace: str, pod_labels: dict[str, str]) -> None:
        """Traefik's pods keep every entrypoint open, but `metrics` only to the monitoring namespace."""
        k8s.KubeNetworkPolicy(
            self,
            "traefik-metrics",
            metadata=k8s.ObjectMeta(name=f"{self.settings.app_name}-traefik-metrics", namespace=namespace),
            spec=k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(match_labels=pod_labels),
                policy_types=["Ingress"],
                ingress=[
                    k8s.NetworkPolicyIngressRule(
                        ports=[k8s.NetworkPolicyPort(protocol="TCP", port=int_or_string(p)) for p in TRAEFIK_OPEN_PORTS]
                    ),
                    k8s.NetworkPolicyIngressRule(
                        from_=[scraper_peer(self.settings.monitoring_namespace)],
                        ports=[k8s.NetworkPolicyPort(protocol="TCP", port=int_or_string(METRICS_PORT_NAME))],
                    ),
                ],
            ),
        )

    def _pod_monitor(self, job: str, selector: dict[str, str], *, namespace: str | None = None) -> None:
        PodMonitor(
            self,
            f"pod-monitor-{job}",
            metadata={"name": job, "labels": self.settings.monitoring_label_map},
            spec=PodMonitorSpec(
                job_label=JOB_LABEL,
                selector=PodMonitorSpecSelector(match_labels=selector),
                namespace_selector=PodMonitorSpecNamespaceSelector(match_names=[namespace]) if namespace else None,
                pod_metrics_endpoints=[
                    PodMonitorSpecPodMetricsEndpoints(
                        port=METRICS_PORT_NAME, path=METRICS_PATH, interval=SCRAPE_INTERVAL
                    )
                ],
            ),
        )

    def _rules(self) -> None:
        PrometheusRule(
            self,
            "prometheus-rule",
            metadata={"name": self.settings.app_name, "labels": self.settings.monitoring_label_map},
            spec=PrometheusRuleSpec(
                groups=[
                    PrometheusRuleSpecGroups(
                        name=GROUP,
                        rules=[
                            PrometheusRuleSpecGroupsRules(
                                alert=rule["alert"],
                                expr=PrometheusRuleSpecGroupsRulesExpr.from_string(rule["expr"]),
                                for_=rule["for"],
                                labels=rule["labels"],
                                annotations=rule["annotations"],
                            )
                            for rule in (alert.rule() for alert in alerts(self.settings.namespace))
                        ],
                    )
                ]
            ),
        )

    def _dashboard(self) -> None:
        k8s.KubeConfigMap(
            self,
            "dashboard",
            metadata=k8s.ObjectMeta(name=f"{self.settings.app_name}-dashboard", labels=SIDECAR_LABEL),
            data={FILE_NAME: dashboard_json(self.settings.namespace)},
        )
