from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class HelmChart(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iocattlehelm.HelmChart",
):
    '''HelmChart represents configuration and state for the deployment of a Helm chart.

    :schema: HelmChart
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "HelmChart" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: HelmChartSpec represents the user-configurable details for installation and upgrade of a Helm chart release.
        '''
        props = HelmChartProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "HelmChart".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: HelmChartSpec represents the user-configurable details for installation and upgrade of a Helm chart release.
        '''
        props = HelmChartProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "HelmChart".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


class HelmChartConfig(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iocattlehelm.HelmChartConfig",
):
    '''HelmChartConfig represents additional configuration for the installation of Helm chart release.

    This resource is intended for use when additional configuration needs to be passed to a HelmChart
    that is managed by an external system.

    :schema: HelmChartConfig
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartConfigSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "HelmChartConfig" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: HelmChartConfigSpec represents additional user-configurable details of an installed and configured Helm chart release. These fields are merged with or override the corresponding fields on the related HelmChart resource.
        '''
        props = HelmChartConfigProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartConfigSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "HelmChartConfig".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: HelmChartConfigSpec represents additional user-configurable details of an installed and configured Helm chart release. These fields are merged with or override the corresponding fields on the related HelmChart resource.
        '''
        props = HelmChartConfigProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "HelmChartConfig".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartConfigProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class HelmChartConfigProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartConfigSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HelmChartConfig represents additional configuration for the installation of Helm chart release.

        This resource is intended for use when additional configuration needs to be passed to a HelmChart
        that is managed by an external system.

        :param metadata: 
        :param spec: HelmChartConfigSpec represents additional user-configurable details of an installed and configured Helm chart release. These fields are merged with or override the corresponding fields on the related HelmChart resource.

        :schema: HelmChartConfig
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = HelmChartConfigSpec(**spec)
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: HelmChartConfig#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast("typing.Optional[_cdk8s_d3d9af27.ApiObjectMetadata]", result)

    @builtins.property
    def spec(self) -> typing.Optional["HelmChartConfigSpec"]:
        '''HelmChartConfigSpec represents additional user-configurable details of an installed and configured Helm chart release.

        These fields are merged with or override the corresponding fields on the related HelmChart resource.

        :schema: HelmChartConfig#spec
        '''
        result = self._values.get("spec")
        return typing.cast("typing.Optional[HelmChartConfigSpec]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartConfigProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartConfigSpec",
    jsii_struct_bases=[],
    name_mapping={
        "failure_policy": "failurePolicy",
        "force_conflicts": "forceConflicts",
        "server_side": "serverSide",
        "values": "values",
        "values_content": "valuesContent",
        "values_secrets": "valuesSecrets",
    },
)
class HelmChartConfigSpec:
    def __init__(
        self,
        *,
        failure_policy: typing.Optional["HelmChartConfigSpecFailurePolicy"] = None,
        force_conflicts: typing.Optional[builtins.bool] = None,
        server_side: typing.Optional["HelmChartConfigSpecServerSide"] = None,
        values: typing.Any = None,
        values_content: typing.Optional[builtins.str] = None,
        values_secrets: typing.Optional[typing.Sequence[typing.Union["HelmChartConfigSpecValuesSecrets", typing.Dict[builtins.str, typing.Any]]]] = None,
    ) -> None:
        '''HelmChartConfigSpec represents additional user-configurable details of an installed and configured Helm chart release.

        These fields are merged with or override the corresponding fields on the related HelmChart resource.

        :param failure_policy: Configures handling of failed chart installation or upgrades. - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error. - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior. - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.
        :param force_conflicts: Set to true if helm should configure server-side apply to force changes when conflicts arise in ownership of managed fields. Helm CLI positional argument/flag: ``--force-conflicts``
        :param server_side: Set to true if helm should enable server-side apply when updating objects. Defaults to ``true`` for install, and ``auto`` for upgrade. - ``true`` enables server-side apply. - ``false`` disables server-side apply. - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled. Helm CLI positional argument/flag: ``--server-side`` Default: true``for install, and``auto` for upgrade.
        :param values: Override complex Chart values via structured YAML. Takes precedence over options set via valuesContent. Helm CLI positional argument/flag: ``--values``
        :param values_content: Override complex Chart values via inline YAML content. Helm CLI positional argument/flag: ``--values``
        :param values_secrets: Override complex Chart values via references to external Secrets. Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartConfigSpec
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if failure_policy is not None:
            self._values["failure_policy"] = failure_policy
        if force_conflicts is not None:
            self._values["force_conflicts"] = force_conflicts
        if server_side is not None:
            self._values["server_side"] = server_side
        if values is not None:
            self._values["values"] = values
        if values_content is not None:
            self._values["values_content"] = values_content
        if values_secrets is not None:
            self._values["values_secrets"] = values_secrets

    @builtins.property
    def failure_policy(self) -> typing.Optional["HelmChartConfigSpecFailurePolicy"]:
        '''Configures handling of failed chart installation or upgrades.

        - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error.
        - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior.
        - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.

        :schema: HelmChartConfigSpec#failurePolicy
        '''
        result = self._values.get("failure_policy")
        return typing.cast("typing.Optional[HelmChartConfigSpecFailurePolicy]", result)

    @builtins.property
    def force_conflicts(self) -> typing.Optional[builtins.bool]:
        '''Set to true if helm should configure server-side apply to force changes when conflicts arise in ownership of managed fields.

        Helm CLI positional argument/flag: ``--force-conflicts``

        :schema: HelmChartConfigSpec#forceConflicts
        '''
        result = self._values.get("force_conflicts")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def server_side(self) -> typing.Optional["HelmChartConfigSpecServerSide"]:
        '''Set to true if helm should enable server-side apply when updating objects.

        Defaults to ``true`` for install, and ``auto`` for upgrade.

        - ``true`` enables server-side apply.
        - ``false`` disables server-side apply.
        - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled.
          Helm CLI positional argument/flag: ``--server-side``

        :default: true``for install, and``auto` for upgrade.

        :schema: HelmChartConfigSpec#serverSide
        '''
        result = self._values.get("server_side")
        return typing.cast("typing.Optional[HelmChartConfigSpecServerSide]", result)

    @builtins.property
    def values(self) -> typing.Any:
        '''Override complex Chart values via structured YAML.

        Takes precedence over options set via valuesContent.
        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartConfigSpec#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Any, result)

    @builtins.property
    def values_content(self) -> typing.Optional[builtins.str]:
        '''Override complex Chart values via inline YAML content.

        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartConfigSpec#valuesContent
        '''
        result = self._values.get("values_content")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def values_secrets(
        self,
    ) -> typing.Optional[typing.List["HelmChartConfigSpecValuesSecrets"]]:
        '''Override complex Chart values via references to external Secrets.

        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartConfigSpec#valuesSecrets
        '''
        result = self._values.get("values_secrets")
        return typing.cast("typing.Optional[typing.List[HelmChartConfigSpecValuesSecrets]]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartConfigSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iocattlehelm.HelmChartConfigSpecFailurePolicy")
class HelmChartConfigSpecFailurePolicy(enum.Enum):
    '''Configures handling of failed chart installation or upgrades.

    - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error.
    - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior.
    - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.

    :schema: HelmChartConfigSpecFailurePolicy
    '''

    ABORT = "ABORT"
    '''abort.'''
    REINSTALL = "REINSTALL"
    '''reinstall.'''
    RETRY = "RETRY"
    '''retry.'''


@jsii.enum(jsii_type="iocattlehelm.HelmChartConfigSpecServerSide")
class HelmChartConfigSpecServerSide(enum.Enum):
    '''Set to true if helm should enable server-side apply when updating objects.

    Defaults to ``true`` for install, and ``auto`` for upgrade.

    - ``true`` enables server-side apply.
    - ``false`` disables server-side apply.
    - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled.
      Helm CLI positional argument/flag: ``--server-side``

    :default: true``for install, and``auto` for upgrade.

    :schema: HelmChartConfigSpecServerSide
    '''

    TRUE = "TRUE"
    '''true.'''
    FALSE = "FALSE"
    '''false.'''
    AUTO = "AUTO"
    '''auto.'''


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartConfigSpecValuesSecrets",
    jsii_struct_bases=[],
    name_mapping={"ignore_updates": "ignoreUpdates", "keys": "keys", "name": "name"},
)
class HelmChartConfigSpecValuesSecrets:
    def __init__(
        self,
        *,
        ignore_updates: typing.Optional[builtins.bool] = None,
        keys: typing.Optional[typing.Sequence[builtins.str]] = None,
        name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''SecretSpec describes a key in a secret to load chart values from.

        :param ignore_updates: Ignore changes to the secret, and mark the secret as optional. By default, the secret must exist, and changes to the secret will trigger an upgrade of the chart to apply the updated values. If ``ignoreUpdates`` is true, the secret is optional, and changes to the secret will not trigger an upgrade of the chart.
        :param keys: Keys to read values content from. If no keys are specified, the secret is not used.
        :param name: Name of the secret. Must be in the same namespace as the HelmChart resource.

        :schema: HelmChartConfigSpecValuesSecrets
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if ignore_updates is not None:
            self._values["ignore_updates"] = ignore_updates
        if keys is not None:
            self._values["keys"] = keys
        if name is not None:
            self._values["name"] = name

    @builtins.property
    def ignore_updates(self) -> typing.Optional[builtins.bool]:
        '''Ignore changes to the secret, and mark the secret as optional.

        By default, the secret must exist, and changes to the secret will trigger an upgrade of the chart to apply the updated values.
        If ``ignoreUpdates`` is true, the secret is optional, and changes to the secret will not trigger an upgrade of the chart.

        :schema: HelmChartConfigSpecValuesSecrets#ignoreUpdates
        '''
        result = self._values.get("ignore_updates")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def keys(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Keys to read values content from.

        If no keys are specified, the secret is not used.

        :schema: HelmChartConfigSpecValuesSecrets#keys
        '''
        result = self._values.get("keys")
        return typing.cast("typing.Optional[typing.List[builtins.str]]", result)

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the secret.

        Must be in the same namespace as the HelmChart resource.

        :schema: HelmChartConfigSpecValuesSecrets#name
        '''
        result = self._values.get("name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartConfigSpecValuesSecrets(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class HelmChartProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HelmChartSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HelmChart represents configuration and state for the deployment of a Helm chart.

        :param metadata: 
        :param spec: HelmChartSpec represents the user-configurable details for installation and upgrade of a Helm chart release.

        :schema: HelmChart
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = HelmChartSpec(**spec)
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: HelmChart#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast("typing.Optional[_cdk8s_d3d9af27.ApiObjectMetadata]", result)

    @builtins.property
    def spec(self) -> typing.Optional["HelmChartSpec"]:
        '''HelmChartSpec represents the user-configurable details for installation and upgrade of a Helm chart release.

        :schema: HelmChart#spec
        '''
        result = self._values.get("spec")
        return typing.cast("typing.Optional[HelmChartSpec]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpec",
    jsii_struct_bases=[],
    name_mapping={
        "auth_pass_credentials": "authPassCredentials",
        "auth_secret": "authSecret",
        "back_off_limit": "backOffLimit",
        "bootstrap": "bootstrap",
        "chart": "chart",
        "chart_content": "chartContent",
        "create_namespace": "createNamespace",
        "docker_registry_secret": "dockerRegistrySecret",
        "driver": "driver",
        "failure_policy": "failurePolicy",
        "force_conflicts": "forceConflicts",
        "helm_version": "helmVersion",
        "insecure_skip_tls_verify": "insecureSkipTlsVerify",
        "job_image": "jobImage",
        "plain_http": "plainHttp",
        "pod_security_context": "podSecurityContext",
        "repo": "repo",
        "repo_ca": "repoCa",
        "repo_ca_config_map": "repoCaConfigMap",
        "security_context": "securityContext",
        "server_side": "serverSide",
        "set": "set",
        "take_ownership": "takeOwnership",
        "target_namespace": "targetNamespace",
        "timeout": "timeout",
        "values": "values",
        "values_content": "valuesContent",
        "values_secrets": "valuesSecrets",
        "version": "version",
    },
)
class HelmChartSpec:
    def __init__(
        self,
        *,
        auth_pass_credentials: typing.Optional[builtins.bool] = None,
        auth_secret: typing.Optional[typing.Union["HelmChartSpecAuthSecret", typing.Dict[builtins.str, typing.Any]]] = None,
        back_off_limit: typing.Optional[jsii.Number] = None,
        bootstrap: typing.Optional[builtins.bool] = None,
        chart: typing.Optional[builtins.str] = None,
        chart_content: typing.Optional[builtins.str] = None,
        create_namespace: typing.Optional[builtins.bool] = None,
        docker_registry_secret: typing.Optional[typing.Union["HelmChartSpecDockerRegistrySecret", typing.Dict[builtins.str, typing.Any]]] = None,
        driver: typing.Optional["HelmChartSpecDriver"] = None,
        failure_policy: typing.Optional["HelmChartSpecFailurePolicy"] = None,
        force_conflicts: typing.Optional[builtins.bool] = None,
        helm_version: typing.Optional[builtins.str] = None,
        insecure_skip_tls_verify: typing.Optional[builtins.bool] = None,
        job_image: typing.Optional[builtins.str] = None,
        plain_http: typing.Optional[builtins.bool] = None,
        pod_security_context: typing.Optional[typing.Union["HelmChartSpecPodSecurityContext", typing.Dict[builtins.str, typing.Any]]] = None,
        repo: typing.Optional[builtins.str] = None,
        repo_ca: typing.Optional[builtins.str] = None,
        repo_ca_config_map: typing.Optional[typing.Union["HelmChartSpecRepoCaConfigMap", typing.Dict[builtins.str, typing.Any]]] = None,
        security_context: typing.Optional[typing.Union["HelmChartSpecSecurityContext", typing.Dict[builtins.str, typing.Any]]] = None,
        server_side: typing.Optional["HelmChartSpecServerSide"] = None,
        set: typing.Optional[typing.Mapping[builtins.str, "HelmChartSpecSet"]] = None,
        take_ownership: typing.Optional[builtins.bool] = None,
        target_namespace: typing.Optional[builtins.str] = None,
        timeout: typing.Optional[builtins.str] = None,
        values: typing.Any = None,
        values_content: typing.Optional[builtins.str] = None,
        values_secrets: typing.Optional[typing.Sequence[typing.Union["HelmChartSpecValuesSecrets", typing.Dict[builtins.str, typing.Any]]]] = None,
        version: typing.Optional[builtins.str] = None,
    ) -> None:
        '''HelmChartSpec represents the user-configurable details for installation and upgrade of a Helm chart release.

        :param auth_pass_credentials: Pass Basic auth credentials to all domains. Helm CLI positional argument/flag: ``--pass-credentials``
        :param auth_secret: Reference to Secret of type kubernetes.io/basic-auth holding Basic auth credentials for the Chart repo.
        :param back_off_limit: Specify the number of retries before considering the helm job failed.
        :param bootstrap: Set to True if this chart is needed to bootstrap the cluster (Cloud Controller Manager, CNI, etc).
        :param chart: Helm Chart name in repository, or complete HTTPS URL to chart archive (.tgz) Helm CLI positional argument/flag: ``CHART``.
        :param chart_content: Base64-encoded chart archive .tgz; overides ``.spec.chart`` and ``.spec.version``. Helm CLI positional argument/flag: ``CHART``.
        :param create_namespace: Create target namespace if not present. Helm CLI positional argument/flag: ``--create-namespace``
        :param docker_registry_secret: Reference to Secret of type kubernetes.io/dockerconfigjson holding Docker auth credentials for the OCI-based registry acting as the Chart repo.
        :param driver: Helm storage driver to use for this chart's release metadata. ``secret`` stores releases in Kubernetes Secrets (default). ``configmap`` stores releases in ConfigMaps. This field is effectively immutable after the first install; changing the storage backend is not a supported migration path. Helm CLI environment variable: ``HELM_DRIVER``
        :param failure_policy: Configures handling of failed chart installation or upgrades. - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error. - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior. - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.
        :param force_conflicts: Set to true if helm should configure server-side apply to force changes when conflicts arise in ownership of managed fields. Helm CLI positional argument/flag: ``--force-conflicts``
        :param helm_version: DEPRECATED. Helm version to use. Only v3 is currently supported.
        :param insecure_skip_tls_verify: Skip TLS certificate checks for the chart download. Helm CLI positional argument/flag: ``--insecure-skip-tls-verify``
        :param job_image: Specify the image to use for tht helm job pod when installing or upgrading the helm chart.
        :param plain_http: Use insecure HTTP connections for the chart download. Helm CLI positional argument/flag: ``--plain-http``
        :param pod_security_context: Custom PodSecurityContext for the helm job pod.
        :param repo: Helm Chart repository URL. Helm CLI positional argument/flag: ``--repo``
        :param repo_ca: Verify certificates of HTTPS-enabled servers using this CA bundle. Should be a string containing one or more PEM-encoded CA Certificates. Helm CLI positional argument/flag: ``--ca-file``
        :param repo_ca_config_map: Reference to a ConfigMap containing CA Certificates to be be trusted by Helm. Can be used along with or instead of ``.spec.repoCA`` Helm CLI positional argument/flag: ``--ca-file``
        :param security_context: custom SecurityContext for the helm job pod.
        :param server_side: Set to true if helm should enable server-side apply when updating objects. Defaults to ``true`` for install, and ``auto`` for upgrade. - ``true`` enables server-side apply. - ``false`` disables server-side apply. - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled. Helm CLI positional argument/flag: ``--server-side`` Default: true``for install, and``auto` for upgrade.
        :param set: Override simple Chart values. These take precedence over options set via values or valuesContent. Helm CLI positional argument/flag: ``--set``, ``--set-string``
        :param take_ownership: Set to True if helm should take ownership of existing resources when installing/upgrading the chart. Helm CLI positional argument/flag: ``--take-ownership``
        :param target_namespace: Helm Chart target namespace. Helm CLI positional argument/flag: ``--namespace``
        :param timeout: Timeout for Helm operations. Helm CLI positional argument/flag: ``--timeout``
        :param values: Override complex Chart values via structured YAML. Takes precedence over options set via valuesContent. Helm CLI positional argument/flag: ``--values``
        :param values_content: Override complex Chart values via inline YAML content. Helm CLI positional argument/flag: ``--values``
        :param values_secrets: Override complex Chart values via references to external Secrets. Helm CLI positional argument/flag: ``--values``
        :param version: Helm Chart version. Only used when installing from repository; ignored when .spec.chart or .spec.chartContent is used to install a specific chart archive. Helm CLI positional argument/flag: ``--version``

        :schema: HelmChartSpec
        '''
        if isinstance(auth_secret, dict):
            auth_secret = HelmChartSpecAuthSecret(**auth_secret)
        if isinstance(docker_registry_secret, dict):
            docker_registry_secret = HelmChartSpecDockerRegistrySecret(**docker_registry_secret)
        if isinstance(pod_security_context, dict):
            pod_security_context = HelmChartSpecPodSecurityContext(**pod_security_context)
        if isinstance(repo_ca_config_map, dict):
            repo_ca_config_map = HelmChartSpecRepoCaConfigMap(**repo_ca_config_map)
        if isinstance(security_context, dict):
            security_context = HelmChartSpecSecurityContext(**security_context)
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if auth_pass_credentials is not None:
            self._values["auth_pass_credentials"] = auth_pass_credentials
        if auth_secret is not None:
            self._values["auth_secret"] = auth_secret
        if back_off_limit is not None:
            self._values["back_off_limit"] = back_off_limit
        if bootstrap is not None:
            self._values["bootstrap"] = bootstrap
        if chart is not None:
            self._values["chart"] = chart
        if chart_content is not None:
            self._values["chart_content"] = chart_content
        if create_namespace is not None:
            self._values["create_namespace"] = create_namespace
        if docker_registry_secret is not None:
            self._values["docker_registry_secret"] = docker_registry_secret
        if driver is not None:
            self._values["driver"] = driver
        if failure_policy is not None:
            self._values["failure_policy"] = failure_policy
        if force_conflicts is not None:
            self._values["force_conflicts"] = force_conflicts
        if helm_version is not None:
            self._values["helm_version"] = helm_version
        if insecure_skip_tls_verify is not None:
            self._values["insecure_skip_tls_verify"] = insecure_skip_tls_verify
        if job_image is not None:
            self._values["job_image"] = job_image
        if plain_http is not None:
            self._values["plain_http"] = plain_http
        if pod_security_context is not None:
            self._values["pod_security_context"] = pod_security_context
        if repo is not None:
            self._values["repo"] = repo
        if repo_ca is not None:
            self._values["repo_ca"] = repo_ca
        if repo_ca_config_map is not None:
            self._values["repo_ca_config_map"] = repo_ca_config_map
        if security_context is not None:
            self._values["security_context"] = security_context
        if server_side is not None:
            self._values["server_side"] = server_side
        if set is not None:
            self._values["set"] = set
        if take_ownership is not None:
            self._values["take_ownership"] = take_ownership
        if target_namespace is not None:
            self._values["target_namespace"] = target_namespace
        if timeout is not None:
            self._values["timeout"] = timeout
        if values is not None:
            self._values["values"] = values
        if values_content is not None:
            self._values["values_content"] = values_content
        if values_secrets is not None:
            self._values["values_secrets"] = values_secrets
        if version is not None:
            self._values["version"] = version

    @builtins.property
    def auth_pass_credentials(self) -> typing.Optional[builtins.bool]:
        '''Pass Basic auth credentials to all domains.

        Helm CLI positional argument/flag: ``--pass-credentials``

        :schema: HelmChartSpec#authPassCredentials
        '''
        result = self._values.get("auth_pass_credentials")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def auth_secret(self) -> typing.Optional["HelmChartSpecAuthSecret"]:
        '''Reference to Secret of type kubernetes.io/basic-auth holding Basic auth credentials for the Chart repo.

        :schema: HelmChartSpec#authSecret
        '''
        result = self._values.get("auth_secret")
        return typing.cast("typing.Optional[HelmChartSpecAuthSecret]", result)

    @builtins.property
    def back_off_limit(self) -> typing.Optional[jsii.Number]:
        '''Specify the number of retries before considering the helm job failed.

        :schema: HelmChartSpec#backOffLimit
        '''
        result = self._values.get("back_off_limit")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def bootstrap(self) -> typing.Optional[builtins.bool]:
        '''Set to True if this chart is needed to bootstrap the cluster (Cloud Controller Manager, CNI, etc).

        :schema: HelmChartSpec#bootstrap
        '''
        result = self._values.get("bootstrap")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def chart(self) -> typing.Optional[builtins.str]:
        '''Helm Chart name in repository, or complete HTTPS URL to chart archive (.tgz) Helm CLI positional argument/flag: ``CHART``.

        :schema: HelmChartSpec#chart
        '''
        result = self._values.get("chart")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def chart_content(self) -> typing.Optional[builtins.str]:
        '''Base64-encoded chart archive .tgz; overides ``.spec.chart`` and ``.spec.version``. Helm CLI positional argument/flag: ``CHART``.

        :schema: HelmChartSpec#chartContent
        '''
        result = self._values.get("chart_content")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def create_namespace(self) -> typing.Optional[builtins.bool]:
        '''Create target namespace if not present.

        Helm CLI positional argument/flag: ``--create-namespace``

        :schema: HelmChartSpec#createNamespace
        '''
        result = self._values.get("create_namespace")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def docker_registry_secret(
        self,
    ) -> typing.Optional["HelmChartSpecDockerRegistrySecret"]:
        '''Reference to Secret of type kubernetes.io/dockerconfigjson holding Docker auth credentials for the OCI-based registry acting as the Chart repo.

        :schema: HelmChartSpec#dockerRegistrySecret
        '''
        result = self._values.get("docker_registry_secret")
        return typing.cast("typing.Optional[HelmChartSpecDockerRegistrySecret]", result)

    @builtins.property
    def driver(self) -> typing.Optional["HelmChartSpecDriver"]:
        '''Helm storage driver to use for this chart's release metadata.

        ``secret`` stores releases in Kubernetes Secrets (default).
        ``configmap`` stores releases in ConfigMaps.
        This field is effectively immutable after the first install; changing the storage backend is not a supported migration path.
        Helm CLI environment variable: ``HELM_DRIVER``

        :schema: HelmChartSpec#driver
        '''
        result = self._values.get("driver")
        return typing.cast("typing.Optional[HelmChartSpecDriver]", result)

    @builtins.property
    def failure_policy(self) -> typing.Optional["HelmChartSpecFailurePolicy"]:
        '''Configures handling of failed chart installation or upgrades.

        - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error.
        - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior.
        - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.

        :schema: HelmChartSpec#failurePolicy
        '''
        result = self._values.get("failure_policy")
        return typing.cast("typing.Optional[HelmChartSpecFailurePolicy]", result)

    @builtins.property
    def force_conflicts(self) -> typing.Optional[builtins.bool]:
        '''Set to true if helm should configure server-side apply to force changes when conflicts arise in ownership of managed fields.

        Helm CLI positional argument/flag: ``--force-conflicts``

        :schema: HelmChartSpec#forceConflicts
        '''
        result = self._values.get("force_conflicts")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def helm_version(self) -> typing.Optional[builtins.str]:
        '''DEPRECATED.

        Helm version to use. Only v3 is currently supported.

        :schema: HelmChartSpec#helmVersion
        '''
        result = self._values.get("helm_version")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def insecure_skip_tls_verify(self) -> typing.Optional[builtins.bool]:
        '''Skip TLS certificate checks for the chart download.

        Helm CLI positional argument/flag: ``--insecure-skip-tls-verify``

        :schema: HelmChartSpec#insecureSkipTLSVerify
        '''
        result = self._values.get("insecure_skip_tls_verify")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def job_image(self) -> typing.Optional[builtins.str]:
        '''Specify the image to use for tht helm job pod when installing or upgrading the helm chart.

        :schema: HelmChartSpec#jobImage
        '''
        result = self._values.get("job_image")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def plain_http(self) -> typing.Optional[builtins.bool]:
        '''Use insecure HTTP connections for the chart download.

        Helm CLI positional argument/flag: ``--plain-http``

        :schema: HelmChartSpec#plainHTTP
        '''
        result = self._values.get("plain_http")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def pod_security_context(
        self,
    ) -> typing.Optional["HelmChartSpecPodSecurityContext"]:
        '''Custom PodSecurityContext for the helm job pod.

        :schema: HelmChartSpec#podSecurityContext
        '''
        result = self._values.get("pod_security_context")
        return typing.cast("typing.Optional[HelmChartSpecPodSecurityContext]", result)

    @builtins.property
    def repo(self) -> typing.Optional[builtins.str]:
        '''Helm Chart repository URL.

        Helm CLI positional argument/flag: ``--repo``

        :schema: HelmChartSpec#repo
        '''
        result = self._values.get("repo")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def repo_ca(self) -> typing.Optional[builtins.str]:
        '''Verify certificates of HTTPS-enabled servers using this CA bundle.

        Should be a string containing one or more PEM-encoded CA Certificates.
        Helm CLI positional argument/flag: ``--ca-file``

        :schema: HelmChartSpec#repoCA
        '''
        result = self._values.get("repo_ca")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def repo_ca_config_map(self) -> typing.Optional["HelmChartSpecRepoCaConfigMap"]:
        '''Reference to a ConfigMap containing CA Certificates to be be trusted by Helm.

        Can be used along with or instead of ``.spec.repoCA``
        Helm CLI positional argument/flag: ``--ca-file``

        :schema: HelmChartSpec#repoCAConfigMap
        '''
        result = self._values.get("repo_ca_config_map")
        return typing.cast("typing.Optional[HelmChartSpecRepoCaConfigMap]", result)

    @builtins.property
    def security_context(self) -> typing.Optional["HelmChartSpecSecurityContext"]:
        '''custom SecurityContext for the helm job pod.

        :schema: HelmChartSpec#securityContext
        '''
        result = self._values.get("security_context")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContext]", result)

    @builtins.property
    def server_side(self) -> typing.Optional["HelmChartSpecServerSide"]:
        '''Set to true if helm should enable server-side apply when updating objects.

        Defaults to ``true`` for install, and ``auto`` for upgrade.

        - ``true`` enables server-side apply.
        - ``false`` disables server-side apply.
        - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled.
          Helm CLI positional argument/flag: ``--server-side``

        :default: true``for install, and``auto` for upgrade.

        :schema: HelmChartSpec#serverSide
        '''
        result = self._values.get("server_side")
        return typing.cast("typing.Optional[HelmChartSpecServerSide]", result)

    @builtins.property
    def set(self) -> typing.Optional[typing.Mapping[builtins.str, "HelmChartSpecSet"]]:
        '''Override simple Chart values.

        These take precedence over options set via values or valuesContent.
        Helm CLI positional argument/flag: ``--set``, ``--set-string``

        :schema: HelmChartSpec#set
        '''
        result = self._values.get("set")
        return typing.cast("typing.Optional[typing.Mapping[builtins.str, HelmChartSpecSet]]", result)

    @builtins.property
    def take_ownership(self) -> typing.Optional[builtins.bool]:
        '''Set to True if helm should take ownership of existing resources when installing/upgrading the chart.

        Helm CLI positional argument/flag: ``--take-ownership``

        :schema: HelmChartSpec#takeOwnership
        '''
        result = self._values.get("take_ownership")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def target_namespace(self) -> typing.Optional[builtins.str]:
        '''Helm Chart target namespace.

        Helm CLI positional argument/flag: ``--namespace``

        :schema: HelmChartSpec#targetNamespace
        '''
        result = self._values.get("target_namespace")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def timeout(self) -> typing.Optional[builtins.str]:
        '''Timeout for Helm operations.

        Helm CLI positional argument/flag: ``--timeout``

        :schema: HelmChartSpec#timeout
        '''
        result = self._values.get("timeout")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def values(self) -> typing.Any:
        '''Override complex Chart values via structured YAML.

        Takes precedence over options set via valuesContent.
        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartSpec#values
        '''
        result = self._values.get("values")
        return typing.cast(typing.Any, result)

    @builtins.property
    def values_content(self) -> typing.Optional[builtins.str]:
        '''Override complex Chart values via inline YAML content.

        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartSpec#valuesContent
        '''
        result = self._values.get("values_content")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def values_secrets(
        self,
    ) -> typing.Optional[typing.List["HelmChartSpecValuesSecrets"]]:
        '''Override complex Chart values via references to external Secrets.

        Helm CLI positional argument/flag: ``--values``

        :schema: HelmChartSpec#valuesSecrets
        '''
        result = self._values.get("values_secrets")
        return typing.cast("typing.Optional[typing.List[HelmChartSpecValuesSecrets]]", result)

    @builtins.property
    def version(self) -> typing.Optional[builtins.str]:
        '''Helm Chart version.

        Only used when installing from repository; ignored when .spec.chart or .spec.chartContent is used to install a specific chart archive.
        Helm CLI positional argument/flag: ``--version``

        :schema: HelmChartSpec#version
        '''
        result = self._values.get("version")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecAuthSecret",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmChartSpecAuthSecret:
    def __init__(self, *, name: typing.Optional[builtins.str] = None) -> None:
        '''Reference to Secret of type kubernetes.io/basic-auth holding Basic auth credentials for the Chart repo.

        :param name: Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecAuthSecret
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if name is not None:
            self._values["name"] = name

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the referent.

        This field is effectively required, but due to backwards compatibility is
        allowed to be empty. Instances of this type with an empty value here are
        almost certainly wrong.
        More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecAuthSecret#name
        '''
        result = self._values.get("name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecAuthSecret(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecDockerRegistrySecret",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmChartSpecDockerRegistrySecret:
    def __init__(self, *, name: typing.Optional[builtins.str] = None) -> None:
        '''Reference to Secret of type kubernetes.io/dockerconfigjson holding Docker auth credentials for the OCI-based registry acting as the Chart repo.

        :param name: Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecDockerRegistrySecret
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if name is not None:
            self._values["name"] = name

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the referent.

        This field is effectively required, but due to backwards compatibility is
        allowed to be empty. Instances of this type with an empty value here are
        almost certainly wrong.
        More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecDockerRegistrySecret#name
        '''
        result = self._values.get("name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecDockerRegistrySecret(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iocattlehelm.HelmChartSpecDriver")
class HelmChartSpecDriver(enum.Enum):
    '''Helm storage driver to use for this chart's release metadata.

    ``secret`` stores releases in Kubernetes Secrets (default).
    ``configmap`` stores releases in ConfigMaps.
    This field is effectively immutable after the first install; changing the storage backend is not a supported migration path.
    Helm CLI environment variable: ``HELM_DRIVER``

    :schema: HelmChartSpecDriver
    '''

    SECRET = "SECRET"
    '''secret.'''
    CONFIGMAP = "CONFIGMAP"
    '''configmap.'''


@jsii.enum(jsii_type="iocattlehelm.HelmChartSpecFailurePolicy")
class HelmChartSpecFailurePolicy(enum.Enum):
    '''Configures handling of failed chart installation or upgrades.

    - ``abort`` will take no action and leave the chart in a failed state so that the administrator can manually resolve the error.
    - ``reinstall`` will perform a clean uninstall and reinstall of the chart; this is the default behavior.
    - ``retry`` will attempt to retry the install or upgrade whenever chart configuration changes.

    :schema: HelmChartSpecFailurePolicy
    '''

    ABORT = "ABORT"
    '''abort.'''
    REINSTALL = "REINSTALL"
    '''reinstall.'''
    RETRY = "RETRY"
    '''retry.'''


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContext",
    jsii_struct_bases=[],
    name_mapping={
        "app_armor_profile": "appArmorProfile",
        "fs_group": "fsGroup",
        "fs_group_change_policy": "fsGroupChangePolicy",
        "run_as_group": "runAsGroup",
        "run_as_non_root": "runAsNonRoot",
        "run_as_user": "runAsUser",
        "seccomp_profile": "seccompProfile",
        "se_linux_change_policy": "seLinuxChangePolicy",
        "se_linux_options": "seLinuxOptions",
        "supplemental_groups": "supplementalGroups",
        "supplemental_groups_policy": "supplementalGroupsPolicy",
        "sysctls": "sysctls",
        "windows_options": "windowsOptions",
    },
)
class HelmChartSpecPodSecurityContext:
    def __init__(
        self,
        *,
        app_armor_profile: typing.Optional[typing.Union["HelmChartSpecPodSecurityContextAppArmorProfile", typing.Dict[builtins.str, typing.Any]]] = None,
        fs_group: typing.Optional[jsii.Number] = None,
        fs_group_change_policy: typing.Optional[builtins.str] = None,
        run_as_group: typing.Optional[jsii.Number] = None,
        run_as_non_root: typing.Optional[builtins.bool] = None,
        run_as_user: typing.Optional[jsii.Number] = None,
        seccomp_profile: typing.Optional[typing.Union["HelmChartSpecPodSecurityContextSeccompProfile", typing.Dict[builtins.str, typing.Any]]] = None,
        se_linux_change_policy: typing.Optional[builtins.str] = None,
        se_linux_options: typing.Optional[typing.Union["HelmChartSpecPodSecurityContextSeLinuxOptions", typing.Dict[builtins.str, typing.Any]]] = None,
        supplemental_groups: typing.Optional[typing.Sequence[jsii.Number]] = None,
        supplemental_groups_policy: typing.Optional[builtins.str] = None,
        sysctls: typing.Optional[typing.Sequence[typing.Union["HelmChartSpecPodSecurityContextSysctls", typing.Dict[builtins.str, typing.Any]]]] = None,
        windows_options: typing.Optional[typing.Union["HelmChartSpecPodSecurityContextWindowsOptions", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Custom PodSecurityContext for the helm job pod.

        :param app_armor_profile: appArmorProfile is the AppArmor options to use by the containers in this pod. Note that this field cannot be set when spec.os.name is windows.
        :param fs_group: A special supplemental group that applies to all containers in a pod. Some volume types allow the Kubelet to change the ownership of that volume to be owned by the pod: 1. The owning GID will be the FSGroup 2. The setgid bit is set (new files created in the volume will be owned by FSGroup) 3. The permission bits are OR'd with rw-rw---- If unset, the Kubelet will not modify the ownership and permissions of any volume. Note that this field cannot be set when spec.os.name is windows.
        :param fs_group_change_policy: fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod. This field will only apply to volume types which support fsGroup based ownership(and permissions). It will have no effect on ephemeral volume types such as: secret, configmaps and emptydir. Valid values are "OnRootMismatch" and "Always". If not specified, "Always" is used. Note that this field cannot be set when spec.os.name is windows.
        :param run_as_group: The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in SecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows.
        :param run_as_non_root: Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does. If unset or false, no such validation will be performed. May also be set in SecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        :param run_as_user: The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in SecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows. Default: user specified in image metadata if unspecified.
        :param seccomp_profile: The seccomp options to use by the containers in this pod. Note that this field cannot be set when spec.os.name is windows.
        :param se_linux_change_policy: seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod. It has no effect on nodes that do not support SELinux or to volumes does not support SELinux. Valid values are "MountOption" and "Recursive". "Recursive" means relabeling of all files on all Pod volumes by the container runtime. This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node. "MountOption" mounts all eligible Pod volumes with ``-o context`` mount option. This requires all Pods that share the same volume to use the same SELinux label. It is not possible to share the same volume among privileged and unprivileged Pods. Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their CSIDriver instance. Other volumes are always re-labelled recursively. "MountOption" value is allowed only when SELinuxMount feature gate is enabled. If not specified and SELinuxMount feature gate is enabled, "MountOption" is used. If not specified and SELinuxMount feature gate is disabled, "MountOption" is used for ReadWriteOncePod volumes and "Recursive" for all other volumes. This field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers. All Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state. Note that this field cannot be set when spec.os.name is windows.
        :param se_linux_options: The SELinux context to be applied to all containers. If unspecified, the container runtime will allocate a random SELinux context for each container. May also be set in SecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence for that container. Note that this field cannot be set when spec.os.name is windows.
        :param supplemental_groups: A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified). If the SupplementalGroupsPolicy feature is enabled, the supplementalGroupsPolicy field determines whether these are in addition to or instead of any group memberships defined in the container image. If unspecified, no additional groups are added, though group memberships defined in the container image may still be used, depending on the supplementalGroupsPolicy field. Note that this field cannot be set when spec.os.name is windows.
        :param supplemental_groups_policy: Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.
        :param sysctls: Sysctls hold a list of namespaced sysctls used for the pod. Pods with unsupported sysctls (by the container runtime) might fail to launch. Note that this field cannot be set when spec.os.name is windows.
        :param windows_options: The Windows specific settings applied to all containers. If unspecified, the options within a container's SecurityContext will be used. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is linux.

        :schema: HelmChartSpecPodSecurityContext
        '''
        if isinstance(app_armor_profile, dict):
            app_armor_profile = HelmChartSpecPodSecurityContextAppArmorProfile(**app_armor_profile)
        if isinstance(seccomp_profile, dict):
            seccomp_profile = HelmChartSpecPodSecurityContextSeccompProfile(**seccomp_profile)
        if isinstance(se_linux_options, dict):
            se_linux_options = HelmChartSpecPodSecurityContextSeLinuxOptions(**se_linux_options)
        if isinstance(windows_options, dict):
            windows_options = HelmChartSpecPodSecurityContextWindowsOptions(**windows_options)
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if app_armor_profile is not None:
            self._values["app_armor_profile"] = app_armor_profile
        if fs_group is not None:
            self._values["fs_group"] = fs_group
        if fs_group_change_policy is not None:
            self._values["fs_group_change_policy"] = fs_group_change_policy
        if run_as_group is not None:
            self._values["run_as_group"] = run_as_group
        if run_as_non_root is not None:
            self._values["run_as_non_root"] = run_as_non_root
        if run_as_user is not None:
            self._values["run_as_user"] = run_as_user
        if seccomp_profile is not None:
            self._values["seccomp_profile"] = seccomp_profile
        if se_linux_change_policy is not None:
            self._values["se_linux_change_policy"] = se_linux_change_policy
        if se_linux_options is not None:
            self._values["se_linux_options"] = se_linux_options
        if supplemental_groups is not None:
            self._values["supplemental_groups"] = supplemental_groups
        if supplemental_groups_policy is not None:
            self._values["supplemental_groups_policy"] = supplemental_groups_policy
        if sysctls is not None:
            self._values["sysctls"] = sysctls
        if windows_options is not None:
            self._values["windows_options"] = windows_options

    @builtins.property
    def app_armor_profile(
        self,
    ) -> typing.Optional["HelmChartSpecPodSecurityContextAppArmorProfile"]:
        '''appArmorProfile is the AppArmor options to use by the containers in this pod.

        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#appArmorProfile
        '''
        result = self._values.get("app_armor_profile")
        return typing.cast("typing.Optional[HelmChartSpecPodSecurityContextAppArmorProfile]", result)

    @builtins.property
    def fs_group(self) -> typing.Optional[jsii.Number]:
        '''A special supplemental group that applies to all containers in a pod.

        Some volume types allow the Kubelet to change the ownership of that volume
        to be owned by the pod:

        1. The owning GID will be the FSGroup
        2. The setgid bit is set (new files created in the volume will be owned by FSGroup)
        3. The permission bits are OR'd with rw-rw----

        If unset, the Kubelet will not modify the ownership and permissions of any volume.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#fsGroup
        '''
        result = self._values.get("fs_group")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def fs_group_change_policy(self) -> typing.Optional[builtins.str]:
        '''fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.

        This field will only apply to
        volume types which support fsGroup based ownership(and permissions).
        It will have no effect on ephemeral volume types such as: secret, configmaps
        and emptydir.
        Valid values are "OnRootMismatch" and "Always". If not specified, "Always" is used.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#fsGroupChangePolicy
        '''
        result = self._values.get("fs_group_change_policy")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def run_as_group(self) -> typing.Optional[jsii.Number]:
        '''The GID to run the entrypoint of the container process.

        Uses runtime default if unset.
        May also be set in SecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence
        for that container.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#runAsGroup
        '''
        result = self._values.get("run_as_group")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def run_as_non_root(self) -> typing.Optional[builtins.bool]:
        '''Indicates that the container must run as a non-root user.

        If true, the Kubelet will validate the image at runtime to ensure that it
        does not run as UID 0 (root) and fail to start the container if it does.
        If unset or false, no such validation will be performed.
        May also be set in SecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.

        :schema: HelmChartSpecPodSecurityContext#runAsNonRoot
        '''
        result = self._values.get("run_as_non_root")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def run_as_user(self) -> typing.Optional[jsii.Number]:
        '''The UID to run the entrypoint of the container process.

        Defaults to user specified in image metadata if unspecified.
        May also be set in SecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence
        for that container.
        Note that this field cannot be set when spec.os.name is windows.

        :default: user specified in image metadata if unspecified.

        :schema: HelmChartSpecPodSecurityContext#runAsUser
        '''
        result = self._values.get("run_as_user")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def seccomp_profile(
        self,
    ) -> typing.Optional["HelmChartSpecPodSecurityContextSeccompProfile"]:
        '''The seccomp options to use by the containers in this pod.

        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#seccompProfile
        '''
        result = self._values.get("seccomp_profile")
        return typing.cast("typing.Optional[HelmChartSpecPodSecurityContextSeccompProfile]", result)

    @builtins.property
    def se_linux_change_policy(self) -> typing.Optional[builtins.str]:
        '''seLinuxChangePolicy defines how the container's SELinux label is applied to all volumes used by the Pod.

        It has no effect on nodes that do not support SELinux or to volumes does not support SELinux.
        Valid values are "MountOption" and "Recursive".

        "Recursive" means relabeling of all files on all Pod volumes by the container runtime.
        This may be slow for large volumes, but allows mixing privileged and unprivileged Pods sharing the same volume on the same node.

        "MountOption" mounts all eligible Pod volumes with ``-o context`` mount option.
        This requires all Pods that share the same volume to use the same SELinux label.
        It is not possible to share the same volume among privileged and unprivileged Pods.
        Eligible volumes are in-tree FibreChannel and iSCSI volumes, and all CSI volumes
        whose CSI driver announces SELinux support by setting spec.seLinuxMount: true in their
        CSIDriver instance. Other volumes are always re-labelled recursively.
        "MountOption" value is allowed only when SELinuxMount feature gate is enabled.

        If not specified and SELinuxMount feature gate is enabled, "MountOption" is used.
        If not specified and SELinuxMount feature gate is disabled, "MountOption" is used for ReadWriteOncePod volumes
        and "Recursive" for all other volumes.

        This field affects only Pods that have SELinux label set, either in PodSecurityContext or in SecurityContext of all containers.

        All Pods that use the same volume should use the same seLinuxChangePolicy, otherwise some pods can get stuck in ContainerCreating state.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#seLinuxChangePolicy
        '''
        result = self._values.get("se_linux_change_policy")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def se_linux_options(
        self,
    ) -> typing.Optional["HelmChartSpecPodSecurityContextSeLinuxOptions"]:
        '''The SELinux context to be applied to all containers.

        If unspecified, the container runtime will allocate a random SELinux context for each
        container.  May also be set in SecurityContext.  If set in
        both SecurityContext and PodSecurityContext, the value specified in SecurityContext
        takes precedence for that container.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#seLinuxOptions
        '''
        result = self._values.get("se_linux_options")
        return typing.cast("typing.Optional[HelmChartSpecPodSecurityContextSeLinuxOptions]", result)

    @builtins.property
    def supplemental_groups(self) -> typing.Optional[typing.List[jsii.Number]]:
        '''A list of groups applied to the first process run in each container, in addition to the container's primary GID and fsGroup (if specified).

        If
        the SupplementalGroupsPolicy feature is enabled, the
        supplementalGroupsPolicy field determines whether these are in addition
        to or instead of any group memberships defined in the container image.
        If unspecified, no additional groups are added, though group memberships
        defined in the container image may still be used, depending on the
        supplementalGroupsPolicy field.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#supplementalGroups
        '''
        result = self._values.get("supplemental_groups")
        return typing.cast("typing.Optional[typing.List[jsii.Number]]", result)

    @builtins.property
    def supplemental_groups_policy(self) -> typing.Optional[builtins.str]:
        '''Defines how supplemental groups of the first container processes are calculated.

        Valid values are "Merge" and "Strict". If not specified, "Merge" is used.
        (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled
        and the container runtime must implement support for this feature.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#supplementalGroupsPolicy
        '''
        result = self._values.get("supplemental_groups_policy")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def sysctls(
        self,
    ) -> typing.Optional[typing.List["HelmChartSpecPodSecurityContextSysctls"]]:
        '''Sysctls hold a list of namespaced sysctls used for the pod.

        Pods with unsupported
        sysctls (by the container runtime) might fail to launch.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecPodSecurityContext#sysctls
        '''
        result = self._values.get("sysctls")
        return typing.cast("typing.Optional[typing.List[HelmChartSpecPodSecurityContextSysctls]]", result)

    @builtins.property
    def windows_options(
        self,
    ) -> typing.Optional["HelmChartSpecPodSecurityContextWindowsOptions"]:
        '''The Windows specific settings applied to all containers.

        If unspecified, the options within a container's SecurityContext will be used.
        If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is linux.

        :schema: HelmChartSpecPodSecurityContext#windowsOptions
        '''
        result = self._values.get("windows_options")
        return typing.cast("typing.Optional[HelmChartSpecPodSecurityContextWindowsOptions]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContext(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContextAppArmorProfile",
    jsii_struct_bases=[],
    name_mapping={"type": "type", "localhost_profile": "localhostProfile"},
)
class HelmChartSpecPodSecurityContextAppArmorProfile:
    def __init__(
        self,
        *,
        type: builtins.str,
        localhost_profile: typing.Optional[builtins.str] = None,
    ) -> None:
        '''appArmorProfile is the AppArmor options to use by the containers in this pod.

        Note that this field cannot be set when spec.os.name is windows.

        :param type: type indicates which kind of AppArmor profile will be applied. Valid options are: Localhost - a profile pre-loaded on the node. RuntimeDefault - the container runtime's default profile. Unconfined - no AppArmor enforcement.
        :param localhost_profile: localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile. Must be set if and only if type is "Localhost".

        :schema: HelmChartSpecPodSecurityContextAppArmorProfile
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "type": type,
        }
        if localhost_profile is not None:
            self._values["localhost_profile"] = localhost_profile

    @builtins.property
    def type(self) -> builtins.str:
        '''type indicates which kind of AppArmor profile will be applied.

        Valid options are:
        Localhost - a profile pre-loaded on the node.
        RuntimeDefault - the container runtime's default profile.
        Unconfined - no AppArmor enforcement.

        :schema: HelmChartSpecPodSecurityContextAppArmorProfile#type
        '''
        result = self._values.get("type")
        assert result is not None, "Required property 'type' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def localhost_profile(self) -> typing.Optional[builtins.str]:
        '''localhostProfile indicates a profile loaded on the node that should be used.

        The profile must be preconfigured on the node to work.
        Must match the loaded name of the profile.
        Must be set if and only if type is "Localhost".

        :schema: HelmChartSpecPodSecurityContextAppArmorProfile#localhostProfile
        '''
        result = self._values.get("localhost_profile")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContextAppArmorProfile(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContextSeLinuxOptions",
    jsii_struct_bases=[],
    name_mapping={"level": "level", "role": "role", "type": "type", "user": "user"},
)
class HelmChartSpecPodSecurityContextSeLinuxOptions:
    def __init__(
        self,
        *,
        level: typing.Optional[builtins.str] = None,
        role: typing.Optional[builtins.str] = None,
        type: typing.Optional[builtins.str] = None,
        user: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The SELinux context to be applied to all containers.

        If unspecified, the container runtime will allocate a random SELinux context for each
        container.  May also be set in SecurityContext.  If set in
        both SecurityContext and PodSecurityContext, the value specified in SecurityContext
        takes precedence for that container.
        Note that this field cannot be set when spec.os.name is windows.

        :param level: Level is SELinux level label that applies to the container.
        :param role: Role is a SELinux role label that applies to the container.
        :param type: Type is a SELinux type label that applies to the container.
        :param user: User is a SELinux user label that applies to the container.

        :schema: HelmChartSpecPodSecurityContextSeLinuxOptions
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if level is not None:
            self._values["level"] = level
        if role is not None:
            self._values["role"] = role
        if type is not None:
            self._values["type"] = type
        if user is not None:
            self._values["user"] = user

    @builtins.property
    def level(self) -> typing.Optional[builtins.str]:
        '''Level is SELinux level label that applies to the container.

        :schema: HelmChartSpecPodSecurityContextSeLinuxOptions#level
        '''
        result = self._values.get("level")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def role(self) -> typing.Optional[builtins.str]:
        '''Role is a SELinux role label that applies to the container.

        :schema: HelmChartSpecPodSecurityContextSeLinuxOptions#role
        '''
        result = self._values.get("role")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def type(self) -> typing.Optional[builtins.str]:
        '''Type is a SELinux type label that applies to the container.

        :schema: HelmChartSpecPodSecurityContextSeLinuxOptions#type
        '''
        result = self._values.get("type")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def user(self) -> typing.Optional[builtins.str]:
        '''User is a SELinux user label that applies to the container.

        :schema: HelmChartSpecPodSecurityContextSeLinuxOptions#user
        '''
        result = self._values.get("user")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContextSeLinuxOptions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContextSeccompProfile",
    jsii_struct_bases=[],
    name_mapping={"type": "type", "localhost_profile": "localhostProfile"},
)
class HelmChartSpecPodSecurityContextSeccompProfile:
    def __init__(
        self,
        *,
        type: builtins.str,
        localhost_profile: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The seccomp options to use by the containers in this pod.

        Note that this field cannot be set when spec.os.name is windows.

        :param type: type indicates which kind of seccomp profile will be applied. Valid options are:. Localhost - a profile defined in a file on the node should be used. RuntimeDefault - the container runtime default profile should be used. Unconfined - no profile should be applied.
        :param localhost_profile: localhostProfile indicates a profile defined in a file on the node should be used. The profile must be preconfigured on the node to work. Must be a descending path, relative to the kubelet's configured seccomp profile location. Must be set if type is "Localhost". Must NOT be set for any other type.

        :schema: HelmChartSpecPodSecurityContextSeccompProfile
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "type": type,
        }
        if localhost_profile is not None:
            self._values["localhost_profile"] = localhost_profile

    @builtins.property
    def type(self) -> builtins.str:
        '''type indicates which kind of seccomp profile will be applied. Valid options are:.

        Localhost - a profile defined in a file on the node should be used.
        RuntimeDefault - the container runtime default profile should be used.
        Unconfined - no profile should be applied.

        :schema: HelmChartSpecPodSecurityContextSeccompProfile#type
        '''
        result = self._values.get("type")
        assert result is not None, "Required property 'type' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def localhost_profile(self) -> typing.Optional[builtins.str]:
        '''localhostProfile indicates a profile defined in a file on the node should be used.

        The profile must be preconfigured on the node to work.
        Must be a descending path, relative to the kubelet's configured seccomp profile location.
        Must be set if type is "Localhost". Must NOT be set for any other type.

        :schema: HelmChartSpecPodSecurityContextSeccompProfile#localhostProfile
        '''
        result = self._values.get("localhost_profile")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContextSeccompProfile(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContextSysctls",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "value": "value"},
)
class HelmChartSpecPodSecurityContextSysctls:
    def __init__(self, *, name: builtins.str, value: builtins.str) -> None:
        '''Sysctl defines a kernel parameter to be set.

        :param name: Name of a property to set.
        :param value: Value of a property to set.

        :schema: HelmChartSpecPodSecurityContextSysctls
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
            "value": value,
        }

    @builtins.property
    def name(self) -> builtins.str:
        '''Name of a property to set.

        :schema: HelmChartSpecPodSecurityContextSysctls#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def value(self) -> builtins.str:
        '''Value of a property to set.

        :schema: HelmChartSpecPodSecurityContextSysctls#value
        '''
        result = self._values.get("value")
        assert result is not None, "Required property 'value' is missing"
        return typing.cast(builtins.str, result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContextSysctls(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecPodSecurityContextWindowsOptions",
    jsii_struct_bases=[],
    name_mapping={
        "gmsa_credential_spec": "gmsaCredentialSpec",
        "gmsa_credential_spec_name": "gmsaCredentialSpecName",
        "host_process": "hostProcess",
        "run_as_user_name": "runAsUserName",
    },
)
class HelmChartSpecPodSecurityContextWindowsOptions:
    def __init__(
        self,
        *,
        gmsa_credential_spec: typing.Optional[builtins.str] = None,
        gmsa_credential_spec_name: typing.Optional[builtins.str] = None,
        host_process: typing.Optional[builtins.bool] = None,
        run_as_user_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The Windows specific settings applied to all containers.

        If unspecified, the options within a container's SecurityContext will be used.
        If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is linux.

        :param gmsa_credential_spec: GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.
        :param gmsa_credential_spec_name: GMSACredentialSpecName is the name of the GMSA credential spec to use.
        :param host_process: HostProcess determines if a container should be run as a 'Host Process' container. All of a Pod's containers must have the same effective HostProcess value (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers). In addition, if HostProcess is true then HostNetwork must also be set to true.
        :param run_as_user_name: The UserName in Windows to run the entrypoint of the container process. Defaults to the user specified in image metadata if unspecified. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Default: the user specified in image metadata if unspecified.

        :schema: HelmChartSpecPodSecurityContextWindowsOptions
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if gmsa_credential_spec is not None:
            self._values["gmsa_credential_spec"] = gmsa_credential_spec
        if gmsa_credential_spec_name is not None:
            self._values["gmsa_credential_spec_name"] = gmsa_credential_spec_name
        if host_process is not None:
            self._values["host_process"] = host_process
        if run_as_user_name is not None:
            self._values["run_as_user_name"] = run_as_user_name

    @builtins.property
    def gmsa_credential_spec(self) -> typing.Optional[builtins.str]:
        '''GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.

        :schema: HelmChartSpecPodSecurityContextWindowsOptions#gmsaCredentialSpec
        '''
        result = self._values.get("gmsa_credential_spec")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def gmsa_credential_spec_name(self) -> typing.Optional[builtins.str]:
        '''GMSACredentialSpecName is the name of the GMSA credential spec to use.

        :schema: HelmChartSpecPodSecurityContextWindowsOptions#gmsaCredentialSpecName
        '''
        result = self._values.get("gmsa_credential_spec_name")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def host_process(self) -> typing.Optional[builtins.bool]:
        '''HostProcess determines if a container should be run as a 'Host Process' container.

        All of a Pod's containers must have the same effective HostProcess value
        (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers).
        In addition, if HostProcess is true then HostNetwork must also be set to true.

        :schema: HelmChartSpecPodSecurityContextWindowsOptions#hostProcess
        '''
        result = self._values.get("host_process")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def run_as_user_name(self) -> typing.Optional[builtins.str]:
        '''The UserName in Windows to run the entrypoint of the container process.

        Defaults to the user specified in image metadata if unspecified.
        May also be set in PodSecurityContext. If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.

        :default: the user specified in image metadata if unspecified.

        :schema: HelmChartSpecPodSecurityContextWindowsOptions#runAsUserName
        '''
        result = self._values.get("run_as_user_name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecPodSecurityContextWindowsOptions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecRepoCaConfigMap",
    jsii_struct_bases=[],
    name_mapping={"name": "name"},
)
class HelmChartSpecRepoCaConfigMap:
    def __init__(self, *, name: typing.Optional[builtins.str] = None) -> None:
        '''Reference to a ConfigMap containing CA Certificates to be be trusted by Helm.

        Can be used along with or instead of ``.spec.repoCA``
        Helm CLI positional argument/flag: ``--ca-file``

        :param name: Name of the referent. This field is effectively required, but due to backwards compatibility is allowed to be empty. Instances of this type with an empty value here are almost certainly wrong. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecRepoCaConfigMap
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if name is not None:
            self._values["name"] = name

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the referent.

        This field is effectively required, but due to backwards compatibility is
        allowed to be empty. Instances of this type with an empty value here are
        almost certainly wrong.
        More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names

        :schema: HelmChartSpecRepoCaConfigMap#name
        '''
        result = self._values.get("name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecRepoCaConfigMap(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContext",
    jsii_struct_bases=[],
    name_mapping={
        "allow_privilege_escalation": "allowPrivilegeEscalation",
        "app_armor_profile": "appArmorProfile",
        "capabilities": "capabilities",
        "privileged": "privileged",
        "proc_mount": "procMount",
        "read_only_root_filesystem": "readOnlyRootFilesystem",
        "run_as_group": "runAsGroup",
        "run_as_non_root": "runAsNonRoot",
        "run_as_user": "runAsUser",
        "seccomp_profile": "seccompProfile",
        "se_linux_options": "seLinuxOptions",
        "windows_options": "windowsOptions",
    },
)
class HelmChartSpecSecurityContext:
    def __init__(
        self,
        *,
        allow_privilege_escalation: typing.Optional[builtins.bool] = None,
        app_armor_profile: typing.Optional[typing.Union["HelmChartSpecSecurityContextAppArmorProfile", typing.Dict[builtins.str, typing.Any]]] = None,
        capabilities: typing.Optional[typing.Union["HelmChartSpecSecurityContextCapabilities", typing.Dict[builtins.str, typing.Any]]] = None,
        privileged: typing.Optional[builtins.bool] = None,
        proc_mount: typing.Optional[builtins.str] = None,
        read_only_root_filesystem: typing.Optional[builtins.bool] = None,
        run_as_group: typing.Optional[jsii.Number] = None,
        run_as_non_root: typing.Optional[builtins.bool] = None,
        run_as_user: typing.Optional[jsii.Number] = None,
        seccomp_profile: typing.Optional[typing.Union["HelmChartSpecSecurityContextSeccompProfile", typing.Dict[builtins.str, typing.Any]]] = None,
        se_linux_options: typing.Optional[typing.Union["HelmChartSpecSecurityContextSeLinuxOptions", typing.Dict[builtins.str, typing.Any]]] = None,
        windows_options: typing.Optional[typing.Union["HelmChartSpecSecurityContextWindowsOptions", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''custom SecurityContext for the helm job pod.

        :param allow_privilege_escalation: AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process. This bool directly controls if the no_new_privs flag will be set on the container process. AllowPrivilegeEscalation is true always when the container is: 1. run as Privileged 2. has CAP_SYS_ADMIN Note that this field cannot be set when spec.os.name is windows.
        :param app_armor_profile: appArmorProfile is the AppArmor options to use by this container. If set, this profile overrides the pod's appArmorProfile. Note that this field cannot be set when spec.os.name is windows.
        :param capabilities: The capabilities to add/drop when running containers. Defaults to the default set of capabilities granted by the container runtime. Note that this field cannot be set when spec.os.name is windows. Default: the default set of capabilities granted by the container runtime.
        :param privileged: Run container in privileged mode. Processes in privileged containers are essentially equivalent to root on the host. Defaults to false. Note that this field cannot be set when spec.os.name is windows. Default: false.
        :param proc_mount: procMount denotes the type of proc mount to use for the containers. The default value is Default which uses the container runtime defaults for readonly paths and masked paths. This requires the ProcMountType feature flag to be enabled. Note that this field cannot be set when spec.os.name is windows.
        :param read_only_root_filesystem: Whether this container has a read-only root filesystem. Default is false. Note that this field cannot be set when spec.os.name is windows. Default: false.
        :param run_as_group: The GID to run the entrypoint of the container process. Uses runtime default if unset. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.
        :param run_as_non_root: Indicates that the container must run as a non-root user. If true, the Kubelet will validate the image at runtime to ensure that it does not run as UID 0 (root) and fail to start the container if it does. If unset or false, no such validation will be performed. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        :param run_as_user: The UID to run the entrypoint of the container process. Defaults to user specified in image metadata if unspecified. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows. Default: user specified in image metadata if unspecified.
        :param seccomp_profile: The seccomp options to use by this container. If seccomp options are provided at both the pod & container level, the container options override the pod options. Note that this field cannot be set when spec.os.name is windows.
        :param se_linux_options: The SELinux context to be applied to the container. If unspecified, the container runtime will allocate a random SELinux context for each container. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is windows.
        :param windows_options: The Windows specific settings applied to all containers. If unspecified, the options from the PodSecurityContext will be used. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Note that this field cannot be set when spec.os.name is linux.

        :schema: HelmChartSpecSecurityContext
        '''
        if isinstance(app_armor_profile, dict):
            app_armor_profile = HelmChartSpecSecurityContextAppArmorProfile(**app_armor_profile)
        if isinstance(capabilities, dict):
            capabilities = HelmChartSpecSecurityContextCapabilities(**capabilities)
        if isinstance(seccomp_profile, dict):
            seccomp_profile = HelmChartSpecSecurityContextSeccompProfile(**seccomp_profile)
        if isinstance(se_linux_options, dict):
            se_linux_options = HelmChartSpecSecurityContextSeLinuxOptions(**se_linux_options)
        if isinstance(windows_options, dict):
            windows_options = HelmChartSpecSecurityContextWindowsOptions(**windows_options)
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if allow_privilege_escalation is not None:
            self._values["allow_privilege_escalation"] = allow_privilege_escalation
        if app_armor_profile is not None:
            self._values["app_armor_profile"] = app_armor_profile
        if capabilities is not None:
            self._values["capabilities"] = capabilities
        if privileged is not None:
            self._values["privileged"] = privileged
        if proc_mount is not None:
            self._values["proc_mount"] = proc_mount
        if read_only_root_filesystem is not None:
            self._values["read_only_root_filesystem"] = read_only_root_filesystem
        if run_as_group is not None:
            self._values["run_as_group"] = run_as_group
        if run_as_non_root is not None:
            self._values["run_as_non_root"] = run_as_non_root
        if run_as_user is not None:
            self._values["run_as_user"] = run_as_user
        if seccomp_profile is not None:
            self._values["seccomp_profile"] = seccomp_profile
        if se_linux_options is not None:
            self._values["se_linux_options"] = se_linux_options
        if windows_options is not None:
            self._values["windows_options"] = windows_options

    @builtins.property
    def allow_privilege_escalation(self) -> typing.Optional[builtins.bool]:
        '''AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.

        This bool directly controls if
        the no_new_privs flag will be set on the container process.
        AllowPrivilegeEscalation is true always when the container is:

        1. run as Privileged
        2. has CAP_SYS_ADMIN
           Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#allowPrivilegeEscalation
        '''
        result = self._values.get("allow_privilege_escalation")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def app_armor_profile(
        self,
    ) -> typing.Optional["HelmChartSpecSecurityContextAppArmorProfile"]:
        '''appArmorProfile is the AppArmor options to use by this container.

        If set, this profile
        overrides the pod's appArmorProfile.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#appArmorProfile
        '''
        result = self._values.get("app_armor_profile")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContextAppArmorProfile]", result)

    @builtins.property
    def capabilities(
        self,
    ) -> typing.Optional["HelmChartSpecSecurityContextCapabilities"]:
        '''The capabilities to add/drop when running containers.

        Defaults to the default set of capabilities granted by the container runtime.
        Note that this field cannot be set when spec.os.name is windows.

        :default: the default set of capabilities granted by the container runtime.

        :schema: HelmChartSpecSecurityContext#capabilities
        '''
        result = self._values.get("capabilities")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContextCapabilities]", result)

    @builtins.property
    def privileged(self) -> typing.Optional[builtins.bool]:
        '''Run container in privileged mode.

        Processes in privileged containers are essentially equivalent to root on the host.
        Defaults to false.
        Note that this field cannot be set when spec.os.name is windows.

        :default: false.

        :schema: HelmChartSpecSecurityContext#privileged
        '''
        result = self._values.get("privileged")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def proc_mount(self) -> typing.Optional[builtins.str]:
        '''procMount denotes the type of proc mount to use for the containers.

        The default value is Default which uses the container runtime defaults for
        readonly paths and masked paths.
        This requires the ProcMountType feature flag to be enabled.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#procMount
        '''
        result = self._values.get("proc_mount")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def read_only_root_filesystem(self) -> typing.Optional[builtins.bool]:
        '''Whether this container has a read-only root filesystem.

        Default is false.
        Note that this field cannot be set when spec.os.name is windows.

        :default: false.

        :schema: HelmChartSpecSecurityContext#readOnlyRootFilesystem
        '''
        result = self._values.get("read_only_root_filesystem")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def run_as_group(self) -> typing.Optional[jsii.Number]:
        '''The GID to run the entrypoint of the container process.

        Uses runtime default if unset.
        May also be set in PodSecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#runAsGroup
        '''
        result = self._values.get("run_as_group")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def run_as_non_root(self) -> typing.Optional[builtins.bool]:
        '''Indicates that the container must run as a non-root user.

        If true, the Kubelet will validate the image at runtime to ensure that it
        does not run as UID 0 (root) and fail to start the container if it does.
        If unset or false, no such validation will be performed.
        May also be set in PodSecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.

        :schema: HelmChartSpecSecurityContext#runAsNonRoot
        '''
        result = self._values.get("run_as_non_root")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def run_as_user(self) -> typing.Optional[jsii.Number]:
        '''The UID to run the entrypoint of the container process.

        Defaults to user specified in image metadata if unspecified.
        May also be set in PodSecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is windows.

        :default: user specified in image metadata if unspecified.

        :schema: HelmChartSpecSecurityContext#runAsUser
        '''
        result = self._values.get("run_as_user")
        return typing.cast("typing.Optional[jsii.Number]", result)

    @builtins.property
    def seccomp_profile(
        self,
    ) -> typing.Optional["HelmChartSpecSecurityContextSeccompProfile"]:
        '''The seccomp options to use by this container.

        If seccomp options are
        provided at both the pod & container level, the container options
        override the pod options.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#seccompProfile
        '''
        result = self._values.get("seccomp_profile")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContextSeccompProfile]", result)

    @builtins.property
    def se_linux_options(
        self,
    ) -> typing.Optional["HelmChartSpecSecurityContextSeLinuxOptions"]:
        '''The SELinux context to be applied to the container.

        If unspecified, the container runtime will allocate a random SELinux context for each
        container.  May also be set in PodSecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is windows.

        :schema: HelmChartSpecSecurityContext#seLinuxOptions
        '''
        result = self._values.get("se_linux_options")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContextSeLinuxOptions]", result)

    @builtins.property
    def windows_options(
        self,
    ) -> typing.Optional["HelmChartSpecSecurityContextWindowsOptions"]:
        '''The Windows specific settings applied to all containers.

        If unspecified, the options from the PodSecurityContext will be used.
        If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is linux.

        :schema: HelmChartSpecSecurityContext#windowsOptions
        '''
        result = self._values.get("windows_options")
        return typing.cast("typing.Optional[HelmChartSpecSecurityContextWindowsOptions]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContext(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContextAppArmorProfile",
    jsii_struct_bases=[],
    name_mapping={"type": "type", "localhost_profile": "localhostProfile"},
)
class HelmChartSpecSecurityContextAppArmorProfile:
    def __init__(
        self,
        *,
        type: builtins.str,
        localhost_profile: typing.Optional[builtins.str] = None,
    ) -> None:
        '''appArmorProfile is the AppArmor options to use by this container.

        If set, this profile
        overrides the pod's appArmorProfile.
        Note that this field cannot be set when spec.os.name is windows.

        :param type: type indicates which kind of AppArmor profile will be applied. Valid options are: Localhost - a profile pre-loaded on the node. RuntimeDefault - the container runtime's default profile. Unconfined - no AppArmor enforcement.
        :param localhost_profile: localhostProfile indicates a profile loaded on the node that should be used. The profile must be preconfigured on the node to work. Must match the loaded name of the profile. Must be set if and only if type is "Localhost".

        :schema: HelmChartSpecSecurityContextAppArmorProfile
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "type": type,
        }
        if localhost_profile is not None:
            self._values["localhost_profile"] = localhost_profile

    @builtins.property
    def type(self) -> builtins.str:
        '''type indicates which kind of AppArmor profile will be applied.

        Valid options are:
        Localhost - a profile pre-loaded on the node.
        RuntimeDefault - the container runtime's default profile.
        Unconfined - no AppArmor enforcement.

        :schema: HelmChartSpecSecurityContextAppArmorProfile#type
        '''
        result = self._values.get("type")
        assert result is not None, "Required property 'type' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def localhost_profile(self) -> typing.Optional[builtins.str]:
        '''localhostProfile indicates a profile loaded on the node that should be used.

        The profile must be preconfigured on the node to work.
        Must match the loaded name of the profile.
        Must be set if and only if type is "Localhost".

        :schema: HelmChartSpecSecurityContextAppArmorProfile#localhostProfile
        '''
        result = self._values.get("localhost_profile")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContextAppArmorProfile(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContextCapabilities",
    jsii_struct_bases=[],
    name_mapping={"add": "add", "drop": "drop"},
)
class HelmChartSpecSecurityContextCapabilities:
    def __init__(
        self,
        *,
        add: typing.Optional[typing.Sequence[builtins.str]] = None,
        drop: typing.Optional[typing.Sequence[builtins.str]] = None,
    ) -> None:
        '''The capabilities to add/drop when running containers.

        Defaults to the default set of capabilities granted by the container runtime.
        Note that this field cannot be set when spec.os.name is windows.

        :param add: Added capabilities.
        :param drop: Removed capabilities.

        :default: the default set of capabilities granted by the container runtime.

        :schema: HelmChartSpecSecurityContextCapabilities
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if add is not None:
            self._values["add"] = add
        if drop is not None:
            self._values["drop"] = drop

    @builtins.property
    def add(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Added capabilities.

        :schema: HelmChartSpecSecurityContextCapabilities#add
        '''
        result = self._values.get("add")
        return typing.cast("typing.Optional[typing.List[builtins.str]]", result)

    @builtins.property
    def drop(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Removed capabilities.

        :schema: HelmChartSpecSecurityContextCapabilities#drop
        '''
        result = self._values.get("drop")
        return typing.cast("typing.Optional[typing.List[builtins.str]]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContextCapabilities(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContextSeLinuxOptions",
    jsii_struct_bases=[],
    name_mapping={"level": "level", "role": "role", "type": "type", "user": "user"},
)
class HelmChartSpecSecurityContextSeLinuxOptions:
    def __init__(
        self,
        *,
        level: typing.Optional[builtins.str] = None,
        role: typing.Optional[builtins.str] = None,
        type: typing.Optional[builtins.str] = None,
        user: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The SELinux context to be applied to the container.

        If unspecified, the container runtime will allocate a random SELinux context for each
        container.  May also be set in PodSecurityContext.  If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is windows.

        :param level: Level is SELinux level label that applies to the container.
        :param role: Role is a SELinux role label that applies to the container.
        :param type: Type is a SELinux type label that applies to the container.
        :param user: User is a SELinux user label that applies to the container.

        :schema: HelmChartSpecSecurityContextSeLinuxOptions
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if level is not None:
            self._values["level"] = level
        if role is not None:
            self._values["role"] = role
        if type is not None:
            self._values["type"] = type
        if user is not None:
            self._values["user"] = user

    @builtins.property
    def level(self) -> typing.Optional[builtins.str]:
        '''Level is SELinux level label that applies to the container.

        :schema: HelmChartSpecSecurityContextSeLinuxOptions#level
        '''
        result = self._values.get("level")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def role(self) -> typing.Optional[builtins.str]:
        '''Role is a SELinux role label that applies to the container.

        :schema: HelmChartSpecSecurityContextSeLinuxOptions#role
        '''
        result = self._values.get("role")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def type(self) -> typing.Optional[builtins.str]:
        '''Type is a SELinux type label that applies to the container.

        :schema: HelmChartSpecSecurityContextSeLinuxOptions#type
        '''
        result = self._values.get("type")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def user(self) -> typing.Optional[builtins.str]:
        '''User is a SELinux user label that applies to the container.

        :schema: HelmChartSpecSecurityContextSeLinuxOptions#user
        '''
        result = self._values.get("user")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContextSeLinuxOptions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContextSeccompProfile",
    jsii_struct_bases=[],
    name_mapping={"type": "type", "localhost_profile": "localhostProfile"},
)
class HelmChartSpecSecurityContextSeccompProfile:
    def __init__(
        self,
        *,
        type: builtins.str,
        localhost_profile: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The seccomp options to use by this container.

        If seccomp options are
        provided at both the pod & container level, the container options
        override the pod options.
        Note that this field cannot be set when spec.os.name is windows.

        :param type: type indicates which kind of seccomp profile will be applied. Valid options are:. Localhost - a profile defined in a file on the node should be used. RuntimeDefault - the container runtime default profile should be used. Unconfined - no profile should be applied.
        :param localhost_profile: localhostProfile indicates a profile defined in a file on the node should be used. The profile must be preconfigured on the node to work. Must be a descending path, relative to the kubelet's configured seccomp profile location. Must be set if type is "Localhost". Must NOT be set for any other type.

        :schema: HelmChartSpecSecurityContextSeccompProfile
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "type": type,
        }
        if localhost_profile is not None:
            self._values["localhost_profile"] = localhost_profile

    @builtins.property
    def type(self) -> builtins.str:
        '''type indicates which kind of seccomp profile will be applied. Valid options are:.

        Localhost - a profile defined in a file on the node should be used.
        RuntimeDefault - the container runtime default profile should be used.
        Unconfined - no profile should be applied.

        :schema: HelmChartSpecSecurityContextSeccompProfile#type
        '''
        result = self._values.get("type")
        assert result is not None, "Required property 'type' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def localhost_profile(self) -> typing.Optional[builtins.str]:
        '''localhostProfile indicates a profile defined in a file on the node should be used.

        The profile must be preconfigured on the node to work.
        Must be a descending path, relative to the kubelet's configured seccomp profile location.
        Must be set if type is "Localhost". Must NOT be set for any other type.

        :schema: HelmChartSpecSecurityContextSeccompProfile#localhostProfile
        '''
        result = self._values.get("localhost_profile")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContextSeccompProfile(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecSecurityContextWindowsOptions",
    jsii_struct_bases=[],
    name_mapping={
        "gmsa_credential_spec": "gmsaCredentialSpec",
        "gmsa_credential_spec_name": "gmsaCredentialSpecName",
        "host_process": "hostProcess",
        "run_as_user_name": "runAsUserName",
    },
)
class HelmChartSpecSecurityContextWindowsOptions:
    def __init__(
        self,
        *,
        gmsa_credential_spec: typing.Optional[builtins.str] = None,
        gmsa_credential_spec_name: typing.Optional[builtins.str] = None,
        host_process: typing.Optional[builtins.bool] = None,
        run_as_user_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The Windows specific settings applied to all containers.

        If unspecified, the options from the PodSecurityContext will be used.
        If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence.
        Note that this field cannot be set when spec.os.name is linux.

        :param gmsa_credential_spec: GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.
        :param gmsa_credential_spec_name: GMSACredentialSpecName is the name of the GMSA credential spec to use.
        :param host_process: HostProcess determines if a container should be run as a 'Host Process' container. All of a Pod's containers must have the same effective HostProcess value (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers). In addition, if HostProcess is true then HostNetwork must also be set to true.
        :param run_as_user_name: The UserName in Windows to run the entrypoint of the container process. Defaults to the user specified in image metadata if unspecified. May also be set in PodSecurityContext. If set in both SecurityContext and PodSecurityContext, the value specified in SecurityContext takes precedence. Default: the user specified in image metadata if unspecified.

        :schema: HelmChartSpecSecurityContextWindowsOptions
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if gmsa_credential_spec is not None:
            self._values["gmsa_credential_spec"] = gmsa_credential_spec
        if gmsa_credential_spec_name is not None:
            self._values["gmsa_credential_spec_name"] = gmsa_credential_spec_name
        if host_process is not None:
            self._values["host_process"] = host_process
        if run_as_user_name is not None:
            self._values["run_as_user_name"] = run_as_user_name

    @builtins.property
    def gmsa_credential_spec(self) -> typing.Optional[builtins.str]:
        '''GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.

        :schema: HelmChartSpecSecurityContextWindowsOptions#gmsaCredentialSpec
        '''
        result = self._values.get("gmsa_credential_spec")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def gmsa_credential_spec_name(self) -> typing.Optional[builtins.str]:
        '''GMSACredentialSpecName is the name of the GMSA credential spec to use.

        :schema: HelmChartSpecSecurityContextWindowsOptions#gmsaCredentialSpecName
        '''
        result = self._values.get("gmsa_credential_spec_name")
        return typing.cast("typing.Optional[builtins.str]", result)

    @builtins.property
    def host_process(self) -> typing.Optional[builtins.bool]:
        '''HostProcess determines if a container should be run as a 'Host Process' container.

        All of a Pod's containers must have the same effective HostProcess value
        (it is not allowed to have a mix of HostProcess containers and non-HostProcess containers).
        In addition, if HostProcess is true then HostNetwork must also be set to true.

        :schema: HelmChartSpecSecurityContextWindowsOptions#hostProcess
        '''
        result = self._values.get("host_process")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def run_as_user_name(self) -> typing.Optional[builtins.str]:
        '''The UserName in Windows to run the entrypoint of the container process.

        Defaults to the user specified in image metadata if unspecified.
        May also be set in PodSecurityContext. If set in both SecurityContext and
        PodSecurityContext, the value specified in SecurityContext takes precedence.

        :default: the user specified in image metadata if unspecified.

        :schema: HelmChartSpecSecurityContextWindowsOptions#runAsUserName
        '''
        result = self._values.get("run_as_user_name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecSecurityContextWindowsOptions(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.enum(jsii_type="iocattlehelm.HelmChartSpecServerSide")
class HelmChartSpecServerSide(enum.Enum):
    '''Set to true if helm should enable server-side apply when updating objects.

    Defaults to ``true`` for install, and ``auto`` for upgrade.

    - ``true`` enables server-side apply.
    - ``false`` disables server-side apply.
    - ``auto`` enables server-side apply if the chart was installed with server-side apply enabled.
      Helm CLI positional argument/flag: ``--server-side``

    :default: true``for install, and``auto` for upgrade.

    :schema: HelmChartSpecServerSide
    '''

    TRUE = "TRUE"
    '''true.'''
    FALSE = "FALSE"
    '''false.'''
    AUTO = "AUTO"
    '''auto.'''


class HelmChartSpecSet(
    metaclass=jsii.JSIIMeta,
    jsii_type="iocattlehelm.HelmChartSpecSet",
):
    '''
    :schema: HelmChartSpecSet
    '''

    @jsii.member(jsii_name="fromNumber")
    @builtins.classmethod
    def from_number(cls, value: jsii.Number) -> "HelmChartSpecSet":
        '''
        :param value: -
        '''
        return typing.cast("HelmChartSpecSet", jsii.sinvoke(cls, "fromNumber", [value]))

    @jsii.member(jsii_name="fromString")
    @builtins.classmethod
    def from_string(cls, value: builtins.str) -> "HelmChartSpecSet":
        '''
        :param value: -
        '''
        return typing.cast("HelmChartSpecSet", jsii.sinvoke(cls, "fromString", [value]))

    @builtins.property
    @jsii.member(jsii_name="value")
    def value(self) -> typing.Union[builtins.str, jsii.Number]:
        return typing.cast("typing.Union[builtins.str, jsii.Number]", jsii.get(self, "value"))


@jsii.data_type(
    jsii_type="iocattlehelm.HelmChartSpecValuesSecrets",
    jsii_struct_bases=[],
    name_mapping={"ignore_updates": "ignoreUpdates", "keys": "keys", "name": "name"},
)
class HelmChartSpecValuesSecrets:
    def __init__(
        self,
        *,
        ignore_updates: typing.Optional[builtins.bool] = None,
        keys: typing.Optional[typing.Sequence[builtins.str]] = None,
        name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''SecretSpec describes a key in a secret to load chart values from.

        :param ignore_updates: Ignore changes to the secret, and mark the secret as optional. By default, the secret must exist, and changes to the secret will trigger an upgrade of the chart to apply the updated values. If ``ignoreUpdates`` is true, the secret is optional, and changes to the secret will not trigger an upgrade of the chart.
        :param keys: Keys to read values content from. If no keys are specified, the secret is not used.
        :param name: Name of the secret. Must be in the same namespace as the HelmChart resource.

        :schema: HelmChartSpecValuesSecrets
        '''
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if ignore_updates is not None:
            self._values["ignore_updates"] = ignore_updates
        if keys is not None:
            self._values["keys"] = keys
        if name is not None:
            self._values["name"] = name

    @builtins.property
    def ignore_updates(self) -> typing.Optional[builtins.bool]:
        '''Ignore changes to the secret, and mark the secret as optional.

        By default, the secret must exist, and changes to the secret will trigger an upgrade of the chart to apply the updated values.
        If ``ignoreUpdates`` is true, the secret is optional, and changes to the secret will not trigger an upgrade of the chart.

        :schema: HelmChartSpecValuesSecrets#ignoreUpdates
        '''
        result = self._values.get("ignore_updates")
        return typing.cast("typing.Optional[builtins.bool]", result)

    @builtins.property
    def keys(self) -> typing.Optional[typing.List[builtins.str]]:
        '''Keys to read values content from.

        If no keys are specified, the secret is not used.

        :schema: HelmChartSpecValuesSecrets#keys
        '''
        result = self._values.get("keys")
        return typing.cast("typing.Optional[typing.List[builtins.str]]", result)

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''Name of the secret.

        Must be in the same namespace as the HelmChart resource.

        :schema: HelmChartSpecValuesSecrets#name
        '''
        result = self._values.get("name")
        return typing.cast("typing.Optional[builtins.str]", result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HelmChartSpecValuesSecrets(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "HelmChart",
    "HelmChartConfig",
    "HelmChartConfigProps",
    "HelmChartConfigSpec",
    "HelmChartConfigSpecFailurePolicy",
    "HelmChartConfigSpecServerSide",
    "HelmChartConfigSpecValuesSecrets",
    "HelmChartProps",
    "HelmChartSpec",
    "HelmChartSpecAuthSecret",
    "HelmChartSpecDockerRegistrySecret",
    "HelmChartSpecDriver",
    "HelmChartSpecFailurePolicy",
    "HelmChartSpecPodSecurityContext",
    "HelmChartSpecPodSecurityContextAppArmorProfile",
    "HelmChartSpecPodSecurityContextSeLinuxOptions",
    "HelmChartSpecPodSecurityContextSeccompProfile",
    "HelmChartSpecPodSecurityContextSysctls",
    "HelmChartSpecPodSecurityContextWindowsOptions",
    "HelmChartSpecRepoCaConfigMap",
    "HelmChartSpecSecurityContext",
    "HelmChartSpecSecurityContextAppArmorProfile",
    "HelmChartSpecSecurityContextCapabilities",
    "HelmChartSpecSecurityContextSeLinuxOptions",
    "HelmChartSpecSecurityContextSeccompProfile",
    "HelmChartSpecSecurityContextWindowsOptions",
    "HelmChartSpecServerSide",
    "HelmChartSpecSet",
    "HelmChartSpecValuesSecrets",
]

publication.publish()
