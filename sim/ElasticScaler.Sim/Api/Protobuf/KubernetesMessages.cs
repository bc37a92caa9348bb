namespace ElasticScaler.Sim.Api.Protobuf;

/// <summary>
/// The field numbers of the Kubernetes v1.32 messages the sim decodes from protobuf bodies, in our own compact form
/// (the numbers are those of k8s.io/api's and k8s.io/apimachinery's published generated.proto; the JSON names and
/// which fields keep a zero value follow their Go types' json tags). The grammar is <see cref="ProtoSchema.Parse"/>'s.
/// The roots are the kinds kubectl's generators send (create deployment|service|secret|serviceaccount|configmap|
/// namespace|role|rolebinding|clusterrole|clusterrolebinding, debug, auth can-i, auth whoami) and every message they
/// reach, except fields marked '-': volume sources for clouds and storage systems, ephemeral containers, dynamic
/// resource claims, Windows options, managedFields and container statuses, which a body carrying them has refused.
/// </summary>
internal static class KubernetesMessages
{
    /// <summary>One protobuf package: the short name other packages' references use, its full name, its messages.</summary>
    internal sealed record Package(string Short, string FullName, string Table);

    public static readonly IReadOnlyList<Package> Packages =
    [
        new("meta", "k8s.io.apimachinery.pkg.apis.meta.v1", """
            ObjectMeta: 1 name string; 2 generateName string; 3 namespace string; 4 selfLink string; 5 uid string;
                6 resourceVersion string; 7 generation int64; 8 creationTimestamp time; 9 deletionTimestamp time!;
                10 deletionGracePeriodSeconds int64!; 11 labels map; 12 annotations map;
                13 ownerReferences []OwnerReference; 14 finalizers []string; 17 managedFields []-
            OwnerReference: 1 kind string!; 3 name string!; 4 uid string!; 5 apiVersion string!; 6 controller bool!;
                7 blockOwnerDeletion bool!
            LabelSelector: 1 matchLabels map; 2 matchExpressions []LabelSelectorRequirement
            Condition: 1 type string!; 2 status string!; 3 observedGeneration int64; 4 lastTransitionTime time!;
                5 reason string!; 6 message string!
            LabelSelectorRequirement: 1 key string!; 2 operator string!; 3 values []string
            FieldSelectorRequirement: 1 key string!; 2 operator string!; 3 values []string
            """),
        new("core", "k8s.io.api.core.v1", """
            Pod: 1 metadata meta.ObjectMeta; 2 spec PodSpec; 3 status PodStatus
            Service: 1 metadata meta.ObjectMeta; 2 spec ServiceSpec; 3 status ServiceStatus
            Secret: 1 metadata meta.ObjectMeta; 2 data map:bytes; 3 type string; 4 stringData map; 5 immutable bool!
            ServiceAccount: 1 metadata meta.ObjectMeta; 2 secrets []ObjectReference;
                3 imagePullSecrets []LocalObjectReference; 4 automountServiceAccountToken bool!
            ConfigMap: 1 metadata meta.ObjectMeta; 2 data map; 3 binaryData map:bytes; 4 immutable bool!
            Namespace: 1 metadata meta.ObjectMeta; 2 spec NamespaceSpec; 3 status NamespaceStatus
            PodSpec: 1 volumes []Volume; 2 containers []Container; 3 restartPolicy string;
                4 terminationGracePeriodSeconds int64!; 5 activeDeadlineSeconds int64!; 6 dnsPolicy string;
                7 nodeSelector map; 8 serviceAccountName string; 9 serviceAccount string; 10 nodeName string;
                11 hostNetwork bool; 12 hostPID bool; 13 hostIPC bool; 14 securityContext PodSecurityContext;
                15 imagePullSecrets []LocalObjectReference; 16 hostname string; 17 subdomain string;
                18 affinity Affinity; 19 schedulerName string; 20 initContainers []Container;
                21 automountServiceAccountToken bool!; 22 tolerations []Toleration; 23 hostAliases []HostAlias;
                24 priorityClassName string; 25 priority int32!; 26 dnsConfig PodDNSConfig;
                27 shareProcessNamespace bool!; 28 readinessGates []PodReadinessGate; 29 runtimeClassName string!;
                30 enableServiceLinks bool!; 31 preemptionPolicy string!; 32 overhead map:quantity;
                33 topologySpreadConstraints []TopologySpreadConstraint; 34 ephemeralContainers []-;
                35 setHostnameAsFQDN bool!; 36 os PodOS; 37 hostUsers bool!; 38 schedulingGates []PodSchedulingGate;
                39 resourceClaims []-; 40 resources ResourceRequirements
            PodStatus: 1 phase string; 2 conditions []PodCondition; 3 message string; 4 reason string;
                5 hostIP string; 6 podIP string; 7 startTime time!; 8 containerStatuses []-; 9 qosClass string;
                10 initContainerStatuses []-; 11 nominatedNodeName string; 12 podIPs []PodIP;
                13 ephemeralContainerStatuses []-; 14 resize string; 15 resourceClaimStatuses []-; 16 hostIPs []HostIP
            ServiceSpec: 1 ports []ServicePort; 2 selector map; 3 clusterIP string; 4 type string;
                5 externalIPs []string; 7 sessionAffinity string; 8 loadBalancerIP string;
                9 loadBalancerSourceRanges []string; 10 externalName string; 11 externalTrafficPolicy string;
                12 healthCheckNodePort int32; 13 publishNotReadyAddresses bool;
                14 sessionAffinityConfig SessionAffinityConfig; 17 ipFamilyPolicy string!; 18 clusterIPs []string;
                19 ipFamilies []string; 20 allocateLoadBalancerNodePorts bool!; 21 loadBalancerClass string!;
                22 internalTrafficPolicy string!; 23 trafficDistribution string!
            ServiceStatus: 1 loadBalancer LoadBalancerStatus; 2 conditions []meta.Condition
            ObjectReference: 1 kind string; 2 namespace string; 3 name string; 4 uid string; 5 apiVersion string;
                6 resourceVersion string; 7 fieldPath string
            LocalObjectReference: 1 name string
            NamespaceSpec: 1 finalizers []string
            NamespaceStatus: 1 phase string; 2 conditions []NamespaceCondition
            PodTemplateSpec: 1 metadata meta.ObjectMeta; 2 spec PodSpec
            Volume: 1 name string!; 2 volumeSource inline:VolumeSource
            Container: 1 name string!; 2 image string; 3 command []string; 4 args []string; 5 workingDir string;
                6 ports []ContainerPort; 7 env []EnvVar; 8 resources ResourceRequirements;
                9 volumeMounts []VolumeMount; 10 livenessProbe Probe; 11 readinessProbe Probe; 12 lifecycle Lifecycle;
                13 terminationMessagePath string; 14 imagePullPolicy string; 15 securityContext SecurityContext;
                16 stdin bool; 17 stdinOnce bool; 18 tty bool; 19 envFrom []EnvFromSource;
                20 terminationMessagePolicy string; 21 volumeDevices []VolumeDevice; 22 startupProbe Probe;
                23 resizePolicy []ContainerResizePolicy; 24 restartPolicy string!
            PodSecurityContext: 1 seLinuxOptions SELinuxOptions; 2 runAsUser int64!; 3 runAsNonRoot bool!;
                4 supplementalGroups []int64; 5 fsGroup int64!; 6 runAsGroup int64!; 7 sysctls []Sysctl;
                8 windowsOptions -; 9 fsGroupChangePolicy string!; 10 seccompProfile SeccompProfile;
                11 appArmorProfile AppArmorProfile; 12 supplementalGroupsPolicy string!;
                13 seLinuxChangePolicy string!
            Affinity: 1 nodeAffinity NodeAffinity; 2 podAffinity PodAffinity; 3 podAntiAffinity PodAntiAffinity
            Toleration: 1 key string; 2 operator string; 3 value string; 4 effect string; 5 tolerationSeconds int64!
            HostAlias: 1 ip string!; 2 hostnames []string
            PodDNSConfig: 1 nameservers []string; 2 searches []string; 3 options []PodDNSConfigOption
            PodReadinessGate: 1 conditionType string!
            TopologySpreadConstraint: 1 maxSkew int32!; 2 topologyKey string!; 3 whenUnsatisfiable string!;
                4 labelSelector meta.LabelSelector; 5 minDomains int32!; 6 nodeAffinityPolicy string!;
                7 nodeTaintsPolicy string!; 8 matchLabelKeys []string
            PodOS: 1 name string!
            PodSchedulingGate: 1 name string!
            ResourceRequirements: 1 limits map:quantity; 2 requests map:quantity; 3 claims []-
            PodCondition: 1 type string!; 2 status string!; 3 lastProbeTime time; 4 lastTransitionTime time;
                5 reason string; 6 message string
            HostIP: 1 ip string!
            PodIP: 1 ip string!
            ServicePort: 1 name string; 2 protocol string; 3 port int32!; 4 targetPort intstr; 5 nodePort int32;
                6 appProtocol string!
            SessionAffinityConfig: 1 clientIP ClientIPConfig
            LoadBalancerStatus: 1 ingress []LoadBalancerIngress
            NamespaceCondition: 1 type string!; 2 status string!; 4 lastTransitionTime time; 5 reason string;
                6 message string
            VolumeSource: 1 hostPath HostPathVolumeSource; 2 emptyDir EmptyDirVolumeSource; 3 gcePersistentDisk -;
                4 awsElasticBlockStore -; 5 gitRepo -; 6 secret SecretVolumeSource; 7 nfs NFSVolumeSource; 8 iscsi -;
                9 glusterfs -; 10 persistentVolumeClaim PersistentVolumeClaimVolumeSource; 11 rbd -; 12 flexVolume -;
                13 cinder -; 14 cephfs -; 15 flocker -; 16 downwardAPI DownwardAPIVolumeSource; 17 fc -;
                18 azureFile -; 19 configMap ConfigMapVolumeSource; 20 vsphereVolume -; 21 quobyte -; 22 azureDisk -;
                23 photonPersistentDisk -; 24 portworxVolume -; 25 scaleIO -; 26 projected ProjectedVolumeSource;
                27 storageos -; 28 csi -; 29 ephemeral -; 30 image -
            ContainerPort: 1 name string; 2 hostPort int32; 3 containerPort int32!; 4 protocol string; 5 hostIP string
            EnvFromSource: 1 prefix string; 2 configMapRef ConfigMapEnvSource; 3 secretRef SecretEnvSource
            EnvVar: 1 name string!; 2 value string; 3 valueFrom EnvVarSource
            ContainerResizePolicy: 1 resourceName string!; 2 restartPolicy string!
            VolumeMount: 1 name string!; 2 readOnly bool; 3 mountPath string!; 4 subPath string;
                5 mountPropagation string!; 6 subPathExpr string; 7 recursiveReadOnly string!
            VolumeDevice: 1 name string!; 2 devicePath string!
            Probe: 1 probeHandler inline:ProbeHandler; 2 initialDelaySeconds int32; 3 timeoutSeconds int32;
                4 periodSeconds int32; 5 successThreshold int32; 6 failureThreshold int32;
                7 terminationGracePeriodSeconds int64!
            Lifecycle: 1 postStart LifecycleHandler; 2 preStop LifecycleHandler
            SecurityContext: 1 capabilities Capabilities; 2 privileged bool!; 3 seLinuxOptions SELinuxOptions;
                4 runAsUser int64!; 5 runAsNonRoot bool!; 6 readOnlyRootFilesystem bool!;
                7 allowPrivilegeEscalation bool!; 8 runAsGroup int64!; 9 procMount string!; 10 windowsOptions -;
                11 seccompProfile SeccompProfile; 12 appArmorProfile AppArmorProfile
            SELinuxOptions: 1 user string; 2 role string; 3 type string; 4 level string
            Sysctl: 1 name string!; 2 value string!
            SeccompProfile: 1 type string!; 2 localhostProfile string!
            AppArmorProfile: 1 type string!; 2 localhostProfile string!
            NodeAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution NodeSelector;
                2 preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm
            PodAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm;
                2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
            PodAntiAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm;
                2 preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
            PodDNSConfigOption: 1 name string; 2 value string!
            ClientIPConfig: 1 timeoutSeconds int32!
            LoadBalancerIngress: 1 ip string; 2 hostname string; 3 ipMode string!; 4 ports []PortStatus
            HostPathVolumeSource: 1 path string!; 2 type string!
            EmptyDirVolumeSource: 1 medium string; 2 sizeLimit quantity!
            SecretVolumeSource: 1 secretName string; 2 items []KeyToPath; 3 defaultMode int32!; 4 optional bool!
            NFSVolumeSource: 1 server string!; 2 path string!; 3 readOnly bool
            PersistentVolumeClaimVolumeSource: 1 claimName string!; 2 readOnly bool
            DownwardAPIVolumeSource: 1 items []DownwardAPIVolumeFile; 2 defaultMode int32!
            ConfigMapVolumeSource: 1 localObjectReference inline:LocalObjectReference; 2 items []KeyToPath;
                3 defaultMode int32!; 4 optional bool!
            ProjectedVolumeSource: 1 sources []VolumeProjection; 2 defaultMode int32!
            ConfigMapEnvSource: 1 localObjectReference inline:LocalObjectReference; 2 optional bool!
            SecretEnvSource: 1 localObjectReference inline:LocalObjectReference; 2 optional bool!
            EnvVarSource: 1 fieldRef ObjectFieldSelector; 2 resourceFieldRef ResourceFieldSelector;
                3 configMapKeyRef ConfigMapKeySelector; 4 secretKeyRef SecretKeySelector
            ProbeHandler: 1 exec ExecAction; 2 httpGet HTTPGetAction; 3 tcpSocket TCPSocketAction; 4 grpc GRPCAction
            LifecycleHandler: 1 exec ExecAction; 2 httpGet HTTPGetAction; 3 tcpSocket TCPSocketAction;
                4 sleep SleepAction
            Capabilities: 1 add []string; 2 drop []string
            NodeSelector: 1 nodeSelectorTerms []NodeSelectorTerm
            PreferredSchedulingTerm: 1 weight int32!; 2 preference NodeSelectorTerm
            PodAffinityTerm: 1 labelSelector meta.LabelSelector; 2 namespaces []string; 3 topologyKey string!;
                4 namespaceSelector meta.LabelSelector; 5 matchLabelKeys []string; 6 mismatchLabelKeys []string
            WeightedPodAffinityTerm: 1 weight int32!; 2 podAffinityTerm PodAffinityTerm
            PortStatus: 1 port int32!; 2 protocol string!; 3 error string!
            KeyToPath: 1 key string!; 2 path string!; 3 mode int32!
            DownwardAPIVolumeFile: 1 path string!; 2 fieldRef ObjectFieldSelector;
                3 resourceFieldRef ResourceFieldSelector; 4 mode int32!
            VolumeProjection: 1 secret SecretProjection; 2 downwardAPI DownwardAPIProjection;
                3 configMap ConfigMapProjection; 4 serviceAccountToken ServiceAccountTokenProjection;
                5 clusterTrustBundle -
            ObjectFieldSelector: 1 apiVersion string; 2 fieldPath string!
            ResourceFieldSelector: 1 containerName string; 2 resource string!; 3 divisor quantity
            ConfigMapKeySelector: 1 localObjectReference inline:LocalObjectReference; 2 key string!; 3 optional bool!
            SecretKeySelector: 1 localObjectReference inline:LocalObjectReference; 2 key string!; 3 optional bool!
            ExecAction: 1 command []string
            HTTPGetAction: 1 path string; 2 port intstr!; 3 host string; 4 scheme string; 5 httpHeaders []HTTPHeader
            TCPSocketAction: 1 port intstr!; 2 host string
            GRPCAction: 1 port int32!; 2 service string!
            SleepAction: 1 seconds int64!
            NodeSelectorTerm: 1 matchExpressions []NodeSelectorRequirement; 2 matchFields []NodeSelectorRequirement
            SecretProjection: 1 localObjectReference inline:LocalObjectReference; 2 items []KeyToPath;
                4 optional bool!
            DownwardAPIProjection: 1 items []DownwardAPIVolumeFile
            ConfigMapProjection: 1 localObjectReference inline:LocalObjectReference; 2 items []KeyToPath;
                4 optional bool!
            ServiceAccountTokenProjection: 1 audience string; 2 expirationSeconds int64!; 3 path string!
            HTTPHeader: 1 name string!; 2 value string!
            NodeSelectorRequirement: 1 key string!; 2 operator string!; 3 values []string
            """),
        new("apps", "k8s.io.api.apps.v1", """
            Deployment: 1 metadata meta.ObjectMeta; 2 spec DeploymentSpec; 3 status DeploymentStatus
            DeploymentSpec: 1 replicas int32!; 2 selector meta.LabelSelector; 3 template core.PodTemplateSpec;
                4 strategy DeploymentStrategy; 5 minReadySeconds int32; 6 revisionHistoryLimit int32!; 7 paused bool;
                9 progressDeadlineSeconds int32!
            DeploymentStatus: 1 observedGeneration int64; 2 replicas int32; 3 updatedReplicas int32;
                4 availableReplicas int32; 5 unavailableReplicas int32; 6 conditions []DeploymentCondition;
                7 readyReplicas int32; 8 collisionCount int32!
            DeploymentStrategy: 1 type string; 2 rollingUpdate RollingUpdateDeployment
            DeploymentCondition: 1 type string!; 2 status string!; 4 reason string; 5 message string;
                6 lastUpdateTime time; 7 lastTransitionTime time
            RollingUpdateDeployment: 1 maxUnavailable intstr!; 2 maxSurge intstr!
            """),
        new("rbac", "k8s.io.api.rbac.v1", """
            Role: 1 metadata meta.ObjectMeta; 2 rules []PolicyRule
            ClusterRole: 1 metadata meta.ObjectMeta; 2 rules []PolicyRule; 3 aggregationRule AggregationRule
            RoleBinding: 1 metadata meta.ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef
            ClusterRoleBinding: 1 metadata meta.ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef
            PolicyRule: 1 verbs []string; 2 apiGroups []string; 3 resources []string; 4 resourceNames []string;
                5 nonResourceURLs []string
            AggregationRule: 1 clusterRoleSelectors []meta.LabelSelector
            Subject: 1 kind string!; 2 apiGroup string; 3 name string!; 4 namespace string
            RoleRef: 1 apiGroup string!; 2 kind string!; 3 name string!
            """),
        new("authorization", "k8s.io.api.authorization.v1", """
            SelfSubjectAccessReview: 1 metadata meta.ObjectMeta; 2 spec SelfSubjectAccessReviewSpec;
                3 status SubjectAccessReviewStatus
            SelfSubjectAccessReviewSpec: 1 resourceAttributes ResourceAttributes;
                2 nonResourceAttributes NonResourceAttributes
            SubjectAccessReviewStatus: 1 allowed bool!; 2 reason string; 3 evaluationError string; 4 denied bool
            ResourceAttributes: 1 namespace string; 2 verb string; 3 group string; 4 version string;
                5 resource string; 6 subresource string; 7 name string; 8 fieldSelector FieldSelectorAttributes;
                9 labelSelector LabelSelectorAttributes
            NonResourceAttributes: 1 path string; 2 verb string
            FieldSelectorAttributes: 1 rawSelector string; 2 requirements []meta.FieldSelectorRequirement
            LabelSelectorAttributes: 1 rawSelector string; 2 requirements []meta.LabelSelectorRequirement
            """),
        new("authentication", "k8s.io.api.authentication.v1", """
            SelfSubjectReview: 1 metadata meta.ObjectMeta; 2 status SelfSubjectReviewStatus
            SelfSubjectReviewStatus: 1 userInfo UserInfo
            UserInfo: 1 username string; 2 uid string; 3 groups []string; 4 extra map:strings
            """),
    ];
}
